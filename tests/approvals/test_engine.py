import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from approvals.models import ApprovalRequest, ApprovalStep, Decider, Decision, Mode
from approvals.selectors import route_resolve
from approvals.services import (
    approval_decide,
    approval_submit,
    approval_withdraw,
    delegation_revoke,
)
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route

pytestmark = pytest.mark.django_db

MM = "market_manager"
VP = "ops_vp"
GM = "gm"


def _codes(request):
    return [step.role.name if step.role else f"user:{step.user_id}"
            for step in request.steps.order_by("position")]


def _error_code(excinfo):
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return error.code


# --- Resolving routes -----------------------------------------------------------------------
def test_an_object_whose_route_has_no_step_needs_no_approval(staff_user):
    """With no matching route, submission returns None and nothing is created."""
    route({"role": MM, "rank": 20}, condition="testapp.big")
    application = ApplicationFactory(amount=100)

    result = approval_submit(target=application, by=staff_user)

    assert result is None
    assert not ApprovalRequest.objects.exists()
    application.refresh_from_db()
    assert application.status == "draft"


def test_a_one_step_route_opens_a_request_waiting_for_that_role(staff_user, market_manager):
    """One step: the request is pending at the market manager, the target is told."""
    route({"role": MM, "rank": 20})
    application = ApplicationFactory(amount=Decimal("1234.50"))

    request = approval_submit(target=application, by=staff_user)

    assert request.round == 1 and request.status == "pending"
    assert _codes(request) == [MM]
    first = request.steps.get()
    assert first.status == "pending" and first.due_at > first.activated_at
    assert (request.number, request.customer, request.amount) == (
        f"SQ-{application.pk:04d}", "测试客户", Decimal("1234.50"))
    application.refresh_from_db()
    assert application.status == "in_approval"


def test_matching_routes_merge_by_rank_and_a_repeated_role_is_kept_once(staff_user, gm,
                                                                         market_manager, ops_vp):
    """Two matching routes give MM (20), VP (30), GM (40) once each; a non-matching one adds
    nothing; the matched conditions are recorded on the request."""
    route({"role": GM, "rank": 40}, {"role": MM, "rank": 20}, name="甲")
    route({"role": MM, "rank": 20}, {"role": VP, "rank": 30}, condition="testapp.big", name="乙")
    route({"role": "finance", "rank": 10}, condition="testapp.has_reviewer", name="丙")
    application = ApplicationFactory(amount=20000)

    request = approval_submit(target=application, by=staff_user)

    assert _codes(request) == [MM, VP, GM]
    assert [match["route"] for match in request.conditions] == ["甲", "乙"]
    assert request.conditions[1]["condition"] == "金额不低于一万元"


def test_route_preview_names_the_roles_and_the_conditions_that_matched(market_manager):
    """Before submission the preview lists the steps and why."""
    route({"role": MM, "rank": 20}, condition="testapp.big", name="大额")
    application = ApplicationFactory(amount=10000)

    resolved = route_resolve(application, strict=False)

    assert [item.label() for item in resolved.steps] == ["市场部经理"]
    assert resolved.matched == [{"route": "大额", "condition": "金额不低于一万元"}]


def test_a_route_with_an_unknown_condition_blocks_submission(staff_user):
    """A route naming a condition the code does not register is an error, not a silent skip."""
    route({"role": MM}, condition="nobody.knows")

    with pytest.raises(ValidationError, match="nobody.knows"):
        approval_submit(target=ApplicationFactory(), by=staff_user)


def test_a_step_nobody_can_decide_refuses_submission(staff_user):
    """When no active user holds the role, the submitter is told instead of waiting forever."""
    route({"role": "budget"})

    with pytest.raises(ValidationError) as excinfo:
        approval_submit(target=ApplicationFactory(), by=staff_user)

    assert _error_code(excinfo) == "no_decider"
    assert not ApprovalRequest.objects.exists()


# --- Three ways of naming deciders ----------------------------------------------------------
def test_a_role_step_is_decided_by_any_holder_of_the_role(staff_user, market_manager):
    """Holders of the role company-wide may decide a plain role step."""
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    approval_decide(step=request.steps.get(), by=market_manager, approve=True)

    request.refresh_from_db()
    assert request.status == "approved"


def test_a_department_role_step_is_decided_only_in_that_department(staff_user):
    """The market manager of the target's department decides; another department's cannot."""
    sales, other = DepartmentFactory(code="sales"), DepartmentFactory(code="other")
    own_manager = UserFactory(roles=[MM], department=sales)
    other_manager = UserFactory(roles=[MM], department=other)
    route({"role": MM, "decider": Decider.DEPARTMENT_ROLE, "department_field": "department"})
    request = approval_submit(target=ApplicationFactory(department=sales), by=staff_user)
    step = request.steps.get()

    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=step, by=other_manager, approve=True)
    approval_decide(step=step, by=own_manager, approve=True)

    assert _error_code(excinfo) == "not_a_decider"
    assert step.department == sales
    assert "（" in step.decider_label()


def test_a_department_step_without_department_on_the_target_is_refused(staff_user):
    """The error names the field that is empty."""
    route({"role": MM, "decider": Decider.DEPARTMENT_ROLE, "department_field": "department"})

    with pytest.raises(ValidationError, match="department"):
        approval_submit(target=ApplicationFactory(department=None), by=staff_user)


def test_a_named_user_step_is_decided_only_by_that_user(staff_user, market_manager):
    """A step naming the target's reviewer is decided by the reviewer, not by role holders."""
    reviewer = UserFactory()
    route({"decider": Decider.FIELD_USER, "user_field": "reviewer", "role": None})
    request = approval_submit(target=ApplicationFactory(reviewer=reviewer), by=staff_user)
    step = request.steps.get()

    with pytest.raises(ValidationError):
        approval_decide(step=step, by=market_manager, approve=True)
    approval_decide(step=step, by=reviewer, approve=True)

    assert step.user == reviewer
    request.refresh_from_db()
    assert request.status == "approved"


# --- How many must agree --------------------------------------------------------------------
def test_a_one_of_step_is_closed_by_the_first_decision(staff_user):
    """The first approval of a one-of step approves it; the second holder is refused."""
    first, second = UserFactory(roles=[MM]), UserFactory(roles=[MM])
    route({"role": MM, "mode": Mode.ONE})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    step = request.steps.get()

    approval_decide(step=step, by=first, approve=True)
    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=step, by=second, approve=True)

    assert _error_code(excinfo) == "already_decided"
    assert Decision.objects.count() == 1


def test_an_all_of_step_waits_for_every_holder(staff_user):
    """All holders must approve; the step stays pending until the last one does."""
    first, second = UserFactory(roles=[GM]), UserFactory(roles=[GM])
    route({"role": GM, "mode": Mode.ALL})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    step = request.steps.get()

    approval_decide(step=step, by=first, approve=True)
    step.refresh_from_db()
    assert step.status == "pending"
    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=step, by=first, approve=True)
    assert _error_code(excinfo) == "already_voted"
    approval_decide(step=step, by=second, approve=True)

    step.refresh_from_db()
    assert step.status == "approved"


def test_an_all_of_step_does_not_wait_for_the_submitter(gm):
    """A submitter holding the role is not among the deciders (four-eyes)."""
    other_gm = UserFactory(roles=[GM])
    route({"role": GM, "mode": Mode.ALL})
    request = approval_submit(target=ApplicationFactory(), by=gm)

    approval_decide(step=request.steps.get(), by=other_gm, approve=True)

    request.refresh_from_db()
    assert request.status == "approved"


def test_a_quorum_step_closes_at_n_approvals(staff_user):
    """Two of three approvals close a quorum-2 step."""
    members = [UserFactory(roles=[VP]) for _ in range(3)]
    route({"role": VP, "mode": Mode.QUORUM, "quorum": 2})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    step = request.steps.get()

    approval_decide(step=step, by=members[0], approve=True)
    step.refresh_from_db()
    assert step.status == "pending"
    approval_decide(step=step, by=members[1], approve=True)

    step.refresh_from_db()
    assert step.status == "approved"


def test_one_rejection_ends_a_quorum_round(staff_user):
    """A rejection in a quorum step rejects the request at once."""
    members = [UserFactory(roles=[VP]) for _ in range(3)]
    route({"role": VP, "mode": Mode.QUORUM, "quorum": 2})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    approval_decide(step=request.steps.get(), by=members[0], approve=False, comment="不同意")

    request.refresh_from_db()
    assert request.status == "rejected"


# --- The life of a request ----------------------------------------------------------------
def test_approving_every_step_approves_the_request_and_tells_the_target(
        staff_user, market_manager, ops_vp):
    """Steps are decided in order; the last approval approves the target, which is told once
    (its registered ApprovalTarget records the approval by the last decider)."""
    route({"role": MM, "rank": 20}, {"role": VP, "rank": 30})
    application = ApplicationFactory()
    request = approval_submit(target=application, by=staff_user)
    first, second = request.steps.order_by("position")
    with pytest.raises(ValidationError):
        approval_decide(step=second, by=ops_vp, approve=True)  # not its turn yet
    approval_decide(step=first, by=market_manager, approve=True, comment="同意")
    second.refresh_from_db()
    assert second.status == "pending"
    approval_decide(step=second, by=ops_vp, approve=True)

    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == "approved" and request.closed_at is not None
    assert application.status == "approved"
    told = application.history.filter(history_change_reason="approved")
    assert [(row.status, row.history_user) for row in told] == [("approved", ops_vp)]


def test_a_rejection_needs_a_comment(staff_user, market_manager):
    """Rejecting without a reason is refused on the comment field."""
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=request.steps.get(), by=market_manager, approve=False, comment=" ")

    assert "comment" in excinfo.value.error_dict
    assert not Decision.objects.exists()


def test_a_rejection_ends_the_round_and_cancels_the_remaining_steps(
        staff_user, market_manager, ops_vp):
    """The target is told; later steps are cancelled."""
    route({"role": MM, "rank": 20}, {"role": VP, "rank": 30})
    application = ApplicationFactory()
    request = approval_submit(target=application, by=staff_user)

    approval_decide(step=request.steps.get(position=1), by=market_manager, approve=False,
                    comment="金额有误")

    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == "rejected"
    assert application.status == "rejected"
    assert list(request.steps.values_list("status", flat=True)) == ["rejected", "cancelled"]


def test_the_submitter_may_withdraw_a_pending_request(staff_user, market_manager):
    """Withdrawing cancels the open step; only the submitter may do it."""
    route({"role": MM})
    application = ApplicationFactory()
    request = approval_submit(target=application, by=staff_user)

    with pytest.raises(ValidationError):
        approval_withdraw(request=request, by=market_manager)
    approval_withdraw(request=request, by=staff_user)

    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == "withdrawn"
    assert application.status == "draft"
    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=request.steps.get(), by=market_manager, approve=True)
    assert _error_code(excinfo) in ("withdrawn", "not_pending")


def test_a_rejected_object_is_resubmitted_as_round_two_and_round_one_stays(
        staff_user, market_manager):
    """After a rejection a new round starts with the route of now; round 1 is kept intact."""
    route({"role": MM})
    application = ApplicationFactory()
    first = approval_submit(target=application, by=staff_user)
    approval_decide(step=first.steps.get(), by=market_manager, approve=False, comment="补充资料")

    application.amount = 800
    application.save()
    second = approval_submit(target=application, by=staff_user)

    assert (first.round, second.round) == (1, 2)
    first.refresh_from_db()
    assert first.status == "rejected"
    assert first.steps.get().decisions.get().comment == "补充资料"
    assert ApprovalRequest.objects.filter(object_id=application.pk).count() == 2


def test_submitting_twice_opens_one_request(staff_user, market_manager):
    """A second submission while one is pending is refused with a clear message."""
    route({"role": MM})
    application = ApplicationFactory()
    approval_submit(target=application, by=staff_user)

    with pytest.raises(ValidationError) as excinfo:
        approval_submit(target=application, by=staff_user)

    assert _error_code(excinfo) == "already_pending"
    assert ApprovalRequest.objects.count() == 1


def test_the_database_refuses_a_second_pending_round(staff_user, market_manager):
    """Even bypassing the service, two pending requests for one object cannot coexist."""
    route({"role": MM})
    application = ApplicationFactory()
    request = approval_submit(target=application, by=staff_user)

    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRequest.objects.create(content_type=request.content_type,
                                       object_id=application.pk, round=2,
                                       submitted_by=staff_user, title="x")


# --- Who may decide -------------------------------------------------------------------------
def test_the_submitter_may_never_approve_their_own_request(market_manager):
    """Four-eyes: holding the role is not enough when you submitted."""
    UserFactory(roles=[MM])  # somebody else can decide
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=market_manager)

    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=request.steps.get(), by=market_manager, approve=True)

    assert _error_code(excinfo) == "own_request"


def test_a_user_without_the_role_is_refused(staff_user, market_manager, finance_user):
    """Someone who holds neither the role nor a delegation cannot decide."""
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=request.steps.get(), by=finance_user, approve=True)

    assert _error_code(excinfo) == "not_a_decider"


def test_a_delegate_decides_for_the_delegator_within_the_dates(staff_user, market_manager):
    """The decision records both the delegate and the seat they voted for."""
    deputy = UserFactory()
    DelegationFactory(delegator=market_manager, delegate=deputy)
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    decision = approval_decide(step=request.steps.get(), by=deputy, approve=True)

    assert (decision.decided_by, decision.seat) == (deputy, market_manager)
    assert decision.is_delegated


@pytest.mark.parametrize("days", [(-5, -1), (1, 3)])
def test_a_delegation_outside_its_dates_gives_no_right(staff_user, market_manager, days):
    """Before its first day or after its last day a delegation does nothing."""
    deputy = UserFactory()
    today = datetime.date.today()
    DelegationFactory(delegator=market_manager, delegate=deputy,
                      starts_on=today + datetime.timedelta(days=days[0]),
                      ends_on=today + datetime.timedelta(days=days[1]))
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    with pytest.raises(ValidationError):
        approval_decide(step=request.steps.get(), by=deputy, approve=True)


def test_a_revoked_delegation_gives_no_right_and_stays_in_history(staff_user, market_manager):
    """Revoking ends the right at once; the delegation's history shows it."""
    deputy = UserFactory()
    delegation = DelegationFactory(delegator=market_manager, delegate=deputy)
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    delegation_revoke(delegation=delegation, by=market_manager)

    with pytest.raises(ValidationError):
        approval_decide(step=request.steps.get(), by=deputy, approve=True)
    assert delegation.history.latest().history_change_reason == "revoked"


def test_a_delegate_cannot_approve_the_delegators_own_request(market_manager):
    """Delegation does not get around four-eyes."""
    deputy = UserFactory()
    UserFactory(roles=[MM])
    DelegationFactory(delegator=market_manager, delegate=deputy)
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=market_manager)

    with pytest.raises(ValidationError):
        approval_decide(step=request.steps.get(), by=deputy, approve=True)


def test_a_route_edited_during_approval_does_not_change_the_request(staff_user, market_manager,
                                                                    ops_vp):
    """The request keeps the frozen steps it was submitted with."""
    route_obj = route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    step = route_obj.steps.get()
    step.role = ops_vp.groups.get()
    step.save()

    frozen = request.steps.get()
    with pytest.raises(ValidationError):
        approval_decide(step=frozen, by=ops_vp, approve=True)
    approval_decide(step=frozen, by=market_manager, approve=True)

    assert frozen.role.name == MM
    assert route_obj.steps.get().history.count() == 2


def test_a_stale_second_decision_names_who_decided_first_and_when(staff_user):
    """Two approvers with the same page open: the second is told who was first."""
    first = UserFactory(roles=[MM], last_name="李", first_name="娜")
    second = UserFactory(roles=[MM])
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    page_of_first = request.steps.get()
    page_of_second = ApprovalStep.objects.get(pk=page_of_first.pk)

    approval_decide(step=page_of_first, by=first, approve=True)
    with pytest.raises(ValidationError) as excinfo:
        approval_decide(step=page_of_second, by=second, approve=False, comment="不同意")

    assert "李娜" in excinfo.value.messages[0]
    assert Decision.objects.count() == 1


def test_decisions_requests_and_steps_keep_their_history(staff_user, market_manager):
    """Every change of the engine's records is in simple-history with the acting user."""
    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    decision = approval_decide(step=request.steps.get(), by=market_manager, approve=True)

    assert decision.history.count() == 1
    assert request.history.count() == 2  # submitted, approved
    assert list(request.steps.get().history.values_list("history_change_reason", flat=True)
                ) == ["approved", "activated", "frozen_from_route"]


def test_engine_records_cannot_be_deleted(staff_user, market_manager):
    """Requests, steps and decisions refuse deletion."""
    from core.models import HardDeleteForbidden

    route({"role": MM})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    with pytest.raises(HardDeleteForbidden):
        request.delete()
    with pytest.raises(HardDeleteForbidden):
        ApprovalStep.objects.all().delete()
