"""The route condition of complaints (篇二 §7)."""

from django.utils.translation import gettext_lazy as _

from approvals.conditions import register_condition

RESOLUTION = "complaints.resolution"


@register_condition(RESOLUTION, label=_("Every complaint's handling result is approved by the "
                                        "general manager (篇二 §7.2, §7.3)"))
def resolution(complaint) -> bool:
    return True
