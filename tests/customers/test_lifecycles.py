"""The declared lifecycles of the customer archive (issue 9, part 1; the mechanism is
core.lifecycle, tested for every model in tests/core/test_lifecycle.py): every transition the
tables allow succeeds, every other one is refused, and no status literal is spelled outside the
models' tables and their migrations."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from customers.models import AccessRequest, Customer, GasAccount

LIFECYCLES = [(Customer, "status"), (Customer, "archive_state"), (GasAccount, "status"),
              (AccessRequest, "status")]


def _states(model, field):
    return [value for value, _label in model._meta.get_field(field).choices]


def _pairs(allowed: bool):
    for model, field in LIFECYCLES:
        table = model.TRANSITIONS[field]
        for source in _states(model, field):
            for target in _states(model, field):
                if (target in table.get(source, ())) == allowed:
                    yield pytest.param(model, field, source, target,
                                       id=f"{model.__name__}.{field}:{source}->{target}")


@pytest.mark.parametrize(("model", "field"), LIFECYCLES)
def test_table_names_only_declared_states(model, field):
    """Each state in a transition table is one of the field's choices (the table cannot name a
    state the database does not know), and the field's default starts the lifecycle."""
    states = set(_states(model, field))
    table = model.TRANSITIONS[field]
    assert set(table) <= states
    assert all(targets <= states for targets in table.values())
    assert model._meta.get_field(field).default in table


@pytest.mark.parametrize(("model", "field", "source", "target"), list(_pairs(allowed=True)))
def test_allowed_transition_moves_the_state(model, field, source, target):
    """A transition in the table sets the field and the instance says it was allowed."""
    obj = model(**{field: source})
    assert obj.can_transition(field, target)
    obj.transition(field, target)
    assert getattr(obj, field) == target


@pytest.mark.parametrize(("model", "field", "source", "target"), list(_pairs(allowed=False)))
def test_forbidden_transition_is_refused(model, field, source, target):
    """A transition not in the table raises a ValidationError naming the field and leaves the
    state as it was (nothing is saved)."""
    obj = model(**{field: source})
    assert not obj.can_transition(field, target)
    with pytest.raises(ValidationError) as exc:
        obj.transition(field, target)
    assert field in exc.value.message_dict
    assert [error.code for error in exc.value.error_dict[field]] == ["transition"]
    assert getattr(obj, field) == source


def test_transition_methods_alter_data():
    """Templates cannot call the transition method (Django's alters_data guard)."""
    assert Customer.transition.alters_data is True


def _status_literals() -> set[str]:
    return {value for model, field in LIFECYCLES for value in _states(model, field)}


def _sources():
    root = Path(settings.BASE_DIR)
    files = [path for path in (root / "customers").rglob("*.py")
             if "migrations" not in path.parts and "models" not in path.parts]
    return files + sorted((root / "templates" / "customers").rglob("*.html"))


# Interface text ({% translate "removed" %}) is not a state; everything else quoted is.
_TRANSLATED = re.compile(r"{%\s*translate\s+(['\"]).*?\1\s*%}|gettext(_lazy)?\((['\"]).*?\3\)")


def test_no_status_literal_outside_the_models():
    """No module of the customers app (models and migrations aside) and no customer template
    compares or writes a state as a string: they use predicates or the TextChoices members."""
    states = "|".join(sorted(_status_literals()))
    literal = re.compile(r"(['\"])(" + states + r")\1")
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if literal.search(_TRANSLATED.sub("", line)):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.django_db
def test_services_go_through_the_table(staff_user):
    """customer_set_status refuses a move the table does not declare, and a closed customer does
    not come back through it (only the sales director reopens it), and saves nothing."""
    from customers import services
    from tests.customers.factories import make_customer

    customer = make_customer(by=staff_user)
    services.customer_set_status(customer=customer, status=Customer.Status.CLOSED, by=staff_user,
                                 reason="客户迁出")
    rows = customer.history.count()
    with pytest.raises(ValidationError) as exc:
        services.customer_set_status(customer=customer, status=Customer.Status.DRAFT,
                                     by=staff_user)
    assert "status" in exc.value.message_dict
    customer.refresh_from_db()
    assert (customer.status, customer.history.count()) == (Customer.Status.CLOSED, rows)
