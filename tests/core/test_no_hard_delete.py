import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts.models import Department, User
from core.models import AccessLog, HardDeleteForbidden, NumberSequence
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def test_deleting_a_business_record_fails_loudly():
    """Model.delete() on a business record raises and leaves the row in place."""
    memo = MemoFactory()

    with pytest.raises(HardDeleteForbidden, match="不可删除"):
        memo.delete()

    assert Memo.objects.filter(pk=memo.pk).exists()


def test_bulk_deleting_business_records_fails_loudly():
    """QuerySet.delete() raises too, so a bulk action cannot destroy records."""
    MemoFactory.create_batch(3)

    with pytest.raises(HardDeleteForbidden):
        Memo.objects.all().delete()

    assert Memo.objects.count() == 3


@pytest.mark.parametrize("model", [User, Department, NumberSequence, AccessLog])
def test_users_departments_sequences_and_the_access_log_cannot_be_deleted(model):
    """Users are deactivated and logs are kept: their querysets refuse delete()."""
    with pytest.raises(HardDeleteForbidden):
        model.objects.all().delete()


def test_a_user_cannot_be_deleted_one_by_one():
    """user.delete() raises; deactivation is the way."""
    user = UserFactory()

    with pytest.raises(HardDeleteForbidden):
        user.delete()


def test_admin_offers_no_delete_page_or_action(client, superuser):
    """The admin's delete page is forbidden and the "delete selected" action is absent."""
    memo = MemoFactory()
    assign_perm("testapp.change_memo", superuser, memo)
    client.force_login(superuser)

    delete_page = client.get(reverse("admin:testapp_memo_delete", args=[memo.pk]))
    changelist = client.get(reverse("admin:testapp_memo_changelist"))

    assert delete_page.status_code == 403
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert not site._registry[Memo].has_delete_permission(changelist.wsgi_request, memo)


def test_admin_delete_post_removes_nothing(client, superuser):
    """Even a forged POST to the delete page leaves the record."""
    memo = MemoFactory()
    assign_perm("testapp.change_memo", superuser, memo)
    client.force_login(superuser)

    response = client.post(reverse("admin:testapp_memo_delete", args=[memo.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Memo.objects.filter(pk=memo.pk).exists()


def test_user_admin_cannot_delete_users(client, sysadmin):
    """sysadmin manages users but cannot delete one."""
    other = UserFactory()
    client.force_login(sysadmin)

    response = client.post(reverse("admin:accounts_user_delete", args=[other.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=other.pk).exists()
