"""The sign-in backend: Django's ModelBackend (passwords, permissions, inactive users refused),
reading the signed-in user of every request with a query compiled once per process
(core.prepared; issue 10: compiling `get(pk=…)` was about a tenth of the smallest page's CPU).

Named in settings.AUTHENTICATION_BACKENDS in place of ModelBackend: a session is bound to the
backend that signed it in, so sessions made under ModelBackend end once, at the deployment
that brought this backend (their users sign in again)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.prepared import Prepared


def _columns() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


_USER = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk)
                 .values_list(*_columns()), server_side=True)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        """The user of the session's `user_id` as ModelBackend gives it, or None."""
        try:
            rows = _USER.rows(int(user_id))
        except (TypeError, ValueError):  # not a key: no user, as the ORM's lookup
            return None
        if not rows:
            return None
        user = get_user_model().from_db("default", _columns(), rows[0])
        return user if self.user_can_authenticate(user) else None
