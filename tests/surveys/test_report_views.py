"""The report's pages and who reaches them (issue 12, part 7): the office drafts, edits and
submits; the general manager reads everything and decides through the approval engine; a
department head sees only the approved reports sent to his department and confirms their
receipt; anyone else gets a 404. Charts are inline SVG images, no script."""

import base64
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.services import approval_decide
from complaints.surveys.models import Answer, ReportReceipt, SurveyReport
from complaints.surveys.services import report as services
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


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def _post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


@pytest.mark.parametrize(
    "who, status",
    [("office", 200), ("gm", 200), ("staff", 404), ("head", 404), ("other_head", 404)],
)
def test_a_draft_is_seen_by_the_office_and_the_gm_only(client, p, who, status):
    report = drafted_report(p)

    assert _get(client, p[who], "surveys:report", report.pk).status_code == status
    assert _get(client, p[who], "surveys:report_pdf", report.pk).status_code == status


@pytest.mark.parametrize(
    "who, status",
    [("office", 200), ("gm", 200), ("head", 200), ("staff", 404), ("other_head", 404)],
)
def test_an_approved_report_is_seen_by_the_heads_it_was_sent_to(client, p, who, status):
    report = approved_report(p)

    assert _get(client, p[who], "surveys:report", report.pk).status_code == status


def test_the_list_shows_a_head_only_the_reports_sent_to_him(client, p):
    sent = approved_report(p)
    draft = drafted_report(p, answered_campaign(year=sent.campaign.year + 1))

    response = _get(client, p["head"], "surveys:reports")

    assert response.status_code == 200
    assert [r.pk for r in response.context["reports"]] == [sent.pk]
    assert f'data-report="{draft.pk}"' not in response.content.decode()
    assert _get(client, p["other_head"], "surveys:reports").context["reports"] == []
    assert _get(client, p["staff"], "surveys:reports").status_code == 404


def test_the_office_drafts_the_report_from_the_list(client, p):
    campaign = answered_campaign()

    listed = _get(client, p["office"], "surveys:reports")
    response = _post(client, p["office"], "surveys:report_create", campaign.pk)

    assert [c.pk for c in listed.context["campaigns"]] == [campaign.pk]
    report = SurveyReport.objects.get(campaign=campaign)
    assert response.status_code == 302
    assert response.url == reverse("surveys:report_edit", args=[report.pk])


@pytest.mark.parametrize("who, status", [("gm", 403), ("staff", 404), ("head", 404)])
def test_nobody_but_the_office_drafts_a_report(client, p, who, status):
    campaign = answered_campaign()

    response = _post(client, p[who], "surveys:report_create", campaign.pk)

    assert response.status_code == status
    assert not SurveyReport.objects.exists()


def test_the_office_edits_and_submits_the_draft(client, p):
    report = services.report_create(campaign=answered_campaign(), by=p["office"])

    edited = _post(
        client,
        p["office"],
        "surveys:report_edit",
        report.pk,
        data={
            "title": "2031年顾客满意度调查分析报告",
            "commentary": "说明",
            "conclusions": "结论",
            "departments": [p["department"].pk],
        },
    )
    submitted = _post(client, p["office"], "surveys:report_submit", report.pk)

    assert (edited.status_code, submitted.status_code) == (302, 302)
    report.refresh_from_db()
    assert report.in_approval
    assert report.conclusions == "结论"
    assert services.distribution_ids(report) == [p["department"].pk]


def test_an_incomplete_draft_is_refused_on_the_field(client, p):
    report = services.report_create(campaign=answered_campaign(), by=p["office"])

    response = _post(
        client,
        p["office"],
        "surveys:report_edit",
        report.pk,
        data={"title": "", "conclusions": "结论"},
    )

    assert response.status_code == 400
    assert "title" in response.context["form"].errors


def test_the_gm_neither_edits_nor_submits_the_draft(client, p):
    report = drafted_report(p)

    assert _get(client, p["gm"], "surveys:report_edit", report.pk).status_code == 403
    assert _post(client, p["gm"], "surveys:report_submit", report.pk).status_code == 403
    report.refresh_from_db()
    assert report.is_draft


def test_the_gm_approves_from_the_report_page(client, p):
    report, request = submitted_report(p)

    page = _get(client, p["gm"], "surveys:report", report.pk).content.decode()
    step = request.steps.get()
    client.post(
        reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": "同意"}
    )

    assert 'data-action="approve"' in page
    report.refresh_from_db()
    assert report.is_approved


def test_the_head_confirms_receipt_and_the_page_shows_who_has_not(client, p):
    report = approved_report(p)
    services.report_distribute(report=report, by=p["office"], departments=[p["other_department"]])

    before = _get(client, p["head"], "surveys:report", report.pk).content.decode()
    response = _post(client, p["head"], "surveys:report_confirm", report.pk)
    after = _get(client, p["office"], "surveys:report", report.pk).content.decode()

    assert 'data-action="confirm"' in before
    assert response.status_code == 302
    assert f'data-receipt="{p["department"].pk}" data-confirmed="yes"' in after
    assert f'data-receipt="{p["other_department"].pk}" data-confirmed="no"' in after
    assert (
        'data-action="confirm"'
        not in _get(client, p["head"], "surveys:report", report.pk).content.decode()
    )


def test_the_head_of_another_department_cannot_confirm(client, p):
    report = approved_report(p)

    response = _post(client, p["other_head"], "surveys:report_confirm", report.pk)

    assert response.status_code == 404
    assert not ReportReceipt.objects.filter(confirmed_at__isnull=False).exists()


def test_the_office_distributes_the_approved_report_to_more_departments(client, p):
    report = approved_report(p)

    page = _get(client, p["office"], "surveys:report", report.pk).content.decode()
    _post(
        client,
        p["office"],
        "surveys:report_distribute",
        report.pk,
        data={"departments": [p["other_department"].pk]},
    )

    assert 'data-action="distribute"' in page
    assert ReportReceipt.objects.filter(report=report, department=p["other_department"]).exists()
    assert _post(client, p["gm"], "surveys:report_distribute", report.pk).status_code == 403


def test_the_charts_are_inline_svg_images_without_script(client, p):
    report = drafted_report(p)

    page = _get(client, p["office"], "surveys:report", report.pk).content.decode()

    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(images) == 3
    for image in images:
        svg = base64.b64decode(image).decode()
        assert svg.startswith("<svg")
        assert "<script" not in svg
        assert "http://" not in svg.replace("http://www.w3.org/", "")
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_answers_are_tied_to_respondents_for_the_office_and_the_gm_only(client, p):
    report = approved_report(p)
    code = Answer.objects.filter(response__campaign=report.campaign).exclude(text="").first()
    code = code.response.respondent.code

    office = _get(client, p["office"], "surveys:report_answers", report.pk)
    gm = _get(client, p["gm"], "surveys:report_answers", report.pk)
    head = _get(client, p["head"], "surveys:report_answers", report.pk)
    head_report = _get(client, p["head"], "surveys:report", report.pk).content.decode()

    assert code in office.content.decode() and code in gm.content.decode()
    assert 'data-action="tag"' in office.content.decode()
    assert 'data-action="tag"' not in gm.content.decode()
    assert head.status_code == 404
    assert code not in head_report


def test_the_office_tags_an_answer_from_the_answers_page(client, p):
    report = drafted_report(p)
    answer = Answer.objects.filter(response__campaign=report.campaign).exclude(text="").first()

    response = _post(
        client,
        p["office"],
        "surveys:report_answer_tags",
        report.pk,
        answer.pk,
        data={f"a{answer.pk}-tags": "抄表, 价格"},
    )
    filtered = client.get(reverse("surveys:report_answers", args=[report.pk]), {"tag": "价格"})

    assert response.url == reverse("surveys:report_answers", args=[report.pk])
    assert set(answer.tags.values_list("name", flat=True)) == {"抄表", "价格"}
    assert [row["answer"].pk for row in filtered.context["answer_rows"]] == [answer.pk]
    assert (
        _post(
            client,
            p["gm"],
            "surveys:report_answer_tags",
            report.pk,
            answer.pk,
            data={f"a{answer.pk}-tags": "x"},
        ).status_code
        == 403
    )


def test_the_approved_pdf_is_the_frozen_attachment(client, p):
    report = approved_report(p)

    response = _get(client, p["head"], "surveys:report_pdf", report.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _queries(client, user, name, *args) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name, args=args)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["office", "head"])
def test_the_list_costs_the_same_queries_for_one_report_or_three(client, p, who):
    first = approved_report(p)
    one = _queries(client, p[who], "surveys:reports")

    for year in (first.campaign.year + 1, first.campaign.year + 2):
        approved_report(p, answered_campaign(year=year))
    three = _queries(client, p[who], "surveys:reports")

    assert len(_get(client, p[who], "surveys:reports").context["reports"]) == 3
    assert three == one


def test_the_office_opens_the_draft_form_with_the_chosen_departments(client, p):
    report = drafted_report(p)

    response = _get(client, p["office"], "surveys:report_edit", report.pk)

    assert response.status_code == 200
    assert response.context["form"].initial["departments"] == [p["department"].pk]


def test_a_rejected_draft_shows_the_general_managers_reason(client, p):
    report, request = submitted_report(p)
    approval_decide(step=request.steps.get(), by=p["gm"], approve=False, comment="REASON-42")

    page = _get(client, p["office"], "surveys:report", report.pk).content.decode()

    assert 'id="rejection"' in page
    assert "REASON-42" in page
    assert 'data-action="submit"' in page


def test_the_heads_home_tile_counts_the_receipts_he_has_to_confirm(client, p):
    """Issue 13 point 1: a department head's to-do list shows the approved reports sent to his
    department until he confirms their receipt; nobody else gets the tile."""
    report = approved_report(p)

    def tile(user):
        client.force_login(user)
        page = client.get("/").content.decode()
        found = re.search(r'data-tile="report_receipts" data-count="(\d+)"', page)
        return int(found.group(1)) if found else None

    before = tile(p["head"])
    services.report_confirm_receipt(report=report, by=p["head"])

    assert before == 1
    assert tile(p["head"]) is None
    assert tile(p["other_head"]) is None
    assert tile(p["staff"]) is None
