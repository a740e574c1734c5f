"""One answer to "may this user decide this step" (issue 9, part 2): `step_actions` decides;
the inbox and the approval timeline draw exactly its buttons (data-action), the decide view
hides the step from whoever it does not show it to, and the services refuse whatever it does
not allow, for deciders, delegates (never on a target decided in person), the submitter, an
unrelated user and the general manager, in every state a step and its request go through.

ApprovalRequest and ApprovalStep declare no transition table (their states are moved by the
services only), so the states are walked here through the services."""

import re
from dataclasses import fields

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts import services as account_services
from approvals.models import ApprovalStep, Decision, Mode
from approvals.selectors import StepActions, pending_request_for, step_actions, steps_awaiting
from approvals.services import approval_decide, approval_submit, approval_withdraw
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route
from tests.helpers.pages import DATA_ACTION

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]

INBOX = "/approvals/"
MM, VP, GM = "market_manager", "ops_vp", "gm"
BUTTONS = ("approve", "reject", "withdraw")
DECIDE = frozenset({"approve", "reject"})


class _Undo(Exception):
    """Rolls a successful attempt back, so the next attempt starts from the same state."""


def _allowed(actions: StepActions) -> set[str]:
    return {name for name in BUTTONS if getattr(actions, name)}


def _accepted(user, step: ApprovalStep) -> set[str]:
    """The actions the services carry out for `user` on `step` (each tried, then undone)."""
    attempts = {
        "approve": lambda: approval_decide(step=step, by=user, approve=True, comment="同意"),
        "reject": lambda: approval_decide(step=step, by=user, approve=False, comment="不同意"),
        "withdraw": lambda: approval_withdraw(request=step.request, by=user),
    }
    accepted = set()
    for name, attempt in attempts.items():
        try:
            with transaction.atomic():
                attempt()
                raise _Undo
        except _Undo:
            accepted.add(name)
        except (ValidationError, PermissionDenied):
            pass
    return accepted


def _page_buttons(client, user, url) -> set[str]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return set(DATA_ACTION.findall(response.content.decode()))


def _timeline_buttons(user, target) -> set[str]:
    """The buttons of `{% approval_timeline %}` on any page showing `target`."""
    request = RequestFactory().get("/page/")
    request.user = user
    html = Template("{% load approvals %}{% approval_timeline target %}").render(
        Context({"request": request, "target": target}))
    return set(DATA_ACTION.findall(html))


def _inbox_row(client, user, step) -> set[str] | None:
    """The buttons of the step's inbox row, or None when the inbox has no row for it."""
    client.force_login(user)
    html = client.get(INBOX).content.decode()
    row = re.search(rf'<tr id="step-{step.pk}".*?</tr>', html, re.S)
    return set(DATA_ACTION.findall(row.group(0))) if row else None


# --- An ordinary target: who may do what ---------------------------------------------------------
CASES = {
    "decider": DECIDE,
    "delegate": DECIDE,
    "delegate_of_the_submitter": set(),  # four-eyes: not in the submitting delegator's seat
    "submitter": {"withdraw"},
    "unrelated": set(),
    "gm": set(),  # the general manager holds no seat on a market manager's step
    "gm_on_a_gm_step": DECIDE,
    "voted_on_an_all_of_step": set(),  # each seat votes once
}


def _case(case, staff_user, market_manager, gm, finance_user):
    """(user, step) of `case`: the step is the first, pending step of an Application's round."""
    if case == "gm_on_a_gm_step":
        route({"role": GM})
    elif case == "voted_on_an_all_of_step":
        route({"role": MM, "mode": Mode.ALL})
        UserFactory(roles=[MM])
    else:
        route({"role": MM})
    submitter = staff_user
    if case == "delegate_of_the_submitter":
        UserFactory(roles=[MM])  # somebody else can decide
        submitter = market_manager
    deputy = UserFactory()
    DelegationFactory(delegator=market_manager, delegate=deputy)
    request = approval_submit(target=ApplicationFactory(), by=submitter)
    step = request.steps.get()
    if case == "voted_on_an_all_of_step":
        approval_decide(step=step, by=market_manager, approve=True)
    user = {"decider": market_manager, "delegate": deputy, "delegate_of_the_submitter": deputy,
            "submitter": submitter, "unrelated": finance_user, "gm": gm,
            "gm_on_a_gm_step": gm, "voted_on_an_all_of_step": market_manager}[case]
    return user, step


@pytest.mark.parametrize("case", CASES)
def test_step_actions_allow_each_person_what_the_rule_gives_them(
        case, staff_user, market_manager, gm, finance_user):
    """Deciders and their delegates approve and reject, the submitter withdraws, and nobody
    else does anything; a delegate decides in the delegator's seat."""
    user, step = _case(case, staff_user, market_manager, gm, finance_user)

    actions = step_actions(user=user, step=step)

    assert _allowed(actions) == CASES[case]
    if case == "delegate":
        assert actions.seat == market_manager.pk
    elif actions.decide:
        assert actions.seat == user.pk
    else:
        assert actions.seat is None


@pytest.mark.parametrize("case", CASES)
def test_the_object_page_and_the_inbox_show_exactly_the_allowed_buttons(
        client, case, staff_user, market_manager, gm, finance_user):
    """The timeline on the object's page shows a button for each allowed action and no other;
    the inbox has a row, with the allowed decisions, exactly for those who may decide."""
    user, step = _case(case, staff_user, market_manager, gm, finance_user)
    allowed = _allowed(step_actions(user=user, step=step))

    shown = _page_buttons(client, user, step.request.target.get_absolute_url())
    row = _inbox_row(client, user, step)

    assert shown == allowed
    assert (row is not None) == bool(allowed & DECIDE)
    assert (row or set()) == allowed & DECIDE
    assert steps_awaiting(user).filter(pk=step.pk).exists() == bool(allowed & DECIDE)


@pytest.mark.parametrize("case", CASES)
def test_the_services_carry_out_exactly_what_step_actions_allow(
        case, staff_user, market_manager, gm, finance_user):
    """approval_decide and approval_withdraw refuse every action step_actions refuses and
    accept every one it allows."""
    user, step = _case(case, staff_user, market_manager, gm, finance_user)

    assert _accepted(user, step) == _allowed(step_actions(user=user, step=step))


@pytest.mark.parametrize("case", CASES)
def test_the_decide_view_hides_the_step_exactly_from_whom_step_actions_hides_it(
        client, case, staff_user, market_manager, gm, finance_user):
    """Posting a decision is a 404 for whoever step_actions does not show the step to, and
    records a decision only when it allows one."""
    user, step = _case(case, staff_user, market_manager, gm, finance_user)
    actions = step_actions(user=user, step=step)
    decisions = Decision.objects.count()
    client.force_login(user)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})

    assert (response.status_code == 404) == (not actions.visible)
    assert actions.visible == (case != "unrelated" and case != "gm")
    assert Decision.objects.count() == decisions + (1 if actions.approve else 0)


def test_step_actions_has_one_flag_per_button():
    """The flags the templates draw are approve, reject and withdraw; all off by default."""
    flags = {field.name for field in fields(StepActions) if field.type in (bool, "bool")}

    assert set(BUTTONS) <= flags
    assert _allowed(StepActions()) == set()


def test_anonymous_users_may_do_nothing(staff_user, market_manager):
    """Without a signed-in user there is no action and nothing to see."""
    from django.contrib.auth.models import AnonymousUser

    route({"role": MM})
    step = approval_submit(target=ApplicationFactory(), by=staff_user).steps.get()

    assert step_actions(user=AnonymousUser(), step=step) == StepActions()


# --- After a refused decision the inbox row keeps only the allowed buttons ------------------------
def test_a_late_approvers_row_loses_its_buttons(client, staff_user):
    """The row of an approver beaten to it names the first decider and offers nothing more."""
    first, second = UserFactory(roles=[MM]), UserFactory(roles=[MM])
    route({"role": MM})
    step = approval_submit(target=ApplicationFactory(), by=staff_user).steps.get()
    approval_decide(step=step, by=first, approve=True)
    client.force_login(second)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "approve"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    step.refresh_from_db()
    assert str(first) in html
    assert set(DATA_ACTION.findall(html)) == _allowed(step_actions(user=second, step=step))
    assert set(DATA_ACTION.findall(html)) == set()


def test_a_rejection_without_reason_keeps_both_buttons_in_the_row(client, staff_user,
                                                                  market_manager):
    """A refused form is not a refused right: approve and reject stay offered."""
    route({"role": MM})
    step = approval_submit(target=ApplicationFactory(), by=staff_user).steps.get()
    client.force_login(market_manager)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "reject", "comment": ""}, HTTP_HX_REQUEST="true")

    assert set(DATA_ACTION.findall(response.content.decode())) == DECIDE


# --- A target decided in person (第十一条): role changes -----------------------------------------
IN_PERSON = {
    "gm": DECIDE,
    "gms_delegate": set(),  # a delegation never reaches a target decided in person
    "gm_also_a_delegate": DECIDE,  # in the own seat, not the delegator's
    "submitter": {"withdraw"},
    "subject": set(),
    "unrelated": set(),
}


def _in_person_case(case, sysadmin, gm, finance_user):
    """(user, step) of `case` on a pending role change, which the GM decides in person."""
    deputy = UserFactory(roles=["office"])
    DelegationFactory(delegator=gm, delegate=deputy)
    second_gm = UserFactory(roles=[GM])
    DelegationFactory(delegator=gm, delegate=second_gm)
    subject = UserFactory(roles=["staff"])
    change = account_services.role_change_request(
        user=subject, role=Group.objects.get(name="staff"), action="remove", reason="离职",
        by=sysadmin)
    step = pending_request_for(change).steps.get()
    user = {"gm": gm, "gms_delegate": deputy, "gm_also_a_delegate": second_gm,
            "submitter": sysadmin, "subject": subject, "unrelated": finance_user}[case]
    return user, step


@pytest.mark.parametrize("case", IN_PERSON)
def test_in_person_targets_offer_and_accept_only_the_in_person_actions(
        client, case, sysadmin, gm, finance_user):
    """On a role change the GM decides in person: his delegate gets neither a button nor an
    inbox row and the service refuses him; a GM who is also a delegate decides in his own
    seat; the timeline, the inbox and the services agree with step_actions."""
    user, step = _in_person_case(case, sysadmin, gm, finance_user)
    actions = step_actions(user=user, step=step)
    allowed = _allowed(actions)

    assert allowed == IN_PERSON[case]
    assert _timeline_buttons(user, step.request.target) == allowed
    assert (_inbox_row(client, user, step) or set()) == allowed & DECIDE
    assert _accepted(user, step) == allowed
    if actions.decide:
        assert actions.seat == user.pk


def test_the_gms_delegate_is_told_he_is_not_a_decider(sysadmin, gm, finance_user):
    """The refusal of a delegate on an in-person target is the engine's "not a decider"."""
    deputy, step = _in_person_case("gms_delegate", sysadmin, gm, finance_user)

    with pytest.raises(ValidationError) as refused:
        approval_decide(step=step, by=deputy, approve=True)

    assert refused.value.code == "not_a_decider"
    assert step_actions(user=deputy, step=step).visible


# --- The states of a step and its request --------------------------------------------------------
# (state, whose actions) -> allowed. "decider" is the decider of the step in question.
STATES = {
    ("pending", "decider"): DECIDE,
    ("pending", "submitter"): {"withdraw"},
    ("waiting", "decider"): set(),  # not its turn yet
    ("waiting", "submitter"): {"withdraw"},  # the request is still pending
    ("approved", "decider"): set(),
    ("approved", "submitter"): set(),
    ("rejected", "decider"): set(),
    ("rejected", "submitter"): set(),
    ("withdrawn", "decider"): set(),
    ("withdrawn", "submitter"): set(),
    ("cancelled_after_rejection", "decider"): set(),
    ("cancelled_after_rejection", "submitter"): set(),
}


def _state(state, staff_user, market_manager, ops_vp):
    """(step, its decider) with the step, or its request, in `state`, reached by services."""
    route({"role": MM, "rank": 20}, {"role": VP, "rank": 30})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    first, second = request.steps.order_by("position")
    if state == "approved":
        approval_decide(step=first, by=market_manager, approve=True)
        approval_decide(step=second, by=ops_vp, approve=True)
    elif state in ("rejected", "cancelled_after_rejection"):
        approval_decide(step=first, by=market_manager, approve=False, comment="不同意")
    elif state == "withdrawn":
        approval_withdraw(request=request, by=staff_user)
    step = second if state in ("waiting", "approved", "cancelled_after_rejection") else first
    step.refresh_from_db()
    return step, ops_vp if step == second else market_manager


@pytest.mark.parametrize(("state", "who"), STATES)
def test_every_state_allows_exactly_its_actions_and_the_services_agree(
        state, who, staff_user, market_manager, ops_vp):
    """Only a pending step of a pending request is decided, and a request is withdrawn only
    while pending; in every other state the services refuse as step_actions does."""
    step, decider = _state(state, staff_user, market_manager, ops_vp)
    user = decider if who == "decider" else staff_user

    actions = step_actions(user=user, step=step)

    assert _allowed(actions) == STATES[(state, who)]
    assert _accepted(user, step) == _allowed(actions)
    if state != "pending":
        assert actions.refusal == "not_pending"
