"""A `next` that is not a path of this site is ignored, never resolved as a view name (a 500
before: `redirect("foo")` looks for a URL named foo)."""

import pytest
from django.urls import reverse

from approvals.services import approval_submit
from tests.approvals.factories import ApplicationFactory, route

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]


@pytest.mark.parametrize("target", ["foo", "approvals:done", "{}", "javascript:x"])
def test_withdrawing_with_a_next_that_is_not_a_path_goes_to_the_fallback(client, staff_user,
                                                                         market_manager, target):
    """`next=foo` is dropped: the redirect goes to the request's page or the inbox."""
    route({"role": "market_manager"})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("approvals:withdraw", args=[request.pk]), {"next": target})

    assert response.status_code == 302
    assert response["Location"].startswith("/")


@pytest.mark.parametrize("target", ["foo", "{}"])
def test_deciding_with_a_next_that_is_not_a_path_goes_to_the_inbox(client, staff_user,
                                                                   market_manager, target):
    """`next=foo` on a decision is dropped: back to the inbox."""
    route({"role": "market_manager"})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    client.force_login(market_manager)

    response = client.post(reverse("approvals:decide", args=[request.steps.get().pk]),
                           {"decision": "approve", "next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:inbox")
