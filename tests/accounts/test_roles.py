import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.models import Role
from accounts.roles import ROLE_CODES, setup_roles

pytestmark = pytest.mark.django_db


def test_every_role_of_the_design_exists_with_its_chinese_name():
    """The data migration creates the 12 role groups of DESIGN.md §2 with Chinese names."""
    names = dict(Role.objects.values_list("code", "name"))

    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_CODES)
    assert len(ROLE_CODES) == 12
    assert names["gm"] == "总经理"
    assert names["market_manager"] == "市场部经理"
    assert names["sysadmin"] == "综合管理部网络管理员"


def test_setting_up_the_roles_again_changes_nothing():
    """setup_roles and the setup_roles command are idempotent."""
    before = (Group.objects.count(), Role.objects.count())

    setup_roles()
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (Group.objects.count(), Role.objects.count()) == before


def test_sysadmin_holds_no_permission_on_business_data():
    """sysadmin's permissions are on users, roles, groups and configuration (approval routes,
    gas-use classes, contract types, the work calendar, the company profile printed as 甲方)
    only."""
    apps = set(
        Permission.objects.filter(group__name="sysadmin").values_list(
            "content_type__app_label", flat=True)
    )
    models = set(
        Permission.objects.filter(group__name="sysadmin").values_list(
            "content_type__model", flat=True)
    )

    assert apps == {"accounts", "auth", "approvals", "core", "customers", "contracts",
                    "complaints"}
    assert models == {"user", "department", "role", "rolechangerequest", "group", "permission",
                      "approvalroute", "routestep", "delegation", "gasuseclass",
                      "contracttype", "clausetemplate", "workcalendarday", "complaintcategory",
                      "companyprofile"}
    assert not Permission.objects.filter(group__name="sysadmin", codename__startswith="delete_")


def test_role_display_name_follows_the_language():
    """A role reads in Chinese by default and in English when English is active."""
    from django.utils import translation

    role = Role.objects.get(code="gm")

    with translation.override("zh-hans"):
        assert role.display_name == "总经理"
    with translation.override("en"):
        assert role.display_name == "General manager"
