"""Recording reads of records in the AccessLog: one call from a view, or a mixin."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from core.models import AccessLog
from core.reasons import check_basis
from core.request import client_ip, user_agent


def _entry(request, obj: Model, action: str, grant: str) -> AccessLog:
    """`grant`: the basis, a core.reasons.BASES code (and a free text), shown translated."""
    check_basis(grant)
    return AccessLog(
        user=request.user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        ip_address=client_ip(request) or None,
        user_agent=user_agent(request),
        grant=grant[:200],
    )


def access_log_write(*, request, obj: Model, action: str = AccessLog.Action.VIEW,
                     grant: str = "") -> AccessLog:
    """Write who read `obj`, how (view / print / export), when, from where and under which grant."""
    entry = _entry(request, obj, action, grant)
    entry.save()
    return entry


def access_log_write_many(*, request, objs, action: str = AccessLog.Action.VIEW,
                          grant: str = "") -> list[AccessLog]:
    """`access_log_write` for many records read at once (an export): one entry per record, in
    order, inserted in one query; the manager's bulk_create extends the hash chain in the same
    transaction, so the chain stays unbroken."""
    return AccessLog.objects.bulk_create([_entry(request, obj, action, grant) for obj in objs])


def access_log_for(obj: Model):
    """The reads of one record, newest first, with their users."""
    return AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("user")


class AccessLoggedMixin:
    """For a DetailView: a successful GET writes one AccessLog entry for the object shown.

    `access_action` and `get_access_grant()` say how and under which authorisation. Put the
    permission check in `get_object`/`get_queryset`, so only reads that succeed are logged.
    """

    access_action = AccessLog.Action.VIEW

    def get_access_grant(self) -> str:
        return ""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if 200 <= response.status_code < 300:
            access_log_write(request=request, obj=self.object, action=self.access_action,
                             grant=self.get_access_grant())
        return response
