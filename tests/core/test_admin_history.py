"""The admin's historical-record view of a business record is read-only without the change
permission (simple-history would save the POSTed old version)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model_perm", ["view_memo", "change_memo"])
def test_a_viewer_cannot_restore_an_old_version_of_a_business_record(client, model_perm):
    """POST to the historical-record view of a memo one may only view (whatever the model-wide
    permission): 403, nothing reverted."""
    memo = MemoFactory(title="旧标题")
    memo.title = "新标题"
    memo.save()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename=model_perm))
    assign_perm("testapp.view_memo", viewer, memo)
    client.force_login(viewer)
    version = memo.history.earliest()
    url = reverse("admin:testapp_memo_simple_history", args=[memo.pk, version.history_id])

    shown = client.get(url)
    response = client.post(url, {"title": "旧标题", "status": memo.status,
                                 "amount": memo.amount or ""})

    assert shown.status_code == 200
    assert response.status_code == 403
    assert Memo.objects.get(pk=memo.pk).title == "新标题"
