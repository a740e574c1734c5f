"""The company's required satisfaction levels (篇二 §6 d), set by the general manager: one
minimum index (0–100) per dimension code, "" for the overall index. Each change is recorded
(history with the GM and the reason); a level is never deleted."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.surveys.models import SatisfactionTarget
from complaints.surveys.selectors.capa import may_set_targets
from core.reasons import reason
from core.services import save_recorded

LOWEST, HIGHEST = Decimal("0"), Decimal("100")


def _record_baselines(targets: list[SatisfactionTarget]) -> None:
    """Give a history row to each level that has none: the data migration's levels are written
    through historical models, which record no history, so without this the level in force
    before the GM's first change would be lost. The row is dated when the level was created and
    names nobody."""
    recorded = set(
        SatisfactionTarget.history.filter(id__in=[t.pk for t in targets]).values_list(
            "id", flat=True
        )
    )
    missing = [t for t in targets if t.pk not in recorded]
    for target in missing:
        target._history_date = target.created_at
        target._history_user = None
    SatisfactionTarget.history.bulk_history_create(
        missing, default_change_reason=reason("initial_level")
    )
    for target in missing:
        del target._history_date, target._history_user


@transaction.atomic
def targets_set(*, by, levels: dict[str, Decimal | None]) -> list[SatisfactionTarget]:
    """Set the levels given (dimension code → index; None leaves a dimension without a level
    as it is, and is refused for one that has a level). Returns the levels changed."""
    if not may_set_targets(by):
        raise PermissionDenied(_("Only the general manager sets the required levels."))
    existing = {t.dimension_code: t for t in SatisfactionTarget.objects.select_for_update()}
    _record_baselines(list(existing.values()))
    errors, changed = {}, []
    for code, value in levels.items():
        target = existing.get(code)
        if value is None:
            if target is not None:
                errors[code] = _("A required level cannot be removed; set a value.")
            continue
        if not (LOWEST <= value <= HIGHEST):
            errors[code] = _("Enter an index between 0 and 100.")
            continue
        if target is None:
            target = SatisfactionTarget(dimension_code=code, required_index=value, created_by=by)
        elif target.required_index == value:
            continue
        target.required_index = value
        changed.append(target)
    if errors:
        raise ValidationError(errors)
    for target in changed:
        save_recorded(target, reason("required_level_set"), by)
    return changed
