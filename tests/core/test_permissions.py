import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm

from core.permissions import get_visible_or_404, has_object_perm, require_perm, visible
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def test_only_records_with_an_object_permission_are_visible():
    """A user sees the records granted to them, not the others."""
    user = UserFactory()
    mine, _other = MemoFactory(), MemoFactory()
    assign_perm("testapp.view_memo", user, mine)

    assert list(visible(user, "testapp.view_memo", Memo.objects.all())) == [mine]


def test_a_group_object_permission_counts_for_its_members():
    """Object permissions given to a role group reach each member."""
    group = Group.objects.create(name="reviewers")
    user = UserFactory()
    user.groups.add(group)
    memo = MemoFactory()
    assign_perm("testapp.view_memo", group, memo)

    assert has_object_perm(user, "testapp.view_memo", memo)


def test_superuser_sees_no_record_without_an_object_permission(superuser):
    """Confidentiality applies to superusers too."""
    memo = MemoFactory()

    assert not visible(superuser, "testapp.view_memo", Memo.objects.all()).exists()
    assert not has_object_perm(superuser, "testapp.view_memo", memo)


def test_a_model_wide_permission_opens_no_record():
    """A global permission says what a role may do at all, not on which records."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_memo"))
    memo = MemoFactory()

    assert not has_object_perm(user, "testapp.view_memo", memo)


def test_an_inactive_user_sees_nothing():
    """Deactivating a user closes every record at once."""
    user = UserFactory()
    memo = MemoFactory()
    assign_perm("testapp.view_memo", user, memo)
    user.is_active = False
    user.save()

    assert not visible(user, "testapp.view_memo", Memo.objects.all()).exists()


def test_invisible_records_look_absent_and_forbidden_actions_are_refused():
    """An invisible record is a 404; a visible one with a missing action is a 403."""
    user = UserFactory()
    memo = MemoFactory()

    with pytest.raises(Http404):
        get_visible_or_404(user, "testapp.view_memo", Memo.objects.all(), pk=memo.pk)

    assign_perm("testapp.view_memo", user, memo)
    assert get_visible_or_404(user, "testapp.view_memo", Memo.objects.all(), pk=memo.pk) == memo
    with pytest.raises(PermissionDenied):
        require_perm(user, "testapp.change_memo", memo)


def test_admin_list_shows_only_records_with_object_permissions(client, superuser):
    """The business admin's change list is filtered by object permission, even for superusers."""
    mine, other = MemoFactory(title="可见备忘"), MemoFactory(title="隐藏备忘")
    assign_perm("testapp.view_memo", superuser, mine)
    client.force_login(superuser)

    html = client.get("/admin/testapp/memo/").content.decode()
    other_page = client.get(f"/admin/testapp/memo/{other.pk}/change/")

    assert "可见备忘" in html
    assert "隐藏备忘" not in html
    assert other_page.status_code in (302, 403, 404)


def test_object_permission_tables_are_read_only_through_core_permissions():
    """No app module queries guardian's permission tables itself: core.permissions decides."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("accounts", "approvals", "contracts", "core", "customers")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "permissions.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "ObjectPermission.objects" in line or "get_objects_for_user(" in line
    ]
    assert offenders == []

