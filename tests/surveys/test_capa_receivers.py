"""Acceptance (issue 12, part 6): an approved report below the required levels drafts exactly
one corrective/preventive action per weak dimension (and one for the overall index), none when
all meet their levels, never twice; and it checks the effectiveness of the actions awaiting its
figures, both ways. The default levels (reference.py): service quality 80, package price 75,
company 80, safety 85, attitude 80, overall 80."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from complaints.surveys.models import CorrectiveAction, SatisfactionTarget, SurveyReport
from complaints.surveys.signals import report_approved
from tests.accounts.factories import UserFactory
from tests.surveys.factories import figures, make_action, make_campaign, make_report
from tests.surveys.factories_capa import approved_report

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status
GOOD = {
    "service_quality": "85",
    "package_price": "80",
    "company": "81",
    "safety": "90",
    "attitude": "88",
}


def test_all_levels_met_drafts_nothing():
    approved_report(figures("84", **GOOD))
    assert not CorrectiveAction.objects.exists()


def test_exactly_one_action_per_weak_dimension():
    report = approved_report(
        figures("82", **(GOOD | {"service_quality": "78.40", "safety": "84.99"}))
    )

    actions = CorrectiveAction.objects.filter(report=report).order_by("dimension_code")
    assert [a.dimension_code for a in actions] == ["safety", "service_quality"]
    quality = actions.get(dimension_code="service_quality")
    assert quality.status == S.DRAFTED
    assert quality.source == CorrectiveAction.Source.SURVEY
    assert quality.dimension_name == "服务质量"
    assert (quality.measured_index, quality.required_index) == (Decimal("78.40"), Decimal("80.00"))
    assert re.fullmatch(rf"JZ-{timezone.localdate().year}-\d{{6}}", quality.number)
    assert "78.40" in quality.problem and "80.00" in quality.problem
    assert report.number in quality.problem
    assert quality.history.first().history_change_reason.startswith("capa_drafted_below_level")


def test_exactly_at_the_level_is_not_below_it():
    approved_report(figures("80", **(GOOD | {"service_quality": "80.00"})))
    assert not CorrectiveAction.objects.exists()


def test_the_overall_index_below_its_level_drafts_one_overall_action():
    report = approved_report(figures("79.99", **GOOD))
    action = CorrectiveAction.objects.get(report=report)
    assert action.dimension_code == ""
    assert action.required_index == Decimal("80")
    assert action.dimension_name


def test_a_dimension_without_a_required_level_is_not_checked():
    report = approved_report(figures("84", **GOOD, new_dimension="10"))
    assert not CorrectiveAction.objects.filter(report=report).exists()


def test_a_second_signal_drafts_nothing_more():
    report = approved_report(figures("70", **(GOOD | {"company": "60"})))
    assert CorrectiveAction.objects.filter(report=report).count() == 2

    report_approved.send(sender=SurveyReport, report=report, by=UserFactory(roles=["gm"]))

    assert CorrectiveAction.objects.filter(report=report).count() == 2
    numbers = set(CorrectiveAction.objects.values_list("number", flat=True))
    assert len(numbers) == 2


def test_unreadable_figures_draft_nothing():
    campaign = make_campaign()
    report = make_report(
        campaign,
        status=SurveyReport.Status.APPROVED,
        figures={
            "overall": {"index": "NaN"},
            "dimensions": [{"code": "safety", "index": "x"}, "junk"],
        },
    )
    report_approved.send(sender=SurveyReport, report=report, by=UserFactory(roles=["gm"]))
    assert not CorrectiveAction.objects.exists()


def _awaiting(code="service_quality", required="80", **fields):
    earlier = make_report(
        make_campaign(year=timezone.localdate().year - 1),
        status=SurveyReport.Status.APPROVED,
        figures=figures("85", **(GOOD | {code: "70"})),
    )
    return make_action(
        status=S.AWAITING_CHECK,
        source=CorrectiveAction.Source.SURVEY,
        report=earlier,
        dimension_code=code,
        dimension_name="服务质量",
        measured_index=Decimal("70"),
        required_index=Decimal(required),
        number="JZ-1999-000001",
        **fields,
    )


def test_the_next_figure_at_the_level_closes_the_action_as_effective():
    action = _awaiting()
    report = approved_report(figures("84", **(GOOD | {"service_quality": "80.5"})))

    action.refresh_from_db()
    assert action.status == S.CLOSED
    assert action.is_effective is True
    assert action.check_report == report
    assert action.check_index == Decimal("80.50")
    assert action.closed_at is not None
    assert action.history.first().history_change_reason.startswith("capa_effective")
    assert not CorrectiveAction.objects.filter(report=report).exists()


def test_the_next_figure_still_below_sends_the_action_back_and_drafts_a_new_one():
    action = _awaiting()
    report = approved_report(figures("84", **(GOOD | {"service_quality": "75"})))

    action.refresh_from_db()
    assert action.status == S.ASSIGNED
    assert action.is_effective is False
    assert action.check_report == report and action.check_index == Decimal("75")
    assert action.history.first().history_change_reason.startswith("capa_ineffective")
    new = CorrectiveAction.objects.get(report=report)
    assert new.dimension_code == "service_quality" and new.status == S.DRAFTED

    # A second signal neither checks it again nor drafts again.
    report_approved.send(sender=SurveyReport, report=report, by=UserFactory(roles=["gm"]))
    assert CorrectiveAction.objects.count() == 2


def test_an_overall_action_is_checked_against_the_overall_index():
    action = _awaiting(code="")
    approved_report(figures("81", **GOOD))
    action.refresh_from_db()
    assert action.status == S.CLOSED and action.is_effective


def test_actions_not_awaiting_the_check_or_of_another_dimension_wait():
    other = _awaiting(code="safety")
    assigned = make_action(
        status=S.ASSIGNED,
        source=CorrectiveAction.Source.SURVEY,
        report=other.report,
        dimension_code="service_quality",
        number="JZ-1999-000002",
    )
    manual = make_action(status=S.AWAITING_CHECK, number="JZ-1999-000003")
    approved_report(figures("84", service_quality="90"))  # no safety figure

    for action in (other, assigned, manual):
        before = action.status
        action.refresh_from_db()
        assert action.status == before


def test_a_changed_level_applies_to_the_next_drafts():
    target = SatisfactionTarget.objects.get(dimension_code="attitude")
    target.required_index = Decimal("90")
    target.save()
    report = approved_report(figures("84", **GOOD))
    assert list(
        CorrectiveAction.objects.filter(report=report).values_list("dimension_code", flat=True)
    ) == ["attitude"]


def test_an_older_report_approved_late_checks_nothing_newer():
    action = _awaiting()
    older = make_report(
        make_campaign(year=timezone.localdate().year - 3),
        status=SurveyReport.Status.APPROVED,
        figures=figures("84", **(GOOD | {"service_quality": "90"})),
    )

    report_approved.send(sender=SurveyReport, report=older, by=UserFactory(roles=["gm"]))

    action.refresh_from_db()
    assert action.status == S.AWAITING_CHECK and action.check_report is None


def test_a_signal_without_the_acting_user_records_the_reports_approver():
    gm = UserFactory(roles=["gm"])
    report = make_report(
        make_campaign(), status=SurveyReport.Status.APPROVED, figures=figures("70", **GOOD)
    )
    SurveyReport.objects.filter(pk=report.pk).update_unrecorded(approved_by=gm)
    report.refresh_from_db()

    report_approved.send(sender=SurveyReport, report=report)

    action = CorrectiveAction.objects.get(report=report)
    assert action.dimension_code == "" and action.created_by == gm
    assert action.history.first().history_user == gm
