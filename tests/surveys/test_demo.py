"""seed_demo's surveys (issue 12): last year's campaign reported and approved with its action
waiting for this year's figure, an action from complaints closed effective, this year's
campaign half collected with a dimension below its level; not repeated by a second run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.surveys.analysis import campaign_analysis
from complaints.surveys.demo import MARK
from complaints.surveys.models import Campaign, CorrectiveAction, Respondent, SurveyReport

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_the_whole_survey_loop_once(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    year = timezone.localdate().year
    demo = Campaign.objects.filter(title__endswith=MARK)
    assert demo.count() == 2
    last, this = demo.get(year=year - 1), demo.get(year=year)
    assert last.status == Campaign.Status.COMPLETED
    report = SurveyReport.objects.get(campaign=last)
    assert report.status == SurveyReport.Status.APPROVED
    assert report.receipts.filter(confirmed_at__isnull=False).count() == 1
    assert report.receipts.filter(confirmed_at__isnull=True).count() == 1
    survey_action = CorrectiveAction.objects.get(report=report)
    assert survey_action.dimension_code == "safety"
    assert survey_action.status == CorrectiveAction.Status.AWAITING_CHECK
    assert CorrectiveAction.objects.filter(
        report=None, status=CorrectiveAction.Status.CLOSED, is_effective=True,
        complaints__isnull=False).exists()
    assert this.status == Campaign.Status.COLLECTING
    answered = this.respondents.filter(status=Respondent.Status.ANSWERED).count()
    assert 0.4 < answered / this.respondents.count() < 0.6
    weak = [d["code"] for d in campaign_analysis(this)["dimensions"] if d["meets"] is False]
    assert weak == ["attitude"]
