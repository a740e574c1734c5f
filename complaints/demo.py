"""Demo complaints for `seed_demo` (issue 11, point 9): every state of the lifecycle, one
waiting in the general manager's inbox, one rejected back to handling, one reopened after a
dissatisfied call-back, one overdue, a safety hazard, a web-form submission, and an incident
(停气) with three linked complaints. Built through complaints.services, so the timeline, the
history and the approval rounds are real. Run once: a second run finds the marked texts."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from complaints import services
from complaints.models import (
    CallbackResult,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintClass,
    FeedbackMethod,
    Urgency,
)
from complaints.reference import ensure_reference_data
from customers.demo import MARK as CUSTOMER_MARK
from customers.selectors import customer_list

MARK = "（演示）"
RESULT = {"cause": "表具计量齿轮磨损，计量偏快约 4%", "measures": "现场更换表具并送检旧表",
          "result": "已为用户更换新表，多收气费按检定结果退还", "cost": None}


class _Desk:
    """The demo's market department desk: staff registers and handles, the market manager
    heads the department, 生产处 co-handles, the GM approves, the office answers."""

    def __init__(self):
        users = {user.username: user for user in User.objects.filter(username__in=[
            "staff", "market_manager", "production", "gm", "office"])}
        self.staff, self.head = users["staff"], users["market_manager"]
        self.production, self.gm, self.office = (users["production"], users["gm"],
                                                 users["office"])
        self.now = timezone.now()

    def register(self, text: str, *, code: str = "meter_reading", quality: bool = False,
                 ago: datetime.timedelta = datetime.timedelta(hours=2), **fields) -> Complaint:
        values = {"caller_name": "王先生", "caller_phone": "13812345678"} | fields
        return services.complaint_register(
            by=self.staff, channel=values.pop("channel", Channel.PHONE),
            category=ComplaintCategory.objects.get(code=code), text=text + MARK,
            complaint_class=ComplaintClass.QUALITY if quality else ComplaintClass.SERVICE,
            received_at=self.now - ago, **values)

    def assign(self, complaint: Complaint) -> Complaint:
        services.complaint_assign(complaint=complaint, by=self.head, handler=self.staff,
                                  co_handler=self.production if complaint.is_quality else None)
        return self._fresh(complaint)

    def submit(self, complaint: Complaint, **result) -> Complaint:
        if complaint.is_quality and not complaint.co_handlings.filter(
                round=complaint.reopen_count).exists():
            services.complaint_record_co_handling(
                complaint=complaint, by=self.production,
                text="现场检测进户压力 1.8 kPa，调压器故障，已更换")
        services.complaint_submit(complaint=complaint, by=self.staff, **(RESULT | result))
        return self._fresh(complaint)

    def decide(self, complaint: Complaint, *, approve: bool = True, comment: str = "同意"):
        step = pending_request_for(complaint).steps.get(status="pending")
        approval_decide(step=step, by=self.gm, approve=approve, comment=comment)
        return self._fresh(complaint)

    def feedback(self, complaint: Complaint, content: str = "已电话告知处理结果") -> Complaint:
        services.complaint_record_feedback(complaint=complaint, by=self.office,
                                           method=FeedbackMethod.PHONE, content=content,
                                           customer_reply="表示认可")
        return self._fresh(complaint)

    def callback(self, complaint: Complaint, result: str, comment: str = "") -> Complaint:
        services.complaint_record_callback(complaint=complaint, by=self.office, result=result,
                                           comment=comment)
        return self._fresh(complaint)

    def respond(self, complaint: Complaint, note: str = "已电话联系投诉人") -> Complaint:
        services.complaint_respond(complaint=complaint, by=self.staff, note=note)
        return self._fresh(complaint)

    def answered(self, complaint: Complaint) -> Complaint:
        """Handled, submitted and approved: waiting for the office's feedback."""
        return self.decide(self.submit(self.assign(complaint)))

    @staticmethod
    def _fresh(complaint: Complaint) -> Complaint:
        complaint.refresh_from_db()
        return complaint


def _ensure_head(desk: _Desk) -> None:
    """The market manager heads the market department (his dashboard, the escalations),
    unless an administrator named another head."""
    market = Department.objects.get(code="market")
    if market.head_id is None:
        market.head = desk.head
        market._change_reason = "seed_demo"
        market.save()


def _incident(desk: _Desk) -> None:
    """停气: one incident, three callers linked to it; the incident's result is approved and
    waits for the office, whose feedback will be copied to the three."""
    incident = desk.register("幸福路片区中压管道抢修，整片停气，请尽快恢复供气", code="outage",
                             is_incident=True, caller_name="幸福路社区居委会",
                             caller_phone="087165551234", ago=datetime.timedelta(hours=6))
    for name, phone, text in (("李女士", "13700001111", "家里突然没气，做不了饭"),
                              ("陈先生", "13700002222", "停气没有提前通知"),
                              ("滇味米线馆", "087165553333", "停气影响营业，何时恢复")):
        child = desk.register(text, code="outage", caller_name=name, caller_phone=phone,
                              ago=datetime.timedelta(hours=5))
        services.complaint_link_incident(complaint=child, incident=incident, by=desk.staff)
    desk.answered(desk._fresh(incident))


@transaction.atomic
def seed(stdout=None) -> int:
    ensure_reference_data()
    if Complaint.objects.filter(text__endswith=MARK).exists():
        return 0
    desk = _Desk()
    _ensure_head(desk)
    customer = customer_list(user=desk.staff).filter(notes=CUSTOMER_MARK).first()
    days = datetime.timedelta(days=1)
    # 登记: from the public web form, waiting for the department to sort it.
    services.complaint_register_web(caller_name="赵女士", caller_phone="13900001111",
                                    caller_address="金江花园 3 栋 2 单元 501",
                                    text="抄表员连续三个月未上门，账单按估算收费" + MARK)
    # A safety hazard: gas smell, urgent, being handled (shown first everywhere).
    desk.respond(desk.assign(desk.register(
        "楼道内有明显燃气异味", code="gas_smell", caller_address="翠湖小区 6 栋楼道",
        ago=datetime.timedelta(minutes=20))), "抢修人员已出发")
    # 处理中, quality (§7.2): production co-handles; its part is not recorded yet.
    desk.respond(desk.assign(desk.register("早晚用气高峰火力很小", code="pressure",
                                           quality=True, urgency=Urgency.URGENT)))
    # Overdue: received three weeks ago, assigned, never answered.
    desk.assign(desk.register("报装后迟迟未安排施工", code="install_delay", ago=21 * days))
    # 待审批: waiting in the general manager's inbox.
    in_inbox = desk.register("燃气表走得太快，气费比去年同期多一倍", code="meter_fault",
                             **({"customer": customer, "caller_name": ""} if customer else {}))
    desk.submit(desk.assign(in_inbox))
    # Rejected by the GM: back to handling with the reason.
    desk.decide(desk.submit(desk.assign(desk.register("维修人员收费未开票", code="repair_charge"))),
                approve=False, comment="请核实收费依据并附退款凭证")
    # 待反馈, 已反馈, 已回访, 已关闭, and a reopened one (重办).
    desk.answered(desk.register("营业厅排队时间过长", code="attitude_counter", ago=days))
    desk.feedback(desk.answered(desk.register("热线电话长时间无人接听", code="attitude_hotline",
                                              ago=12 * days)))
    desk.callback(desk.feedback(desk.answered(desk.register(
        "上门安检人员未出示证件", code="attitude_field", ago=40 * days))),
        CallbackResult.SATISFIED, "满意")
    closed = desk.callback(desk.feedback(desk.answered(desk.register(
        "阶梯气价计算有误", code="price_billing", ago=75 * days))),
        CallbackResult.BASICALLY_SATISFIED, "基本满意，希望账单更清楚")
    services.complaint_close(complaint=closed, by=desk.office)
    desk.callback(desk.feedback(desk.answered(desk.register(
        "更换表具后仍然计量偏快", code="meter_fault", quality=True, ago=100 * days))),
        CallbackResult.DISSATISFIED, "更换后仍然偏快，要求再次检定")
    _incident(desk)
    count = Complaint.objects.filter(text__endswith=MARK).count()
    if stdout:
        stdout.write(f"Demo complaints: {count} (one waiting for the general manager).")
    return count
