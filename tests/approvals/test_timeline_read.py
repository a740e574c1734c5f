"""approvals.timeline_read.timeline_rounds: what requests_for gives (rounds, steps, decisions
and every related object the timeline prints), in one query compiled once, and nothing read
again while the timeline is drawn."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from accounts.models import Department
from approvals.models import Decider
from approvals.models.routes import role_name
from approvals.selectors import requests_for
from approvals.services import approval_decide, approval_submit
from approvals.timeline_read import timeline_rounds
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]


def _described(rounds) -> list:
    """Everything the timeline and step_actions read of the rounds, as plain values."""
    return [
        (request.pk, request.round, request.status, request.submitted_by.pk,
         str(request.submitted_by), request.comment,
         [(step.pk, step.position, step.status, step.request.pk, step.role_id,
           role_name(step.role), step.department and str(step.department),
           step.user and str(step.user), step.decider_label(), step.due_at,
           [(decision.pk, decision.step.pk, str(decision.decided_by), str(decision.seat),
             decision.is_delegated, decision.outcome, decision.comment, decision.decided_at)
            for decision in step.decisions.all()])
          for step in request.steps.all()])
        for request in rounds]


@pytest.fixture
def submitted(staff_user, market_manager, ops_vp):
    """Round 1 rejected by the market manager; round 2 approved at step 1 by the market
    manager's delegate, waiting at a step without a role profile, then at a named user."""
    sales = Department.objects.create(code="sales_t", name="销售部")
    market_manager.department = sales
    market_manager.save()
    UserFactory().groups.add(Group.objects.get_or_create(name="no_profile")[0])
    named = UserFactory(first_name="五", last_name="王")
    route({"role": "market_manager", "rank": 20, "decider": Decider.DEPARTMENT_ROLE,
           "department_field": "department"},
          {"role": "no_profile", "rank": 30},
          {"decider": Decider.FIELD_USER, "user_field": "reviewer", "role": None, "rank": 40})
    application = ApplicationFactory(department=sales, reviewer=named)
    first = approval_submit(target=application, by=staff_user, comment="首次提交")
    approval_decide(step=first.steps.get(position=1), by=market_manager, approve=False,
                    comment="资料不全")
    second = approval_submit(target=application, by=staff_user)
    deputy = UserFactory(first_name="代", last_name="李")
    DelegationFactory(delegator=market_manager, delegate=deputy)
    approval_decide(step=second.steps.get(position=1), by=deputy, approve=True)
    return application


def test_the_rounds_are_requests_for_with_every_related_object(submitted):
    expected = _described(requests_for(submitted))
    rounds = timeline_rounds(submitted)

    assert _described(rounds) == expected
    assert [len(request.steps.all()) for request in rounds] == [3, 3]
    assert any(decision.is_delegated for step in rounds[1].steps.all()
               for decision in step.decisions.all())


def test_the_rounds_take_one_query_and_drawing_them_none(submitted, django_assert_num_queries):
    ContentType.objects.get_for_model(submitted)  # the content types are cached per process
    timeline_rounds(submitted)  # compiled once per process

    with django_assert_num_queries(1):
        rounds = timeline_rounds(submitted)
    with django_assert_num_queries(0):
        _described(rounds)


def test_a_record_never_submitted_costs_one_query(django_assert_num_queries):
    application = ApplicationFactory()
    ContentType.objects.get_for_model(application)

    with django_assert_num_queries(1):
        assert timeline_rounds(application) == []


# --- The timeline tag (printed by the Jinja2 template approvals/timeline.html) --------------
def _timeline(user, target) -> str:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/page/")
    request.user = user
    return Template("{% load approvals %}{% approval_timeline target %}").render(
        Context({"request": request, "target": target}))


def test_the_timeline_escapes_what_users_typed(staff_user, market_manager):
    """The tag marks the Jinja2 output safe: a comment, a name and a note are escaped."""
    route({"role": "market_manager"})
    application = ApplicationFactory()
    market_manager.first_name = '<b id="name">'
    market_manager.save()
    request = approval_submit(target=application, by=staff_user, comment='<i id="note">')
    approval_decide(step=request.steps.get(), by=market_manager, approve=False,
                    comment='<script id="c">x</script>')

    html = _timeline(staff_user, application)

    assert "<script" not in html and '<b id="name">' not in html and '<i id="note">' not in html
    assert "&lt;script id=&#34;c&#34;&gt;x&lt;/script&gt;" in html
    assert "&lt;b id=&#34;name&#34;&gt;" in html and "&lt;i id=&#34;note&#34;&gt;" in html


def test_the_waiting_step_shows_its_due_time_and_whether_it_is_overdue(staff_user,
                                                                      market_manager):
    import datetime

    from django.utils import timezone

    from approvals.models import ApprovalStep

    route({"role": "market_manager"})
    application = ApplicationFactory()
    step = approval_submit(target=application, by=staff_user).steps.get()
    due = timezone.now() + datetime.timedelta(hours=3)
    ApprovalStep.objects.filter(pk=step.pk).update_unrecorded(due_at=due)

    on_time = _timeline(market_manager, application)
    ApprovalStep.objects.filter(pk=step.pk).update_unrecorded(
        due_at=timezone.now() - datetime.timedelta(minutes=1))
    late = _timeline(market_manager, application)

    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M") in on_time
    assert "逾期" not in on_time and "逾期" in late
    assert 'data-action="approve"' in on_time and 'id="timeline-decide"' in late


def test_every_form_of_a_page_carries_the_one_token_the_page_masked(staff_user, market_manager):
    """The navigation's forms, the timeline's decide form and base.html's htmx header carry
    the same masked CSRF token: each Jinja2 template rendered by a tag takes the Django
    page's token instead of masking the secret again."""
    import re

    from django.test import Client

    route({"role": "market_manager"})
    application = ApplicationFactory()
    approval_submit(target=application, by=staff_user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(market_manager)

    html = client.get(application.get_absolute_url()).content.decode()
    forms = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    header = re.findall(r'"X-CSRFToken": "([^"]+)"', html)

    assert 'id="timeline-decide"' in html and len(forms) == 3  # sign-out, language, decide
    assert set(forms) == set(header) and len(set(forms)) == 1
    decide = re.search(r'action="([^"]+)" class="card card-body mb-3" id="timeline-decide"',
                       html).group(1)
    answer = client.post(decide, {"csrfmiddlewaretoken": forms[0], "decision": "approve",
                                  "next": "/"})
    assert answer.status_code == 302  # the token is good: the decision is taken


def test_a_step_decided_by_several_holders_keeps_every_decision_in_order(staff_user,
                                                                        market_manager):
    """An all-of step with two decisions, then a second step: one row per decision in the
    query, one step with both decisions in the rounds."""
    from approvals.models import Mode

    other = UserFactory(roles=["market_manager"])
    route({"role": "market_manager", "mode": Mode.ALL, "rank": 20}, {"role": "ops_vp", "rank": 30})
    UserFactory(roles=["ops_vp"])
    application = ApplicationFactory()
    request = approval_submit(target=application, by=staff_user)
    step = request.steps.get(position=1)
    approval_decide(step=step, by=market_manager, approve=True, comment="一")
    approval_decide(step=step, by=other, approve=True, comment="二")

    rounds = timeline_rounds(application)

    assert _described(rounds) == _described(requests_for(application))
    first, second = rounds[0].steps.all()
    assert [d.comment for d in first.decisions.all()] == ["一", "二"]
    assert list(second.decisions.all()) == []
