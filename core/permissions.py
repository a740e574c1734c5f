"""The one rule for guardian object permissions: who holds `perm` on which record.

Model permissions (Django) say what a role may do at all; object permissions (django-guardian)
say on which records. For records, only object permissions count: neither a model-wide
permission nor superuser status opens a record (guardian's defaults would let both through,
and Django's `user.has_perm` answers True for any superuser), so every check here asks
guardian's tables with `with_superuser=False, accept_global_perms=False`.

Every object-permission read goes through here: the customer archive's access-request check
(customers.selectors: a grant in force *and* `customers.view_customer` on the customer) and
the admin of business models (core.admin.BusinessAdmin). Who may see a record at all is the
app's selector (customer_access, contract_list …), which calls these for the guardian part.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user


def _codename(perm: str) -> str:
    return perm.split(".", 1)[-1]


def visible(user, perm: str, queryset: QuerySet) -> QuerySet:
    """Rows of `queryset` on which `user` holds `perm` directly or through a group.

    Filtered in the database, never in Python; empty for anonymous or inactive users.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    return get_objects_for_user(
        user,
        _codename(perm),
        klass=queryset,
        with_superuser=False,
        accept_global_perms=False,
    )


def has_object_perm(user, perm: str, obj: Model) -> bool:
    """True when `user` holds `perm` on `obj` itself (one query)."""
    queryset = type(obj)._default_manager.filter(pk=obj.pk)
    return visible(user, perm, queryset).exists()


def require_perm(user, perm: str, obj: Model) -> None:
    """Raise PermissionDenied (403) unless `user` holds `perm` on `obj`."""
    if not has_object_perm(user, perm, obj):
        raise PermissionDenied


def get_visible_or_404(user, perm: str, queryset: QuerySet, **lookup) -> Model:
    """The record matching `lookup` if `user` may `perm` it; otherwise 404, as if absent."""
    try:
        return visible(user, perm, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
