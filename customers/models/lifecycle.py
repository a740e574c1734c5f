"""Declared lifecycles: each state field of a model names, in one table, the states it may move
to from each state; `transition` is the one way services change such a field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Lifecycle:
    """Mixin for a model with state fields. `TRANSITIONS` maps a field name to
    {state: {allowed next states}}; a state missing from the table is final."""

    TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {}

    def can_transition(self, field: str, target: str) -> bool:
        """Whether `field` may move from its current state to `target` (the table's answer)."""
        return target in self.TRANSITIONS[field].get(getattr(self, field), ())

    def transition(self, field: str, target: str) -> None:
        """Move `field` to `target` on this instance, refused with a ValidationError naming the
        field when the table does not allow it. The service that calls it saves (through
        core.services.save_recorded, with the acting user and the reason): models sit below
        services, and several fields may move in one recorded save."""
        if not self.can_transition(field, target):
            model_field = self._meta.get_field(field)
            labels = dict(model_field.choices)
            raise ValidationError({field: _(
                "%(field)s cannot change from “%(current)s” to “%(target)s”.") % {
                    "field": model_field.verbose_name,
                    "current": labels.get(getattr(self, field), getattr(self, field)),
                    "target": labels.get(target, target)}},
                code="transition_refused")
        setattr(self, field, target)

    transition.alters_data = True
