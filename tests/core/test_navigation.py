import pytest
from django.utils import translation

from core import navigation
from core.navigation import NavItem, items_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm_only_item():
    item = NavItem("总经理专用入口", "core:home", roles=frozenset({"gm"}), order=50)
    navigation.register(item)
    yield item
    navigation._ITEMS.remove(item)


def test_navigation_shows_an_entry_only_to_its_roles(gm_only_item, gm, staff_user):
    """An entry registered for the GM appears for the GM and not for staff."""
    assert "总经理专用入口" in [entry["label"] for entry in items_for(gm)]
    assert "总经理专用入口" not in [entry["label"] for entry in items_for(staff_user)]


def test_administration_entry_is_only_for_admin_users(sysadmin, staff_user):
    """The admin link shows for sysadmin (is_staff) only."""
    with translation.override("zh-hans"):
        assert "系统管理" in [str(entry["label"]) for entry in items_for(sysadmin)]
    assert all(entry["url"] != "/admin/" for entry in items_for(staff_user))


def test_home_page_shows_the_users_roles_and_department(client, gm):
    """首页 lists the user's roles and department."""
    client.force_login(gm)

    html = client.get("/").content.decode()

    assert "总经理" in html
    assert gm.department.name in html
    assert 'id="nav-roles"' in html
