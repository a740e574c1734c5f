"""Forms of the account pages."""

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Note that the password is case-sensitive. "
            "After 5 failed attempts the account is locked for 15 minutes."
        ),
        "inactive": _(
            "This account has been deactivated. Please contact the system administrator."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length on the widget only: an overlong name reached the
        # failed-attempt log (a 255-character column, a 500 on PostgreSQL).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class StaffPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
