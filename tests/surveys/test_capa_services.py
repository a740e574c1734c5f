"""The corrective/preventive actions' lifecycle through the services (issue 12, part 6):
assign → complete → verify → effectiveness check, sending back, opening by hand from
complaints; each refused to the wrong user (403) and in the wrong state (ValidationError)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.surveys.actions.capa import RULES, capa_actions
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.services import capa as services
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_action
from tests.surveys.factories_capa import assign, make_team, walk

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status


@pytest.fixture
def team(db):
    return make_team()


def test_the_whole_lifecycle_of_an_action_opened_by_hand(team):
    action = services.action_open(by=team.office, problem="抄表投诉增多")
    assert action.status == S.DRAFTED and action.number.startswith("JZ-")
    assert action.source == CorrectiveAction.Source.OTHER

    action = assign(action, team)
    assert action.status == S.ASSIGNED and action.owner == team.owner
    action = services.action_complete(action=action, by=team.head, note="完成培训")
    assert action.status == S.COMPLETED and action.completed_at
    action = services.action_verify(action=action, by=team.office, note="核实")
    assert action.status == S.AWAITING_CHECK and action.verified_by == team.office
    action = services.action_check(action=action, by=team.office, effective=True, note="投诉下降")
    assert action.status == S.CLOSED and action.is_effective is True and action.closed_at
    reasons = list(action.history.values_list("history_change_reason", flat=True))
    assert reasons[0].startswith("capa_effective")
    assert {"capa_assigned", "capa_completed", "capa_verified", "capa_opened_by_hand"} <= set(
        reasons
    )


def test_ineffective_by_hand_goes_back_to_the_owner(team):
    action = walk(make_action(number="JZ-1999-000011"), team, S.AWAITING_CHECK)
    action = services.action_check(
        action=action, by=team.office, effective=False, note="投诉未下降"
    )
    assert action.status == S.ASSIGNED and action.is_effective is False
    assert "投诉未下降" in action.verification_note
    assert action.history.first().history_change_reason.startswith("capa_ineffective")


def test_send_back_needs_a_reason_and_returns_to_assigned(team):
    action = walk(make_action(number="JZ-1999-000012"), team, S.COMPLETED)
    with pytest.raises(ValidationError) as error:
        services.action_send_back(action=action, by=team.office, note=" ")
    assert "note" in error.value.message_dict
    action = services.action_send_back(action=action, by=team.office, note="证据不足")
    assert action.status == S.ASSIGNED
    assert "证据不足" in action.history.first().history_change_reason


@pytest.mark.parametrize("who", ["gm", "staff", "other_head", "owner"])
def test_only_the_office_assigns_verifies_and_checks(team, who):
    user = getattr(team, who)
    drafted = make_action(number="JZ-1999-000013")
    with pytest.raises(PermissionDenied):
        services.action_assign(
            action=drafted,
            by=user,
            problem="p",
            kind="corrective",
            measures="m",
            owner_department=team.department,
            owner=team.owner,
            due_on=timezone.localdate(),
        )
    completed = walk(make_action(number="JZ-1999-000014"), team, S.COMPLETED)
    with pytest.raises(PermissionDenied):
        services.action_verify(action=completed, by=user, note="x")
    with pytest.raises(PermissionDenied):
        services.action_send_back(action=completed, by=user, note="x")


@pytest.mark.parametrize("who", ["gm", "staff", "other_head", "office"])
def test_only_the_owner_or_the_owner_departments_head_completes(team, who):
    action = walk(make_action(number="JZ-1999-000015"), team, S.ASSIGNED)
    with pytest.raises(PermissionDenied):
        services.action_complete(action=action, by=getattr(team, who), note="x")


def test_the_wrong_state_is_a_validation_error(team):
    drafted = make_action(
        number="JZ-1999-000016", owner=team.owner, owner_department=team.department
    )
    with pytest.raises(ValidationError):
        services.action_complete(action=drafted, by=team.owner, note="x")
    with pytest.raises(ValidationError):
        services.action_verify(action=drafted, by=team.office, note="x")
    closed = make_action(status=S.CLOSED, number="JZ-1999-000017")
    with pytest.raises(ValidationError):
        assign(closed, team)


def test_a_survey_action_is_not_checked_by_hand(team):
    from tests.surveys.factories import make_campaign, make_report

    report = make_report(make_campaign())
    action = make_action(
        status=S.AWAITING_CHECK,
        source=CorrectiveAction.Source.SURVEY,
        report=report,
        dimension_code="safety",
        number="JZ-1999-000018",
    )
    assert not capa_actions(team.office, action).check
    with pytest.raises(ValidationError):
        services.action_check(action=action, by=team.office, effective=True, note="x")


def test_assignment_checks_owner_department_and_due_date(team):
    action = make_action(number="JZ-1999-000019")
    with pytest.raises(ValidationError) as error:
        assign(
            action,
            team,
            owner=team.other_head,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
            measures="",
        )
    assert {"owner", "due_on", "measures"} <= set(error.value.message_dict)
    # The head of the owner department may own the action.
    assert assign(action, team, owner=team.head).owner == team.head


def test_reassigning_keeps_it_assigned(team):
    action = walk(make_action(number="JZ-1999-000020"), team, S.ASSIGNED)
    action = assign(action, team, measures="新措施")
    assert action.status == S.ASSIGNED and action.measures == "新措施"
    assert action.history.first().history_change_reason == "capa_assignment_corrected"


def test_opening_from_complaints_links_only_complaints_the_office_sees(team):
    from tests.complaints.factories import make_complaint, make_desk

    desk = make_desk()
    complaints = [make_complaint(desk), make_complaint(desk)]
    action = services.action_open(by=team.office, problem="抄表投诉集中", complaints=complaints)
    assert action.source == CorrectiveAction.Source.COMPLAINTS
    assert set(action.complaints.all()) == set(complaints)

    head = UserFactory(username="opener", roles=["office"], department=None)
    assert services.action_open(by=head, problem="x").pk
    with pytest.raises(PermissionDenied):
        services.action_open(by=team.gm, problem="x")
    with pytest.raises(ValidationError):
        services.action_open(by=team.office, problem=" ")


def test_every_rule_has_a_flag():
    assert set(RULES) == set(capa_actions.__annotations__.get("return").__dataclass_fields__)


@pytest.mark.parametrize("state", list(S))
def test_only_the_declared_transitions_are_possible(state):
    """The lifecycle is the model's one table: every other move is refused, even on save."""
    allowed = CorrectiveAction.TRANSITIONS["status"][state]
    for target in S:
        action = make_action(status=state)
        if target in allowed:
            action.move_to(target)
            assert action.status == target
        elif target != state:
            with pytest.raises(ValidationError):
                action.move_to(target)
            action.status = target
            with pytest.raises(ValidationError):
                action.save()
