"""The report's life through the approval engine: drafted by the office, submitted to the
general manager, approved (figures frozen, PDF frozen as an attachment, sent to the chosen
departments, the campaign completed, `report_approved` sent) or rejected (back to draft with
the reason); receipts confirmed by the department heads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import ApprovalRequest
from approvals.services import approval_decide, approval_withdraw
from complaints.surveys.analysis import campaign_analysis
from complaints.surveys.models import Answer, Campaign, ReportReceipt, SurveyReport
from complaints.surveys.selectors.report import report_rejection
from complaints.surveys.services import report as services
from complaints.surveys.services.report import PDF_KIND
from complaints.surveys.signals import report_approved
from core.attachments import attachments_for
from tests.surveys.factories import make_response
from tests.surveys.factories_report import (
    answered_campaign,
    approved_report,
    drafted_report,
    people,
    submitted_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return people()


@pytest.fixture
def sent():
    """The reports `report_approved` was sent for, with the acting user."""
    received = []

    def receiver(sender, *, report, by, **kwargs):
        received.append((report.pk, report.status, by.pk, dict(report.figures)))

    report_approved.connect(receiver, dispatch_uid="test_report_flow")
    yield received
    report_approved.disconnect(dispatch_uid="test_report_flow")


def test_the_office_drafts_one_numbered_report_per_campaign(p):
    campaign = answered_campaign()

    report = services.report_create(campaign=campaign, by=p["office"])

    assert report.is_draft
    assert report.number == f"MYBG-{campaign.year}-001"
    with pytest.raises(ValidationError):
        services.report_create(campaign=campaign, by=p["office"])


def test_only_the_office_drafts_the_report(p):
    campaign = answered_campaign()

    for user in (p["gm"], p["head"], p["staff"]):
        with pytest.raises(PermissionDenied):
            services.report_create(campaign=campaign, by=user)

    assert not SurveyReport.objects.exists()


def test_a_draft_without_conclusions_or_departments_is_not_submitted(p):
    report = services.report_create(campaign=answered_campaign(), by=p["office"])

    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, by=p["office"])

    assert set(refused.value.message_dict) == {"conclusions", "departments"}
    assert SurveyReport.objects.get(pk=report.pk).is_draft


def test_submitting_stores_the_figures_and_ends_the_collection(p):
    report, request = submitted_report(p)

    assert report.in_approval
    assert request.status == ApprovalRequest.Status.PENDING
    assert report.figures["overall"]["index"] == "73.33"
    assert report.campaign.status == Campaign.Status.ANALYSING
    # A late answer no longer changes what the general manager is deciding.
    make_response(report.campaign, ratings=1)
    report.refresh_from_db()
    assert report.figures["overall"]["index"] == "73.33"


def test_approval_freezes_the_figures_and_the_pdf_and_sends_the_signal(p, sent):
    report = approved_report(p)

    assert report.is_approved
    assert report.approved_by == p["gm"]
    assert report.approved_at is not None
    assert report.campaign.status == Campaign.Status.COMPLETED
    # The contract with the corrective actions (SURVEYS.md): overall and dimensions.
    assert report.figures["overall"] == {**report.figures["overall"], "index": "73.33", "n": 3}
    assert {d["code"] for d in report.figures["dimensions"]} == {
        "service_quality",
        "package_price",
        "company",
        "safety",
        "attitude",
    }
    pdfs = attachments_for(report).filter(kind=PDF_KIND)
    assert pdfs.count() == 1
    assert pdfs.get().mime_type == "application/pdf"
    assert sent == [(report.pk, SurveyReport.Status.APPROVED, p["gm"].pk, report.figures)]


def test_approval_sends_the_report_to_the_chosen_departments(p):
    report = approved_report(p)

    receipts = list(ReportReceipt.objects.filter(report=report))

    assert [(r.department, r.is_confirmed) for r in receipts] == [(p["department"], False)]
    assert receipts[0].sent_at is not None


def test_a_rejection_returns_the_report_to_the_draft_with_the_reason(p, sent):
    report, request = submitted_report(p)

    approval_decide(step=request.steps.get(), by=p["gm"], approve=False, comment="价格维度分析不足")
    report.refresh_from_db()

    assert report.is_draft
    assert report_rejection(report).comment == "价格维度分析不足"
    assert not attachments_for(report).exists()
    assert not ReportReceipt.objects.filter(report=report).exists()
    assert sent == []
    # The office may amend and submit it again: a second round.
    services.report_submit(report=report, by=p["office"])
    report.refresh_from_db()
    assert report.in_approval
    assert report_rejection(report) is None


def test_a_withdrawn_report_is_a_draft_again(p):
    report, request = submitted_report(p)

    approval_withdraw(request=request, by=p["office"])
    report.refresh_from_db()

    assert report.is_draft
    assert report_rejection(report) is None


def test_a_draft_is_edited_by_the_office_only(p):
    report = drafted_report(p)

    with pytest.raises(PermissionDenied):
        services.report_update(
            report=report, by=p["gm"], title="x", commentary="", conclusions="", departments=[]
        )
    submitted, _request = submitted_report(p, answered_campaign())
    with pytest.raises(ValidationError):
        services.report_update(
            report=submitted,
            by=p["office"],
            title="x",
            commentary="",
            conclusions="",
            departments=[],
        )


def test_the_head_of_the_department_confirms_receipt_once(p):
    report = approved_report(p)

    confirmed = services.report_confirm_receipt(report=report, by=p["head"])

    assert [r.department for r in confirmed] == [p["department"]]
    receipt = ReportReceipt.objects.get(report=report)
    assert receipt.confirmed_by == p["head"]
    assert receipt.confirmed_at is not None
    with pytest.raises(ValidationError):
        services.report_confirm_receipt(report=report, by=p["head"])


def test_the_head_of_another_department_cannot_confirm(p):
    report = approved_report(p)

    with pytest.raises(ValidationError):
        services.report_confirm_receipt(report=report, by=p["other_head"])
    with pytest.raises(PermissionDenied):
        services.report_confirm_receipt(report=report, by=p["staff"])

    assert not ReportReceipt.objects.filter(report=report, confirmed_at__isnull=False).exists()


def test_the_office_sends_the_approved_report_to_more_departments(p):
    report = approved_report(p)
    frozen = dict(report.figures)

    services.report_distribute(
        report=report, by=p["office"], departments=[p["other_department"], p["department"]]
    )

    assert set(
        ReportReceipt.objects.filter(report=report).values_list("department", flat=True)
    ) == {p["department"].pk, p["other_department"].pk}
    report.refresh_from_db()
    assert report.figures == frozen
    with pytest.raises(ValidationError):
        services.report_distribute(
            report=report, by=p["office"], departments=[p["other_department"]]
        )


def test_a_draft_is_not_distributed(p):
    report = drafted_report(p)

    with pytest.raises(ValidationError):
        services.report_distribute(
            report=report, by=p["office"], departments=[p["other_department"]]
        )


def test_the_office_tags_free_text_answers_and_the_analysis_counts_them(p):
    report = drafted_report(p)
    answers = list(report.campaign.responses.values_list("answers__pk", flat=True))
    texts = Answer.objects.filter(pk__in=answers).exclude(text="").order_by("pk")
    services.answer_set_tags(report=report, answer=texts[0], by=p["office"], tags="抄表，价格")
    services.answer_set_tags(report=report, answer=texts[1], by=p["office"], tags="抄表")

    tags = campaign_analysis(report.campaign)["free_text"]["tags"]
    assert tags == [{"name": "抄表", "count": 2}, {"name": "价格", "count": 1}]
    with pytest.raises(PermissionDenied):
        services.answer_set_tags(report=report, answer=texts[0], by=p["gm"], tags="x")
