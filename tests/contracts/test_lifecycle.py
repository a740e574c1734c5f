"""Issue 9: the contract's lifecycle is declared once (Contract.TRANSITIONS["status"], through the
one mechanism of core.lifecycle); `move_to` (= `transition("status", …)`) is the only way its status
changes, the predicates the only way code asks about it; no status literal appears in
the contract templates or the contracts modules outside the models and migrations."""

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from contracts import services
from contracts.models import Contract, HandOver
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = Contract.Status
TABLE = Contract.TRANSITIONS["status"]
ALLOWED = [(source, target) for source, targets in TABLE.items() for target in sorted(targets)]
FORBIDDEN = [(source, target) for source, target in itertools.product(Status, Status)
             if target not in TABLE[source]]
STATUS_VALUES = "|".join(Status.values)


def test_every_status_has_a_row_and_every_target_is_a_status():
    """The table, the contract's only one, names every status once as a source; its targets are
    statuses."""
    assert set(Contract.TRANSITIONS) == {"status"}
    assert set(TABLE) == set(Status)
    assert all(set(targets) <= set(Status) for targets in TABLE.values())


def test_the_end_states_have_no_way_out():
    """Archived and void are final."""
    assert TABLE[Status.ARCHIVED] == frozenset()
    assert TABLE[Status.VOID] == frozenset()


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=[f"{s}->{t}" for s, t in ALLOWED])
def test_allowed_transition(source, target):
    """Each declared transition moves the status (not saved: the service saves)."""
    contract = Contract(status=source)
    assert contract.can_move_to(target)
    contract.move_to(target)
    assert contract.status == target


@pytest.mark.parametrize(("source", "target"), FORBIDDEN,
                         ids=[f"{s}->{t}" for s, t in FORBIDDEN])
def test_forbidden_transition(source, target):
    """Every other move (staying put included) is refused on the status field, naming both
    statuses, and the status is unchanged."""
    contract = Contract(status=source)
    assert not contract.can_move_to(target)
    with pytest.raises(ValidationError) as caught:
        contract.move_to(target)
    assert _refusal_code(caught) == "transition"
    message = caught.value.messages[0]
    assert str(Status(source).label) in message and str(Status(target).label) in message
    assert contract.status == source


def _refusal_code(caught) -> str:
    """The code of the lifecycle's refusal, which is an error on the status field."""
    [error] = caught.value.error_dict["status"]
    return error.code


def test_move_to_is_marked_as_altering_data():
    """Templates never call it, nor the mixin's `transition` it delegates to."""
    assert Contract.move_to.alters_data is True
    assert Contract.transition.alters_data is True


PREDICATES = {
    "is_editable": {Status.DRAFT, Status.ESTIMATING},
    "is_awaiting_estimate": {Status.ESTIMATING},
    "is_approved": {Status.APPROVED},
    "is_in_force": {Status.SIGNED, Status.PERFORMING},
    "accepts_payments": {Status.APPROVED, Status.SIGNED, Status.PERFORMING},
    "is_finished": {Status.COMPLETED, Status.TERMINATED},
    "is_closed": {Status.ARCHIVED, Status.VOID},
}


@pytest.mark.parametrize("predicate", sorted(PREDICATES))
def test_predicates(predicate):
    """Each predicate is true exactly for its statuses."""
    for status in Status:
        assert getattr(Contract(status=status), predicate) is (status in PREDICATES[predicate]), \
            (predicate, status)


def test_an_approval_hook_out_of_order_is_refused():
    """The approval engine cannot approve a contract that is not in approval."""
    drafter = UserFactory(roles=["staff"])
    contract = Contract(status=Status.SIGNED)
    with pytest.raises(ValidationError):
        services.contract_on_approval(contract=contract, status=Status.APPROVED,
                                      reason="approved", by=drafter)
    assert contract.status == Status.SIGNED


# --- No status literal outside the table ------------------------------------------------------
CONTRACTS_DIR = Path(settings.BASE_DIR) / "contracts"
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates" / "contracts"
QUOTED = rf"""["']({STATUS_VALUES})["']"""


def _modules():
    """contracts/*.py and sub-packages, without the models (the table) and the migrations."""
    for path in sorted(CONTRACTS_DIR.rglob("*.py")):
        parts = path.relative_to(CONTRACTS_DIR).parts
        if parts[0] not in ("models", "migrations"):
            yield path


# The acceptance grep, and any status string or record status next to a comparison (the
# list filter's `request.GET.status == code` compares a parameter, not a record's status).
TEMPLATE_PATTERNS = [re.compile(r"'(signed|performing|draft|approved)'"),
                     re.compile(rf"(==|!=|\bin)\s*{QUOTED}|{QUOTED}\s*(==|!=)"),
                     re.compile(r"(?<!GET)\.status\s*(==|!=|\bin\b)")]


def test_the_contract_templates_compare_no_status_string():
    """Templates ask the predicates (`contract.is_in_force`), never compare status strings."""
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted(TEMPLATES_DIR.rglob("*.html"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if any(pattern.search(line) for pattern in TEMPLATE_PATTERNS)]
    assert not found, found


def test_the_contracts_modules_spell_no_status_literal():
    """Outside the models and migrations, a status is named by its member (Contract.Status.X)
    or asked through a predicate: no line mentioning a status holds a status string, and no
    tuple or list of status strings is spelled out."""
    status_line = re.compile(rf"status.*{QUOTED}")
    literal_set = re.compile(rf"[(\[]\s*{QUOTED}\s*,\s*{QUOTED}")
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in _modules()
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if status_line.search(line) or literal_set.search(line)]
    assert not found, found


def test_only_move_to_assigns_the_status():
    """No service assigns `status` directly: every change goes through the declared table."""
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in _modules()
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"\.status\s*=[^=]", line)]
    assert not found, found


def test_the_checks_find_what_they_look_for():
    """The patterns above do match the spellings they forbid (so they can fail)."""
    for line in ("{% if contract.status == 'signed' %}", "{% if contract.status == \"void\" %}",
                 "{% if contract.status in statuses %}"):
        assert any(pattern.search(line) for pattern in TEMPLATE_PATTERNS), line
    assert not any(pattern.search("{% url 'contracts:finish' contract.pk 'void' %}")
                   for pattern in TEMPLATE_PATTERNS)
    assert re.search(rf"status.*{QUOTED}", 'status__in=["signed", "performing"])')
    assert re.search(rf"[(\[]\s*{QUOTED}\s*,\s*{QUOTED}", '("approved", "signed")')
    assert re.search(r"\.status\s*=[^=]", "contract.status = Contract.Status.VOID")


# --- The hand-over: prepared → received, once -------------------------------------------------
def test_a_handover_is_received_once():
    """`mark_received` records the archivist and the location; a second receipt is refused."""
    archivist = UserFactory(roles=["archivist"])
    handover = HandOver()
    assert not handover.is_received
    handover.mark_received(by=archivist, location=" 档案室A-3 ")
    assert handover.is_received and handover.received_by == archivist
    assert handover.location == "档案室A-3"
    with pytest.raises(ValidationError) as caught:
        handover.mark_received(by=archivist, location="B-1")
    assert caught.value.code == "transition" and handover.location == "档案室A-3"


def test_a_handover_needs_a_location():
    """Without a location the receipt is refused, naming the field, and nothing changes."""
    handover = HandOver()
    with pytest.raises(ValidationError) as caught:
        handover.mark_received(by=UserFactory(roles=["archivist"]), location="  ")
    assert "location" in caught.value.message_dict and not handover.is_received


def test_mark_received_is_marked_as_altering_data():
    assert HandOver.mark_received.alters_data is True


def test_only_mark_received_records_the_receipt():
    """No module outside the models sets the receipt fields directly."""
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in _modules()
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"\.received_(at|by)\b[^=]*=[^=]", line)]
    assert not found, found


# --- The status field is protected ------------------------------------------------------------
def test_a_save_with_an_undeclared_status_change_is_refused(signed):
    """Assigning the status by hand and saving is refused unless the table declares the move."""
    contract = Contract.objects.get(pk=signed.pk)
    contract.status = Status.DRAFT
    with pytest.raises(ValidationError) as caught:
        contract.save()
    assert _refusal_code(caught) == "transition"
    message = caught.value.messages[0]
    assert str(Status.SIGNED.label) in message and str(Status.DRAFT.label) in message
    assert Contract.objects.get(pk=contract.pk).status == Status.SIGNED


def test_a_save_with_a_declared_status_change_passes(signed):
    """A declared move saves, and the saved status is the base of the next check."""
    contract = Contract.objects.get(pk=signed.pk)
    contract.move_to(Status.PERFORMING)
    contract.save()
    contract.status = Status.SIGNED
    with pytest.raises(ValidationError):
        contract.save()
    contract.refresh_from_db()
    assert contract.status == Status.PERFORMING
    contract.status = Status.COMPLETED
    contract.save()
    assert Contract.objects.get(pk=contract.pk).status == Status.COMPLETED

