"""The home page's action tiles (core.home): the office's overdue actions and the owner's
actions to do; each count equals the rows of the list it links to, and nobody else gets them."""

import re

import pytest
from django.utils import timezone

from complaints.surveys.models import CorrectiveAction
from tests.surveys.factories import make_action
from tests.surveys.factories_capa import make_team, walk

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status
TILE = re.compile(r'data-tile="(\w+)" data-count="(\d+)"')


def _tiles(client, user) -> dict[str, int]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {key: int(count) for key, count in TILE.findall(response.content.decode())}


def _listed(client, user, key) -> set[str]:
    from core.home import tiles_for

    url = next(tile.url for tile in tiles_for(user) if tile.key == key)
    return set(re.findall(r'data-number="([^"]+)"', client.get(url).content.decode()))


@pytest.fixture
def world(db):
    team = make_team()
    late = walk(make_action(number="JZ-1999-000301"), team, S.ASSIGNED)
    CorrectiveAction.objects.filter(pk=late.pk).update_unrecorded(
        due_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    mine = walk(make_action(number="JZ-1999-000302"), team, S.ASSIGNED)
    walk(make_action(number="JZ-1999-000303"), team, S.COMPLETED)  # waits for the office
    make_action(number="JZ-1999-000304")  # drafted, nobody's yet
    return team, late, mine


def test_the_office_sees_the_overdue_actions(client, world):
    team, late, _mine = world

    counts = _tiles(client, team.office)

    assert counts["capa_overdue"] == 1
    assert "capa_mine" not in counts
    assert _listed(client, team.office, "capa_overdue") == {late.number}


def test_the_owner_sees_his_actions_to_do(client, world):
    team, late, mine = world

    counts = _tiles(client, team.owner)

    assert counts["capa_mine"] == 2
    assert "capa_overdue" not in counts
    assert _listed(client, team.owner, "capa_mine") == {late.number, mine.number}


@pytest.mark.parametrize("who", ["gm", "head", "staff", "outsider"])
def test_others_get_no_action_tile(client, world, who):
    counts = _tiles(client, getattr(world[0], who))

    assert not {"capa_overdue", "capa_mine"} & set(counts)


def test_nothing_overdue_shows_no_overdue_tile(client):
    team = make_team()
    walk(make_action(number="JZ-1999-000305"), team, S.ASSIGNED)

    assert "capa_overdue" not in _tiles(client, team.office)
