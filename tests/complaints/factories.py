"""Complaint test data, built through the services (they catch what factories skip): a desk of
users around one receiving department, and complaints walked to any state."""

from dataclasses import dataclass

from accounts.models import Department
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from complaints import services
from complaints.models import Channel, Complaint, ComplaintCategory, ComplaintClass
from tests.accounts.factories import DepartmentFactory, UserFactory

S = Complaint.Status


@dataclass
class Desk:
    """The people around complaints received by the market department."""

    department: Department
    receiver: object  # a member of the receiving department (staff)
    head: object  # the department head (not a member: only the head field links him)
    handler: object  # another member of the department
    co_handler: object  # 生产处, in its own department
    gm: object
    office: object


def make_desk() -> Desk:
    department = DepartmentFactory(code="market", name="市场部")
    production = DepartmentFactory(code="production", name="生产处")
    head = UserFactory(username="market_head", roles=["market_manager"],
                       department=DepartmentFactory(code="management", name="经理层"))
    department.head = head
    department.save()
    return Desk(
        department=department,
        receiver=UserFactory(username="receiver", roles=["staff"], department=department),
        head=head,
        handler=UserFactory(username="handler", roles=["staff"], department=department),
        co_handler=UserFactory(username="co_handler", roles=["production"],
                               department=production),
        gm=UserFactory(username="the_gm", roles=["gm"]),
        office=UserFactory(username="office_clerk", roles=["office"]),
    )


def category(code: str = "meter_reading") -> ComplaintCategory:
    return ComplaintCategory.objects.get(code=code)


def make_complaint(desk: Desk, *, quality: bool = False, category_code: str = "meter_reading",
                   **fields) -> Complaint:
    """A complaint registered by the desk's receiver (a caller not yet a customer unless a
    customer is given)."""
    values = {"caller_name": "王先生", "caller_phone": "13812345678"} | fields
    return services.complaint_register(
        by=desk.receiver, channel=values.pop("channel", Channel.PHONE),
        category=category(category_code), text=values.pop("text", "燃气表走得太快"),
        complaint_class=ComplaintClass.QUALITY if quality else ComplaintClass.SERVICE,
        **values)


def approve(complaint: Complaint, by, *, approve: bool = True, comment: str = "") -> None:
    """`by` decides the complaint's pending round."""
    request = pending_request_for(complaint)
    approval_decide(step=request.steps.get(status="pending"), by=by, approve=approve,
                    comment=comment or ("同意" if approve else "处理不彻底"))


RESULT = {"cause": "表具计量偏差", "measures": "更换表具并校验", "result": "已为用户更换新表",
          "cost": None}


def walk(complaint: Complaint, desk: Desk, until: str) -> Complaint:
    """Take `complaint` through the lifecycle, each step by its allowed user, up to `until`."""
    order = [S.REGISTERED, S.HANDLING, S.IN_APPROVAL, S.AWAITING_FEEDBACK, S.FEEDBACK_GIVEN,
             S.CALLED_BACK, S.CLOSED]
    steps = {
        S.HANDLING: lambda c: services.complaint_assign(
            complaint=c, by=desk.head, handler=desk.handler,
            co_handler=desk.co_handler if c.is_quality else None),
        S.IN_APPROVAL: lambda c: _submit(c, desk),
        S.AWAITING_FEEDBACK: lambda c: approve(c, desk.gm),
        S.FEEDBACK_GIVEN: lambda c: services.complaint_record_feedback(
            complaint=c, by=desk.office, method="phone", content="已更换表具，费用由公司承担",
            customer_reply="认可"),
        S.CALLED_BACK: lambda c: services.complaint_record_callback(
            complaint=c, by=desk.office, result="satisfied", comment="满意"),
        S.CLOSED: lambda c: services.complaint_close(complaint=c, by=desk.office),
    }
    for state in order[order.index(complaint.status) + 1:order.index(until) + 1]:
        steps[state](complaint)
        complaint.refresh_from_db()
    return complaint


def _submit(complaint: Complaint, desk: Desk):
    if complaint.is_quality and not complaint.co_handlings.filter(
            round=complaint.reopen_count).exists():
        services.complaint_record_co_handling(complaint=complaint, by=desk.co_handler,
                                              text="现场检测压力正常，表具误差超标")
    return services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)
