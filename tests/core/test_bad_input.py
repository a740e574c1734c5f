"""The safety net behind the forms: a NUL character that reaches a query is a 400, not a 500;
an attachment's `next` that is not a path is ignored."""

import pytest
from django.test import RequestFactory

from core.middleware import InvalidCharactersMiddleware

pytestmark = pytest.mark.django_db


def _middleware():
    return InvalidCharactersMiddleware(lambda request: None)


@pytest.mark.parametrize("request_args", [
    ("get", "/contracts/", {"type": "a\x00b"}),
    ("post", "/contracts/1/void/", {"reason": "\x00"}),
    ("get", "/contracts/verify/a\x00b/", {}),
])
def test_a_value_error_on_a_request_with_a_nul_character_is_a_400(request_args, staff_user):
    """PostgreSQL's "cannot contain NUL" ValueError becomes the 400 page."""
    method, path, data = request_args
    request = getattr(RequestFactory(), method)(path, data)
    request.user = staff_user

    response = _middleware().process_exception(request, ValueError("NUL"))

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_other_value_errors_stay_server_errors(staff_user):
    """Without a NUL character the middleware does not hide a bug."""
    request = RequestFactory().get("/contracts/", {"type": "abc"})
    request.user = staff_user

    assert _middleware().process_exception(request, ValueError("bug")) is None


def test_the_middleware_is_installed(settings):
    """The safety net is part of the request pipeline."""
    assert "core.middleware.InvalidCharactersMiddleware" in settings.MIDDLEWARE
