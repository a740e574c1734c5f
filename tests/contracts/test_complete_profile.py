"""Issue 13, point 5: the company profile (the contracts' 甲方) is edited by gm and sysadmin
on its page and in the admin, with its history; staff are refused."""

import pytest
from django.urls import reverse

from contracts.models import CompanyProfile
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import COMPANY

pytestmark = pytest.mark.django_db

PAGE = reverse("contracts:company")
ADMIN = reverse("admin:contracts_companyprofile_change", args=[1])


def _post(**changes):
    return COMPANY | changes


def test_the_migration_seeds_the_profile_from_the_printed_placeholder():
    """The name the contracts printed until now (燃气公司, or settings.COMPANY_NAME)."""
    profile = CompanyProfile.objects.get(pk=1)

    assert profile.name
    assert profile.history.exists()


def test_the_gm_edits_the_company_profile_and_the_history_names_him(client, gm):
    client.force_login(gm)

    page = client.get(PAGE)
    response = client.post(PAGE, _post(name="昆明新燃气有限公司"))

    assert page.status_code == 200
    assert response.status_code == 302
    profile = CompanyProfile.objects.get(pk=1)
    assert profile.name == "昆明新燃气有限公司" and profile.tax_number == COMPANY["tax_number"]
    assert profile.history.first().history_user == gm


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_may_not_edit_the_company_profile(client, staff_user, method):
    client.force_login(staff_user)
    before = CompanyProfile.objects.get(pk=1).name

    response = getattr(client, method)(PAGE, _post(name="被篡改的公司"))

    assert response.status_code == 403
    assert CompanyProfile.objects.get(pk=1).name == before


def test_a_blank_field_is_refused_on_its_field(client, gm):
    client.force_login(gm)

    response = client.post(PAGE, _post(tax_number=""))

    assert response.status_code == 400
    assert "tax_number" in response.context["form"].errors


def test_the_sysadmin_changes_it_in_the_admin_with_history(client, sysadmin):
    client.force_login(sysadmin)

    response = client.post(ADMIN, _post(bank="中国银行昆明分行"))

    assert response.status_code == 302
    profile = CompanyProfile.objects.get(pk=1)
    assert profile.bank == "中国银行昆明分行"
    assert profile.history.first().history_user == sysadmin


def test_an_admin_user_without_the_role_cannot_open_it_in_the_admin(client):
    client.force_login(UserFactory(roles=["staff"], is_staff=True))

    assert client.get(ADMIN).status_code in (302, 403)
    assert client.post(ADMIN, _post(name="被篡改的公司")).status_code in (302, 403)
    assert CompanyProfile.objects.get(pk=1).name != "被篡改的公司"
