"""Hostile input on every form of the corrective/preventive actions and the required levels:
never a server error; a refused form is the page again (400) with its errors on the named
fields, and nothing changes."""

import pytest
from django.urls import reverse

from complaints.surveys.models import CorrectiveAction, SatisfactionTarget
from tests.surveys.factories import make_action
from tests.surveys.factories_capa import make_team, walk
from tests.surveys.test_capa_pages import LEVELS

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status
HOSTILE = [
    "",
    " ",
    "\x00",
    "x" * 6000,
    "9" * 300,
    "-1",
    "NaN",
    "1e309",
    "2026-02-30",
    "0000-00-00",
    "{0.__class__}",
    "<script>x</script>",
    "中文😀\u202e",
    "[]",
    "on",
]
# action → (the state it is taken from, who takes it, its form's fields)
FORMS = {
    "assign": (
        S.DRAFTED,
        "office",
        ["problem", "root_cause", "kind", "measures", "owner_department", "owner", "due_on"],
    ),
    "complete": (S.ASSIGNED, "owner", ["note"]),
    "verify": (S.COMPLETED, "office", ["note"]),
    "send_back": (S.COMPLETED, "office", ["note", "confirm"]),
    "check": (S.AWAITING_CHECK, "office", ["effective", "note", "confirm"]),
}


@pytest.fixture
def team(db):
    return make_team()


@pytest.mark.parametrize("name", FORMS)
def test_hostile_values_on_an_actions_form_are_field_errors(client, team, name):
    state, who, fields = FORMS[name]
    action = walk(make_action(number="JZ-1999-000401"), team, state)
    client.force_login(getattr(team, who))
    url = reverse(f"surveys:action_{name}", args=[action.pk])

    for value in HOSTILE:
        response = client.post(url, {f"{name}-{field}": value for field in fields})

        # A value a field accepts as it is ("on" for a tick, a long-enough text) may pass.
        assert response.status_code in (302, 400), (name, value)
        if response.status_code == 400:
            errors = response.context["forms"][name].errors
            assert errors and set(errors) <= set(fields), (name, value, errors)
            action.refresh_from_db()
            assert action.status == state


def test_hostile_values_when_opening_an_action(client, team):
    client.force_login(team.office)
    url = reverse("surveys:action_create")

    for value in HOSTILE:
        response = client.post(
            f"{url}?complaint={value[:30]}&category={value[:30]}",
            {"problem": value, "kind": value, "complaints": [value]},
        )

        assert response.status_code == 400, value
        assert set(response.context["form"].errors) <= {"problem", "kind", "complaints"}
        assert response.context["form"].errors
    assert not CorrectiveAction.objects.exists()


def test_hostile_values_on_the_required_levels(client, team):
    client.force_login(team.gm)
    before = dict(SatisfactionTarget.objects.values_list("dimension_code", "required_index"))

    for value in HOSTILE:
        response = client.post(
            reverse("surveys:targets"), LEVELS | {"level_overall": value, "level_safety": value}
        )

        assert response.status_code == 400, value
        assert set(response.context["form"].errors) <= {"level_overall", "level_safety"}
    assert (
        dict(SatisfactionTarget.objects.values_list("dimension_code", "required_index")) == before
    )


def test_hostile_filters_and_ids_are_never_a_server_error(client, team):
    action = make_action(number="JZ-1999-000402")
    client.force_login(team.office)

    for value in HOSTILE:
        query = {
            key: value for key in ("status", "department", "overdue", "source", "mine", "page")
        }
        assert client.get(reverse("surveys:actions"), query).status_code == 200, value
    for path in (
        f"/surveys/actions/{2**63}/",
        f"/surveys/actions/{action.pk}/files/{2**40}/",
        f"/surveys/actions/{2**31}/assign/",
    ):
        response = client.get(path) if path.count("/") < 6 else client.post(path, {})
        assert response.status_code in (404, 405), path
