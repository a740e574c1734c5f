"""The required levels page (篇二 §6 d): the GM sets a level per dimension and overall, values
0–100 with errors on the field, every change kept in the history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from complaints.surveys.models import SatisfactionTarget
from complaints.surveys.services.targets import targets_set
from tests.accounts.factories import UserFactory
from tests.surveys.test_capa_pages import LEVELS

pytestmark = pytest.mark.django_db
URL = reverse("surveys:targets")


@pytest.fixture
def gm(db):
    return UserFactory(username="levels_gm", roles=["gm"])


def test_the_gm_sets_the_levels_and_the_history_keeps_them(client, gm):
    client.force_login(gm)
    response = client.post(URL, LEVELS | {"level_safety": "88.5"})
    assert response.status_code == 302
    target = SatisfactionTarget.objects.get(dimension_code="safety")
    assert target.required_index == Decimal("88.50")
    record = target.history.first()
    assert record.history_user == gm and record.history_change_reason == "required_level_set"
    assert target.history.count() == 2  # the data migration's level, then the GM's
    baseline = target.history.last()
    assert baseline.required_index == Decimal(85) and baseline.history_user is None
    # an unchanged level keeps only its baseline row
    assert SatisfactionTarget.objects.get(dimension_code="company").history.count() == 1
    page = client.get(URL).content.decode()
    assert "88.50" in page


@pytest.mark.parametrize("value", ["101", "-1", "abc", "NaN", "1e309", "", "50.123"])
def test_out_of_range_or_bad_values_are_field_errors(client, gm, value):
    client.force_login(gm)
    response = client.post(URL, LEVELS | {"level_safety": value})
    assert response.status_code == 400
    assert response.context["form"].errors["level_safety"]
    assert SatisfactionTarget.objects.get(dimension_code="safety").required_index == Decimal(85)


def test_the_service_refuses_others_and_bad_values():
    office = UserFactory(username="levels_office", roles=["office"])
    with pytest.raises(PermissionDenied):
        targets_set(by=office, levels={"": Decimal("70")})
    gm = UserFactory(username="levels_gm2", roles=["gm"])
    with pytest.raises(Exception) as error:
        targets_set(by=gm, levels={"": Decimal("120"), "safety": None})
    assert set(error.value.message_dict) == {"", "safety"}


def test_a_new_dimension_without_a_level_may_get_one():
    gm = UserFactory(username="levels_gm3", roles=["gm"])
    changed = targets_set(by=gm, levels={"new_dim": Decimal("60")})
    assert [t.dimension_code for t in changed] == ["new_dim"]
