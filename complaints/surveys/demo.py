"""Demo satisfaction surveys for `seed_demo` (issue 12): last year's campaign completed, its
report approved by the general manager and sent to the departments (one head has confirmed
receipt, one has not), the corrective action it drafted for its weak dimension (safety
service) assigned, done and verified, waiting for this year's figure; an action the office
opened by hand from a complaint trend, checked effective and closed; and this year's campaign
collecting, about half of its sample answered on paper, by telephone and on the web, with one
dimension below its required level. Built through the services, so the history, the approval
round and the frozen PDF are real. Run once: a second run finds the marked title."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from complaints.models import Complaint
from complaints.surveys.models import (
    Campaign,
    CorrectiveAction,
    Question,
    Questionnaire,
    Respondent,
    Response,
)
from complaints.surveys.reference import QUESTIONNAIRE_CODE, ensure_reference_data
from complaints.surveys.services import campaigns, capa, collection
from complaints.surveys.services import report as reports

MARK = "（演示）"
# The mean rating each dimension gets in the demo (the index is (mean − 1) / 4 × 100):
# last year safety service falls short of its 85; this year staff attitude falls short of 80.
LAST_YEAR = {"service_quality": 4.4, "package_price": 4.1, "company": 4.3, "safety": 4.0,
             "attitude": 4.4}
THIS_YEAR = {"service_quality": 4.5, "package_price": 4.2, "company": 4.4, "safety": 4.6,
             "attitude": 3.9}
COMMENTS = ("希望营业厅延长周末营业时间", "安检人员很专业", "账单看不懂，希望说明更清楚",
            "抢修很及时", "热线有时打不通", "")


def _rating(rng: random.Random, mean: float) -> int:
    """A rating 1–5 around `mean` (deterministic with the seeded generator)."""
    low = int(mean)
    return max(1, min(5, low + (1 if rng.random() < mean - low else 0)))


def _answers(questions: list[Question], rng: random.Random, means: dict[str, float]) -> dict:
    answers = {}
    for question in questions:
        if question.is_rating:
            answers[question.pk] = _rating(rng, means.get(question.dimension.code, 4.2))
        elif question.kind == Question.Kind.SINGLE:
            answers[question.pk] = rng.choice(list(question.choices.all())).pk
        elif question.kind == Question.Kind.MULTIPLE:
            choices = list(question.choices.all())
            answers[question.pk] = [c.pk for c in rng.sample(choices, min(2, len(choices)))]
        else:
            text = rng.choice(COMMENTS)
            if text:
                answers[question.pk] = text
    return answers


def _campaign(office, questionnaire, year: int, *, seed: int) -> Campaign:
    campaign = campaigns.campaign_create(by=office, title=f"{year}年度顾客满意度调查{MARK}",
                                         year=year, questionnaire=questionnaire)
    campaign = campaigns.campaign_draw_sample(campaign=campaign, by=office, seed=seed)
    return campaigns.campaign_start_collection(campaign=campaign, by=office)


def _collect(campaign: Campaign, office, questions, means, *, share: float, seed: int) -> None:
    """Answer `share` of the sample: paper, telephone and web in turn; mark a few refused or
    unreachable, invite and remind some of the rest."""
    rng = random.Random(seed)
    respondents = list(Respondent.objects.filter(campaign=campaign).order_by("code"))
    answering = int(len(respondents) * share)
    channels = (Response.Channel.PAPER, Response.Channel.PHONE, Response.Channel.WEB)
    for number, respondent in enumerate(respondents):
        answers = _answers(questions, rng, means)
        if number < answering:
            channel = channels[number % 3]
            if channel == Response.Channel.WEB:
                token = collection.respondent_invite(respondent=respondent, by=office)
                collection.response_submit_web(token=token, answers=answers)
            else:
                collection.response_enter(respondent=respondent, by=office, channel=channel,
                                          answers=answers)
        elif number == answering:
            collection.respondent_refuse(respondent=respondent, by=office, note="不愿参加")
        elif number == answering + 1:
            collection.respondent_unreachable(respondent=respondent, by=office,
                                              note="电话空号")
        elif number % 2:
            collection.respondent_invite(respondent=respondent, by=office)
            if number % 4 == 1:
                collection.respondent_remind(respondent=respondent, by=office,
                                             note="已短信提醒")


def _approved_report(campaign: Campaign, office, gm, departments):
    report = reports.report_create(campaign=campaign, by=office)
    report = reports.report_update(
        report=report, by=office, title=f"{campaign.year}年度顾客满意度调查分析报告",
        commentary="本次调查按客户类别分层抽样，回收率较高；服务质量、公司评价保持良好。",
        conclusions="安全服务满意度低于公司要求，需组织纠正措施：加强入户安检的预约与告知。",
        departments=departments)
    reports.report_submit(report=report, by=office, comment="请审批")
    step = pending_request_for(report).steps.get(status="pending")
    approval_decide(step=step, by=gm, approve=True, comment="同意，请各部门落实")
    report.refresh_from_db()
    return report


def _work_the_survey_action(report, office, owner) -> None:
    """The action drafted for the weak dimension: assigned, done, verified; it now waits for
    this year's report to check its effectiveness."""
    action = CorrectiveAction.objects.filter(report=report).order_by("pk").first()
    if action is None:
        return
    capa.action_assign(
        action=action, by=office, problem=action.problem,
        root_cause="入户安检未提前预约，客户不在家时未留通知；安检结果未向客户解释。",
        kind=CorrectiveAction.Kind.CORRECTIVE,
        measures="安检前一日电话或短信预约；未遇客户留安检通知卡；安检后向客户说明结果。",
        owner_department=owner.department, owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=30))
    action.refresh_from_db()
    capa.action_complete(action=action, by=owner, note="已制定预约制度并培训安检人员 32 人。")
    action.refresh_from_db()
    capa.action_verify(action=action, by=office, note="抽查 20 户预约记录，均已执行。")


def _action_from_complaints(office, owner) -> None:
    """The office opens an action by hand from the hotline complaints, and closes it."""
    complaints = list(Complaint.objects.filter(text__contains="热线")[:3])
    action = capa.action_open(by=office, problem="热线电话接通率低，多起投诉反映长时间无人接听。",
                              complaints=complaints)
    capa.action_assign(
        action=action, by=office, problem=action.problem, root_cause="高峰时段坐席不足。",
        kind=CorrectiveAction.Kind.CORRECTIVE, measures="高峰时段增加两个坐席并启用排队提示。",
        owner_department=owner.department, owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=14))
    action.refresh_from_db()
    capa.action_complete(action=action, by=owner, note="已增加坐席，接通率由 78% 提高到 95%。")
    action.refresh_from_db()
    capa.action_verify(action=action, by=office, note="核对话务报表属实。")
    action.refresh_from_db()
    capa.action_check(action=action, by=office, effective=True, note="一个月内无同类投诉。")


@transaction.atomic
def seed(stdout=None) -> int:
    ensure_reference_data()  # the questionnaire, the levels and the GM's route, after a flush
    if Campaign.objects.filter(title__endswith=MARK).exists():
        return 0
    users = {user.username: user for user in User.objects.filter(
        username__in=["office", "gm", "market_manager", "production", "staff"])}
    office, gm = users["office"], users["gm"]
    questionnaire = (Questionnaire.objects.filter(code=QUESTIONNAIRE_CODE)
                     .order_by("-version").first())
    questions = list(Question.objects.filter(section__questionnaire=questionnaire)
                     .select_related("dimension").prefetch_related("choices")
                     .order_by("section__order", "order"))
    production = Department.objects.get(code="production")
    if production.head_id is None:
        production.head = users["production"]
        production._change_reason = "seed_demo"
        production.save()
    departments = list(Department.objects.filter(code__in=["market", "production"]))
    year = timezone.localdate().year

    last = _campaign(office, questionnaire, year - 1, seed=2025)
    _collect(last, office, questions, LAST_YEAR, share=0.85, seed=1)
    report = _approved_report(last, office, gm, departments)
    reports.report_confirm_receipt(report=report, by=users["market_manager"])
    _work_the_survey_action(report, office, users["production"])
    _action_from_complaints(office, users["market_manager"])

    this = _campaign(office, questionnaire, year, seed=2026)
    _collect(this, office, questions, THIS_YEAR, share=0.5, seed=2)
    if stdout:
        stdout.write(f"Demo surveys: {last.number} reported, {this.number} collecting.")
    return 2
