"""The company profile, the contracts' 甲方 (issue 13, point 5): one row, changed by gm or
sysadmin, every change kept in its history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contracts.actions import company_profile_may_edit
from contracts.models import CompanyProfile
from contracts.models.company import PARTY_FIELDS, SINGLETON_PK
from core.services import save_recorded


@transaction.atomic
def company_profile_update(*, by, **fields) -> CompanyProfile:
    """Change the party fields of the company profile (creating its one row if a flushed
    database lost it); PermissionDenied for anyone but gm or sysadmin."""
    if not company_profile_may_edit(user=by):
        raise PermissionDenied
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise ValidationError(
            _("Not changeable here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    profile = CompanyProfile.objects.select_for_update().filter(pk=SINGLETON_PK).first()
    if profile is None:
        profile = CompanyProfile(pk=SINGLETON_PK, created_by=by)
    for name, value in fields.items():
        setattr(profile, name, (value or "").strip())
    save_recorded(profile, "changed", by)
    return profile
