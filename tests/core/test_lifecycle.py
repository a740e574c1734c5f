"""The one lifecycle mechanism (core.lifecycle, issue 9): for every model that uses it, every
declared transition is allowed and every other one refused, both through `transition` and
through a save of a hand-assigned state; a new instance starts in any state; the history copies
are left alone."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

from contracts.models import Contract
from core.lifecycle import Lifecycle
from core.models import UnrecordedUpdateForbidden
from customers.models import AccessRequest, Customer, GasAccount

LIFECYCLE_MODELS = sorted((model for model in apps.get_models() if issubclass(model, Lifecycle)),
                          key=lambda model: model._meta.label)
FIELDS = [(model, field) for model in LIFECYCLE_MODELS for field in model.TRANSITIONS]


def _states(model, field):
    return [value for value, _label in model._meta.get_field(field).choices]


def _pairs(allowed: bool):
    """(model, field, source, target) for every pair of the field's states the table allows
    (`allowed`) or does not."""
    for model, field in FIELDS:
        table = model.TRANSITIONS[field]
        for source in _states(model, field):
            for target in _states(model, field):
                if (target in table.get(source, ())) is allowed:
                    yield pytest.param(model, field, source, target,
                                       id=f"{model.__name__}.{field}:{source}->{target}")


ALLOWED = list(_pairs(allowed=True))
FORBIDDEN = list(_pairs(allowed=False))


def _loaded(model, field, state):
    """An instance as read from the database with `field` in `state` (the rest deferred)."""
    return model.from_db(DEFAULT_DB_ALIAS, ["id", field], [1, state])


@pytest.fixture
def no_write(monkeypatch):
    """Model.save runs up to the database write, which is recorded instead of made."""
    writes = []
    monkeypatch.setattr(Model, "save_base", lambda self, *args, **kwargs: writes.append(self))
    return writes


def _refusal_codes(caught, field):
    return [error.code for error in caught.value.error_dict[field]]


def test_the_mechanism_is_found_on_the_models_with_states():
    """The walk below covers the contract and the customer archive (so it cannot pass empty),
    and each of them declares its tables in the one mixin's shape."""
    assert {Contract, Customer, GasAccount, AccessRequest} <= set(LIFECYCLE_MODELS)
    assert {(Customer, "status"), (Customer, "archive_state"), (Contract, "status")} <= set(FIELDS)
    assert ALLOWED and FORBIDDEN


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
def test_each_table_names_only_the_fields_states(model, field):
    """A table's states and targets are choices of its field, kept in frozensets (a class
    attribute nobody can change in place), and the field's default starts the lifecycle."""
    states = set(_states(model, field))
    table = model.TRANSITIONS[field]
    assert set(table) <= states
    assert all(isinstance(targets, frozenset) and targets <= states for targets in table.values())
    assert model._meta.get_field(field).default in table


@pytest.mark.parametrize(("model", "field", "source", "target"), ALLOWED)
def test_a_declared_transition_is_allowed(model, field, source, target):
    """`transition` moves the field, unsaved, and the instance said it would."""
    obj = model(**{field: source})

    assert obj.can_transition(field, target)
    obj.transition(field, target)

    assert getattr(obj, field) == target


@pytest.mark.parametrize(("model", "field", "source", "target"), FORBIDDEN)
def test_every_other_transition_is_refused(model, field, source, target):
    """Any pair the table does not declare (staying put included, unless declared) is refused
    on the field, code "transition", naming both states; the field keeps its state."""
    obj = model(**{field: source})
    labels = dict(model._meta.get_field(field).choices)

    assert not obj.can_transition(field, target)
    with pytest.raises(ValidationError) as caught:
        obj.transition(field, target)

    assert _refusal_codes(caught, field) == ["transition"]
    message = caught.value.messages[0]
    assert str(labels[source]) in message and str(labels[target]) in message
    assert getattr(obj, field) == source


@pytest.mark.parametrize(("model", "field", "source", "target"), ALLOWED)
def test_a_save_of_a_declared_change_is_written(model, field, source, target, no_write):
    """A stored record whose state was moved as declared is saved, and the saved state is the
    base of the next check."""
    obj = _loaded(model, field, source)

    setattr(obj, field, target)
    obj.save()

    assert no_write == [obj]
    assert obj._stored_states[field] == target


@pytest.mark.parametrize(("model", "field", "source", "target"),
                         [pair for pair in FORBIDDEN if pair.values[2] != pair.values[3]])
def test_a_save_of_an_undeclared_change_is_refused(model, field, source, target, no_write):
    """A stored record whose state was assigned by hand outside the table is not written."""
    obj = _loaded(model, field, source)

    setattr(obj, field, target)
    with pytest.raises(ValidationError) as caught:
        obj.save()

    assert _refusal_codes(caught, field) == ["transition"]
    assert no_write == []


@pytest.mark.parametrize(("model", "field", "source", "target"),
                         [pair for pair in FORBIDDEN if pair.values[2] != pair.values[3]])
def test_a_save_leaving_the_state_out_is_not_checked(model, field, source, target, no_write):
    """`save(update_fields=…)` without the state field does not write it, so it is not refused
    (and the stored state stays the base of the next check)."""
    obj = _loaded(model, field, source)

    setattr(obj, field, target)
    obj.save(update_fields=["updated_at"])

    assert no_write == [obj]
    assert obj._stored_states[field] == source


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
def test_a_new_record_starts_in_any_state(model, field, no_write):
    """An unsaved instance (a record being created, or simple-history's copy of an old
    version) is not checked: only a stored state has a table row to check against."""
    for state in _states(model, field):
        obj = model(**{field: state})
        obj.save()
        assert no_write[-1] is obj


@pytest.mark.parametrize("model", LIFECYCLE_MODELS, ids=lambda model: model.__name__)
def test_a_bulk_update_cannot_go_round_the_table(model):
    """QuerySet.update() of a state is refused by core.models like any bulk update."""
    field = next(iter(model.TRANSITIONS))
    with pytest.raises(UnrecordedUpdateForbidden):
        model.objects.filter(pk=0).update(**{field: _states(model, field)[0]})


@pytest.mark.parametrize("model", LIFECYCLE_MODELS, ids=lambda model: model.__name__)
def test_the_history_models_do_not_use_the_mechanism(model):
    """simple-history's historical model copies the fields, not the mixin: its rows are written
    as they come."""
    assert not issubclass(model.history.model, Lifecycle)


@pytest.mark.django_db
def test_a_stored_customer_is_protected_and_its_history_follows(staff_user, sales_director):
    """On a real row: a hand-assigned status outside the table is refused and nothing is
    written; a declared one is saved with its history row; a deferred state is remembered when
    it is loaded; an old version's copy from the history is a new, unchecked instance."""
    from tests.customers.factories import make_customer

    customer = Customer.objects.get(pk=make_customer(by=staff_user).pk)
    rows = customer.history.count()

    customer.status = Customer.Status.ACTIVE
    customer.save()
    customer.status = Customer.Status.DRAFT  # an active customer is never pre-registered again
    with pytest.raises(ValidationError) as caught:
        customer.save()

    assert _refusal_codes(caught, "status") == ["transition"]
    assert Customer.objects.get(pk=customer.pk).status == Customer.Status.ACTIVE
    assert customer.history.count() == rows + 1
    deferred = Customer.objects.only("id").get(pk=customer.pk)
    assert deferred.status == Customer.Status.ACTIVE
    deferred.status = Customer.Status.DRAFT
    with pytest.raises(ValidationError):
        deferred.save()
    old = customer.history.earliest().instance
    assert old._state.adding and old.status == Customer.Status.DRAFT
