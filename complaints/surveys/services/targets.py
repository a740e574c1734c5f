"""The company's required satisfaction levels (篇二 §6 d), set by the general manager: one
minimum index (0–100) per dimension code, "" for the overall index. Each change is recorded
(history with the GM and the reason); a level is never deleted."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.surveys.models import SatisfactionTarget
from complaints.surveys.selectors.capa import may_set_targets
from core.services import save_recorded

LOWEST, HIGHEST = Decimal("0"), Decimal("100")


@transaction.atomic
def targets_set(*, by, levels: dict[str, Decimal | None]) -> list[SatisfactionTarget]:
    """Set the levels given (dimension code → index; None leaves a dimension without a level
    as it is, and is refused for one that has a level). Returns the levels changed."""
    if not may_set_targets(by):
        raise PermissionDenied(_("Only the general manager sets the required levels."))
    existing = {t.dimension_code: t for t in SatisfactionTarget.objects.select_for_update()}
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
            target = SatisfactionTarget(dimension_code=code, required_index=value,
                                        created_by=by)
        elif target.required_index == value:
            continue
        target.required_index = value
        changed.append(target)
    if errors:
        raise ValidationError(errors)
    for target in changed:
        save_recorded(target, "required level set", by)
    return changed
