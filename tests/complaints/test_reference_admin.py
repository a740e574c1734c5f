"""Reference data of complaints (data migration) and their admin: the category tree and its
limits, the GM's route (§7.2, §7.3), categories edited by the GM and the system administrator,
no admin of complaints (they name customers and callers)."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals.models import ApprovalRoute
from complaints.models import Complaint, ComplaintCategory, ComplaintEvent
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_seeded_tree_has_two_levels_and_every_category_has_its_limits():
    categories = list(ComplaintCategory.objects.select_related("parent"))

    assert {c.code for c in categories if c.parent is None} >= {
        "safety", "supply", "metering", "installation", "attitude", "process", "other"}
    assert all(c.parent is None or c.parent.parent is None for c in categories)
    assert all(c.first_response_limit > 0 and c.resolution_limit > 0 for c in categories)
    assert {c.code for c in categories if c.is_hazard} == {
        "safety", "gas_smell", "gas_leak", "safety_other"}


def test_a_third_level_is_refused():
    child = ComplaintCategory.objects.get(code="gas_smell")

    with pytest.raises(ValidationError) as caught:
        ComplaintCategory(parent=child, code="x", name="x").full_clean()

    assert "parent" in caught.value.message_dict


def test_a_top_level_category_needs_both_limits():
    with pytest.raises(ValidationError):
        ComplaintCategory(code="new_top", name="新类", first_response_hours=Decimal("4")
                          ).full_clean()


def test_the_route_of_complaints_is_the_general_managers():
    route = ApprovalRoute.objects.get(condition="complaints.resolution")

    assert [step.role.name for step in route.steps.all()] == ["gm"]
    assert route.target.model_class() is Complaint


@pytest.mark.parametrize(("role", "allowed"), [("gm", True), ("sysadmin", True),
                                               ("staff", False), ("office", False)])
def test_categories_are_edited_by_the_gm_and_the_system_administrator(client, role, allowed):
    user = UserFactory(roles=[role], is_staff=True)
    client.force_login(user)

    listing = client.get(reverse("admin:complaints_complaintcategory_changelist"))
    change = client.get(reverse("admin:complaints_complaintcategory_change",
                                args=[ComplaintCategory.objects.get(code="other").pk]))

    assert (listing.status_code, change.status_code) == ((200, 200) if allowed else (403, 403))
    assert user.has_perm("complaints.change_complaintcategory") is allowed
    assert not user.has_perm("complaints.delete_complaintcategory")


def test_complaints_and_their_records_have_no_admin():
    assert not admin.site.is_registered(Complaint)
    assert not admin.site.is_registered(ComplaintEvent)
