"""The approval-target protocol: what the engine tells a model it approves, declared once.

A model becomes approvable by registering an implementation of `ApprovalTarget` for it, in its
app's `approval_targets.py`, imported from the app's `ready()` (the way the route conditions
are registered):

    class ContractTarget(ApprovalTarget):
        def summary(self, contract): ...
        def submitted(self, contract, *, request, by): ...
        def approved(self, contract, *, request, by): ...
        def rejected(self, contract, *, request, by): ...
        def withdrawn(self, contract, *, request, by): ...

    register_target(Contract, ContractTarget())

`by` is the acting user: the submitter for `submitted` and `withdrawn`, the decider whose
vote ended the round for `approved` and `rejected`. Every implementation writes through
`core.services.save_recorded` with that user and a change reason, so the target's history
names who moved it and why. The engine refuses to submit an object of an unregistered model,
and never looks for methods on the model itself (no duck typing): the models import no
services, and this module imports no target app.
"""

from abc import ABC, abstractmethod

from django.core.exceptions import ImproperlyConfigured


class ApprovalTarget(ABC):
    """What one approvable model does when the engine reaches a milestone of its round."""

    # Routes of the model accept only steps decided by holders of this role, in person (no
    # delegate): access requests and role changes, 第十一条/第十二条. None: any decider.
    decider_role: str | None = None

    def concerns(self, obj) -> int | None:
        """The id of the user the request is about, who may not decide it (nobody decides his
        own case, 第十二条), or None. Asked only of targets with a `decider_role`, so the inbox
        of ordinary requests pays no query for it."""
        return None

    @abstractmethod
    def summary(self, obj) -> dict:
        """The inbox snapshot: any of title, number, customer, amount, url (stored once, in
        the company's language)."""

    @abstractmethod
    def submitted(self, obj, *, request, by) -> None:
        """A round was opened (e.g. status → 审批中)."""

    @abstractmethod
    def approved(self, obj, *, request, by) -> None:
        """The last step was approved."""

    @abstractmethod
    def rejected(self, obj, *, request, by) -> None:
        """A step was rejected: the round ended."""

    @abstractmethod
    def withdrawn(self, obj, *, request, by) -> None:
        """The submitter took the request back."""


_registry: dict[type, ApprovalTarget] = {}


def register_target(model: type, target: ApprovalTarget) -> None:
    """Declare `target` as the approval protocol of `model` (once per model)."""
    if not isinstance(target, ApprovalTarget):
        raise ImproperlyConfigured(f"{target!r} is not an ApprovalTarget.")
    existing = _registry.get(model)
    if existing is not None and type(existing) is not type(target):
        raise ImproperlyConfigured(f"{model._meta.label} already has the approval target "
                                   f"{type(existing).__name__}.")
    _registry[model] = target


def target_for(obj_or_model) -> ApprovalTarget:
    """The registered protocol of a model (or of an instance's model); refuses others."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = getattr(model._meta, "concrete_model", model)
    try:
        return _registry[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} is not an approval target: register an ApprovalTarget for "
            "it (register_target in its app's approval_targets.py) before submitting it."
        ) from None


def registered_targets() -> dict[type, ApprovalTarget]:
    """Every registered model and its protocol (a copy)."""
    return dict(_registry)


def decider_role_for(model) -> str | None:
    """The role every step of a route of `model` must be decided by, or None (also for a model
    that is not registered)."""
    target = _registry.get(model)
    return target.decider_role if target is not None else None
