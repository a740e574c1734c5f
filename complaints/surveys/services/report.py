"""Writes of the 顾客满意度调查分析报告 (篇二 §6 c; issue 12, parts 4 and 5): the office drafts the
report of a campaign, edits its commentary, conclusions and distribution, submits it to the
general manager through the approval engine (the figures are computed and stored then); on
approval it is frozen (figures, the PDF as an attachment), sent to the departments chosen and
its campaign completed; a rejection or a withdrawal returns it to the draft. Department heads
confirm receipt. The office classifies the free-text answers with tags."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from approvals.services import approval_submit
from complaints.surveys.actions.report import (
    receipts_to_confirm,
    report_action_require,
    report_may_create,
)
from complaints.surveys.analysis import campaign_analysis
from complaints.surveys.models import Answer, AnswerTag, Campaign, ReportReceipt, SurveyReport
from complaints.surveys.selectors.access import runs_surveys
from complaints.surveys.signals import report_approved
from core.attachments import attachment_add
from core.sequences import next_number
from core.services import save_recorded

NUMBER_SERIES = "MYBG"
# The chosen departments, kept in the report's figures (with the figures, they are what the
# general manager approves): a list of department ids.
DISTRIBUTION_KEY = "distribute_to"
PDF_KIND = "report"
TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")
TAG_MAX = 50


def _locked(report: SurveyReport, *, by, action: str) -> SurveyReport:
    locked = (
        SurveyReport.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=report.pk)
    )
    report_action_require(user=by, report=locked, action=action)
    return locked


def distribution_ids(report: SurveyReport) -> list[int]:
    """The ids of the departments the report is to be (or was) sent to."""
    return [int(pk) for pk in report.figures.get(DISTRIBUTION_KEY, [])]


@transaction.atomic
def report_create(*, campaign: Campaign, by) -> SurveyReport:
    """The office drafts the report of a campaign collecting or analysing answers (one per
    campaign), numbered MYBG-<year>-<3 digits>."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not runs_surveys(by):
        raise PermissionDenied(_("Only the company office drafts the report (篇二 §6)."))
    if not report_may_create(user=by, campaign=campaign):
        raise ValidationError(
            _(
                "A report is drafted once per campaign, while it collects or "
                "analyses answers; campaign %(number)s is %(status)s."
            )
            % {"number": campaign.number, "status": campaign.get_status_display()},
            code="wrong_state",
        )
    number = next_number(NUMBER_SERIES, campaign.year)
    report = SurveyReport(
        campaign=campaign,
        number=f"{NUMBER_SERIES}-{campaign.year}-{number:03d}",
        title=f"{campaign.year}年顾客满意度调查分析报告",
        created_by=by,
    )
    save_recorded(report, "drafted", by)
    return report


@transaction.atomic
def report_update(
    *, report: SurveyReport, by, title: str, commentary: str, conclusions: str, departments
) -> SurveyReport:
    """The office edits the draft: title, commentary, conclusions, departments to send it to."""
    report = _locked(report, by=by, action="edit")
    report.title = title.strip()
    report.commentary = commentary.strip()
    report.conclusions = conclusions.strip()
    ids = sorted({department.pk for department in departments})
    report.figures = {**report.figures, DISTRIBUTION_KEY: ids}
    save_recorded(report, "changed", by)
    return report


def report_problems(report: SurveyReport) -> dict[str, list[str]]:
    """What stops the draft from being submitted, by field."""
    problems = {}
    if not report.conclusions.strip():
        problems["conclusions"] = [_("Write the conclusions before submitting the report.")]
    if not distribution_ids(report):
        problems["departments"] = [_("Choose the departments the report is sent to.")]
    return problems


def _end_collection(campaign: Campaign, *, by) -> None:
    if campaign.is_collecting:
        campaign.move_to(Campaign.Status.ANALYSING)
        campaign.collection_ended_at = campaign.collection_ended_at or timezone.now()
        save_recorded(campaign, "collection_ended_report_submitted", by)


@transaction.atomic
def report_submit(*, report: SurveyReport, by, comment: str = ""):
    """The office submits the draft to the general manager (篇二 §6 c): a campaign still
    collecting stops collecting (analysing); the figures are computed and stored with the
    distribution chosen. Refused, by field, without conclusions or departments."""
    report = _locked(report, by=by, action="submit")
    problems = report_problems(report)
    if problems:
        raise ValidationError(problems, code="incomplete")
    _end_collection(report.campaign, by=by)
    distribution = distribution_ids(report)
    report.figures = {**campaign_analysis(report.campaign), DISTRIBUTION_KEY: distribution}
    report.submitted_at = timezone.now()
    request = approval_submit(target=report, by=by, comment=comment)
    if request is None:
        raise ValidationError(
            _(
                "No approval route applies to the survey report: ask an "
                "administrator to restore the general manager's route."
            ),
            code="no_route",
        )
    return request


def _freeze_pdf(report: SurveyReport, *, by) -> None:
    from complaints.surveys.pdf import report_pdf

    pdf = report_pdf(report=report, printed_by=by)
    attachment_add(
        record=report,
        by=by,
        kind=PDF_KIND,
        title=report.title,
        uploaded_file=SimpleUploadedFile(
            f"{report.number}.pdf", pdf, content_type="application/pdf"
        ),
    )


def _distribute(report: SurveyReport, *, by, now) -> None:
    existing = {r.department_id: r for r in report.receipts.all()}
    for department in Department.objects.filter(pk__in=distribution_ids(report)):
        receipt = existing.get(department.pk) or ReportReceipt(
            report=report, department=department, created_by=by
        )
        receipt.sent_at = now
        save_recorded(receipt, "sent", by)


def _approve(report: SurveyReport, *, by) -> None:
    now = timezone.now()
    report.move_to(SurveyReport.Status.APPROVED)
    report.approved_at = now
    report.approved_by = by
    save_recorded(report, "approved", by)
    _distribute(report, by=by, now=now)
    campaign = report.campaign
    _end_collection(campaign, by=by)
    campaign.move_to(Campaign.Status.COMPLETED)
    campaign.completed_at = now
    save_recorded(campaign, "completed_report_approved", by)
    _freeze_pdf(report, by=by)
    report_approved.send(sender=SurveyReport, report=report, by=by)


def report_on_approval(*, report: SurveyReport, milestone: str, request, by) -> SurveyReport:
    """The approval engine moves the report (complaints/surveys/approval_targets.py):
    submitted → awaiting approval; approved → frozen, sent, campaign completed, the signal
    `report_approved` sent in the same transaction; rejected (the general manager's reason
    is the round's decision, shown on the report: `report_rejection`) or withdrawn → draft
    again, the figures live once more."""
    if milestone == "submitted":
        report.move_to(SurveyReport.Status.IN_APPROVAL)
        save_recorded(report, "submitted_for_approval", by)
    elif milestone == "approved":
        _approve(report, by=by)
    else:
        report.move_to(SurveyReport.Status.DRAFT)
        save_recorded(report, f"{milestone}_back_to_draft", by)
    return report


@transaction.atomic
def report_distribute(*, report: SurveyReport, by, departments) -> list[ReportReceipt]:
    """The office sends the approved report to more departments (those it was not sent to
    yet); their heads confirm receipt like the others'. Refused, on the field, without a new
    department."""
    report = _locked(report, by=by, action="distribute")
    sent = set(report.receipts.values_list("department_id", flat=True))
    new = [department for department in departments if department.pk not in sent]
    if not new:
        raise ValidationError(
            {"departments": [_("Choose a department the report has not been sent to yet.")]},
            code="nothing_new",
        )
    now = timezone.now()
    receipts = []
    for department in new:
        receipt = ReportReceipt(report=report, department=department, sent_at=now, created_by=by)
        save_recorded(receipt, "sent", by)
        receipts.append(receipt)
    # The approved figures stay as approved: from now on the receipts say where it went.
    return receipts


@transaction.atomic
def report_confirm_receipt(*, report: SurveyReport, by) -> list[ReportReceipt]:
    """The head of a department the approved report was sent to confirms its receipt, once
    (every department of his the report was sent to)."""
    report = _locked(report, by=by, action="confirm")
    now = timezone.now()
    receipts = list(
        ReportReceipt.objects.select_for_update().filter(
            pk__in=[r.pk for r in receipts_to_confirm(by, report)], confirmed_at__isnull=True
        )
    )
    for receipt in receipts:
        receipt.confirmed_at = now
        receipt.confirmed_by = by
        save_recorded(receipt, "receipt_confirmed", by)
    return receipts


def _tag_names(text: str) -> list[str]:
    names = []
    for name in TAG_SEPARATORS.split(text or ""):
        name = " ".join(name.split())
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise ValidationError(
                {
                    "tags": [
                        _("A tag has at most %(max)s characters: %(name)s")
                        % {"max": TAG_MAX, "name": name[:TAG_MAX] + "…"}
                    ]
                }
            )
        if name not in names:
            names.append(name)
    return names


@transaction.atomic
def answer_set_tags(*, report: SurveyReport, answer: Answer, tags: str, by) -> Answer:
    """The office classifies a free-text answer: `tags` names them, separated by commas (a
    tag not known yet is created); the answer's tags become exactly these."""
    report_action_require(user=by, report=report, action="tag")
    if answer.response.campaign_id != report.campaign_id:
        raise ValidationError(_("This answer belongs to another campaign."))
    chosen = []
    for name in _tag_names(tags):
        tag = AnswerTag.objects.filter(name=name).first()
        if tag is None:
            tag = AnswerTag(name=name, created_by=by)
            save_recorded(tag, "created_by_tagging", by)
        chosen.append(tag)
    answer.tags.set(chosen)
    save_recorded(answer, "tagged", by)
    return answer
