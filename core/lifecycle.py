"""Declared lifecycles (issue 9): each state field of a model names, in one table, the states it
may move to from each state. `transition` is the one way services change such a field, and a
save that changes it outside the table is refused, however the value was assigned."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Lifecycle:
    """Mixin for a model with state fields, listed before its model base class.

    `TRANSITIONS` maps a field name to {state: frozenset(allowed next states)}; a state missing
    from the table, or mapped to an empty set, is final. The values as last read from or written
    to the database are remembered, and `save()` refuses a change of a declared field that the
    table does not allow. A new, unsaved instance starts in any state (the field's default
    normally), and so does the unsaved copy simple-history builds from a historical row.
    """

    TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        self._check_stored_states(update_fields)
        super().save(*args, **kwargs)
        self._remember_states(update_fields)

    save.alters_data = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_states()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self._remember_states(fields)

    def can_transition(self, field: str, target: str) -> bool:
        """Whether `field` may move from its current state to `target` (the table's answer)."""
        return target in self.TRANSITIONS[field].get(getattr(self, field), ())

    def transition(self, field: str, target: str) -> None:
        """Move `field` to `target` on this instance, refused with a ValidationError on the field
        (code "transition") when the table does not allow it. The calling service saves (through
        core.services.save_recorded, with the acting user and the reason): several fields may
        move in one recorded save."""
        if not self.can_transition(field, target):
            raise self._transition_refused(field, getattr(self, field), target)
        setattr(self, field, target)

    transition.alters_data = True

    def _transition_refused(self, field: str, current: str, target: str) -> ValidationError:
        model_field = self._meta.get_field(field)
        labels = dict(model_field.choices)
        message = _("%(field)s cannot change from “%(current)s” to “%(target)s”.") % {
            "field": model_field.verbose_name, "current": labels.get(current, current),
            "target": labels.get(target, target)}
        return ValidationError({field: ValidationError(message, code="transition")})

    def _remember_states(self, fields=None) -> None:
        """Keep the declared fields' values just read or written (only `fields`, when given;
        a deferred field is remembered when it is loaded)."""
        stored = dict(getattr(self, "_stored_states", {}))
        for field in self.TRANSITIONS:
            if (fields is None or field in fields) and field in self.__dict__:
                stored[field] = self.__dict__[field]
        self._stored_states = stored  # a new dict: a copied instance does not share it

    def _check_stored_states(self, update_fields=None) -> None:
        if self._state.adding:
            return
        stored = getattr(self, "_stored_states", {})
        for field, table in self.TRANSITIONS.items():
            if update_fields is not None and field not in update_fields:
                continue
            if field not in stored or field not in self.__dict__:
                continue
            before, after = stored[field], self.__dict__[field]
            if after != before and after not in table.get(before, ()):
                raise self._transition_refused(field, before, after)
