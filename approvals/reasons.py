"""The history reasons of the approval engine (core.reasons); the statuses it writes as reasons
(approved, rejected, withdrawn, cancelled) and its other words are core's."""

from django.utils.translation import gettext_lazy as _

from core.reasons import REASONS

REASONS.register({
    "frozen_from_route": _("Frozen from the route"),
})
