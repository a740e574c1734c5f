"""Reads of the satisfaction survey reports (issue 12, parts 4, 5 and 7), scoped by who asks:

- the office and the general manager: every report, every receipt, the free-text answers with
  their respondent codes and tags;
- the head of a department: the approved reports sent to his departments (the figures, the
  charts, the PDF, the receipts) — aggregates only, no answer tied to a respondent;
- anyone else: nothing (404)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import Department
from approvals.models import ApprovalRequest, Decision
from approvals.selectors import requests_for
from complaints.surveys.models import (
    Answer,
    AnswerTag,
    Campaign,
    Question,
    ReportReceipt,
    SurveyReport,
)
from complaints.surveys.selectors.access import (
    headed_department_ids,
    runs_surveys,
    sees_all_surveys,
    sees_respondents,
)


def _distributed_to(department_ids) -> Q:
    """Approved reports sent to one of `department_ids`."""
    sent = ReportReceipt.objects.filter(
        report=OuterRef("pk"), department_id__in=department_ids, sent_at__isnull=False
    )
    return Q(status=SurveyReport.Status.APPROVED) & Q(Exists(sent))


def report_list(*, user) -> QuerySet:
    """The reports `user` sees; for a department head, those with a receipt of his still to
    confirm come first (annotation `to_confirm`)."""
    reports = SurveyReport.objects.select_related("campaign", "approved_by")
    if sees_all_surveys(user):
        return reports.order_by("-campaign__year", "-id")
    headed = headed_department_ids(user)
    if not headed:
        return reports.none()
    open_receipt = ReportReceipt.objects.filter(
        report=OuterRef("pk"),
        department_id__in=headed,
        sent_at__isnull=False,
        confirmed_at__isnull=True,
    )
    return (
        reports.filter(_distributed_to(headed))
        .annotate(to_confirm=Exists(open_receipt))
        .order_by("-to_confirm", "-campaign__year", "-id")
    )


def report_get(*, user, pk) -> SurveyReport:
    """The report `pk` if `user` sees it, else 404."""
    report = report_list(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_for_campaign(campaign: Campaign) -> SurveyReport | None:
    """The report of a campaign (for the campaign's page: its link or the create button)."""
    return SurveyReport.objects.filter(campaign=campaign).first()


def campaign_for_report(*, user, pk) -> Campaign:
    """The campaign whose report `user` may create or open: office and GM only, else 404."""
    if not sees_all_surveys(user):
        raise Http404
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def report_receipts(report: SurveyReport) -> list[ReportReceipt]:
    """Who the report was (or will be) sent to, who confirmed and when, by department name."""
    return list(
        report.receipts.select_related("department", "confirmed_by").order_by("department__name")
    )


def text_answers(*, user, report: SurveyReport, tag: str = "") -> QuerySet:
    """The free-text answers of the report's campaign, tied to their respondent codes: for the
    office and the GM only (anyone else gets none); filtered by a tag name when given."""
    if not sees_respondents(user):
        return Answer.objects.none()
    answers = (
        Answer.objects.filter(
            response__campaign_id=report.campaign_id, question__kind=Question.Kind.TEXT
        )
        .exclude(text="")
        .select_related("response__respondent", "question")
        .prefetch_related("tags")
        .order_by("response__respondent__code", "id")
    )
    if tag:
        answers = answers.filter(tags__name=tag)
    return answers


def text_answer_get(*, user, report: SurveyReport, pk) -> Answer:
    answer = text_answers(user=user, report=report).filter(pk=pk).first()
    if answer is None:
        raise Http404
    return answer


def answer_tags() -> QuerySet:
    return AnswerTag.objects.order_by("name")


def report_rejection(report: SurveyReport):
    """The general manager's rejection that sent the draft back (its comment is the reason),
    or None: a draft whose last round ended rejected."""
    if not report.is_draft:
        return None
    last = requests_for(report).last()
    if last is None or last.status != ApprovalRequest.Status.REJECTED:
        return None
    return (
        Decision.objects.filter(step__request=last, outcome=Decision.Outcome.REJECT)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )


def departments_to_add(report: SurveyReport) -> QuerySet:
    """The active departments the approved report has not been sent to yet."""
    return (
        Department.objects.filter(is_active=True)
        .exclude(pk__in=report.receipts.values("department_id"))
        .order_by("name")
    )


def campaigns_awaiting_report(*, user) -> list[Campaign]:
    """For the office: the campaigns collecting or analysing answers that have no report yet
    (each with a button drafting it); nobody else drafts, so for others none."""
    if not runs_surveys(user):
        return []
    return list(
        Campaign.objects.filter(
            status__in=[Campaign.Status.COLLECTING, Campaign.Status.ANALYSING], report__isnull=True
        ).order_by("-year", "-id")[:20]
    )
