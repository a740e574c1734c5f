"""The permission matrix of the corrective/preventive actions and the required levels (issue 12,
part 7): office, GM, head of the owner department, head of another department, a plain member
of staff, the owner. An action a person may not see is absent from his list and a 404 on its
page; links and buttons appear only for what he may do; each action's URL does its work for
the allowed user, 403 for one who sees it but may not act."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.surveys.actions.capa import capa_actions
from complaints.surveys.models import CorrectiveAction
from tests.helpers.pages import DATA_ACTION
from tests.surveys.factories import make_action
from tests.surveys.factories_capa import make_team, walk

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status
PEOPLE = ("office", "gm", "head", "other_head", "staff", "outsider", "owner")
SEES = {"office", "gm", "head", "staff", "owner"}
LIST = reverse("surveys:actions")
LEVELS = {
    "level_overall": "82",
    "level_service_quality": "80",
    "level_package_price": "75",
    "level_company": "80",
    "level_safety": "85",
    "level_attitude": "80",
}


@pytest.fixture
def team(db):
    return make_team()


@pytest.fixture
def action(team):
    return walk(make_action(number="JZ-1999-000101"), team, S.ASSIGNED)


def _numbers(response) -> set[str]:
    return set(re.findall(r'data-number="([^"]+)"', response.content.decode()))


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_sees_exactly_the_actions_he_may(client, team, action, who):
    client.force_login(getattr(team, who))
    listed = client.get(LIST)
    page = client.get(action.get_absolute_url())
    create = client.get(reverse("surveys:action_create"))

    if who == "outsider":
        assert listed.status_code == 404
    else:
        assert listed.status_code == 200
        assert _numbers(listed) == ({action.number} if who in SEES else set())
        assert ('id="new-action"' in listed.content.decode()) is (who == "office")
    assert page.status_code == (200 if who in SEES else 404)
    assert create.status_code == {"office": 200, "outsider": 404}.get(who, 403)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_required_levels_are_seen_by_office_and_gm_and_set_by_the_gm(client, team, who):
    client.force_login(getattr(team, who))
    url = reverse("surveys:targets")
    response = client.get(url)
    posted = client.post(url, LEVELS)

    if who in ("office", "gm"):
        assert response.status_code == 200
        html = response.content.decode()
        assert ('id="targets-form"' in html) is (who == "gm")
        assert 'data-tab="targets"' in html
        assert posted.status_code == (302 if who == "gm" else 403)
    else:
        assert response.status_code == posted.status_code == 404


@pytest.mark.parametrize("state", [S.DRAFTED, S.ASSIGNED, S.COMPLETED, S.AWAITING_CHECK])
def test_the_page_shows_exactly_the_allowed_buttons(client, team, state):
    action = walk(make_action(number=f"JZ-1999-{hash(state) % 10**6:06d}"), team, state)
    for who in SEES:
        user = getattr(team, who)
        client.force_login(user)
        shown = set(DATA_ACTION.findall(client.get(action.get_absolute_url()).content.decode()))
        assert shown == capa_actions(user, action).allowed(), (state, who)


def test_the_manual_check_button_for_an_action_opened_by_hand(client, team):
    action = walk(make_action(number="JZ-1999-000102"), team, S.AWAITING_CHECK)
    client.force_login(team.office)
    response = client.post(
        reverse("surveys:action_check", args=[action.pk]),
        {"check-effective": "yes", "check-note": "投诉下降", "check-confirm": "on"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == S.CLOSED and action.is_effective


def test_the_whole_walk_through_the_pages(client, team):
    action = make_action(number="JZ-1999-000103")
    client.force_login(team.office)
    due = (timezone.localdate() + timezone.timedelta(days=10)).isoformat()
    client.post(
        reverse("surveys:action_assign", args=[action.pk]),
        {
            "assign-problem": "问题",
            "assign-root_cause": "原因",
            "assign-kind": "preventive",
            "assign-measures": "措施",
            "assign-owner_department": team.department.pk,
            "assign-owner": team.owner.pk,
            "assign-due_on": due,
        },
    )
    action.refresh_from_db()
    assert action.status == S.ASSIGNED and action.kind == CorrectiveAction.Kind.PREVENTIVE

    client.force_login(team.owner)
    evidence = SimpleUploadedFile(
        "evidence.pdf", b"%PDF-1.4\n%evidence\n", content_type="application/pdf"
    )
    assert (
        client.post(
            reverse("surveys:action_upload", args=[action.pk]), {"file": evidence}
        ).status_code
        == 302
    )
    client.post(reverse("surveys:action_complete", args=[action.pk]), {"complete-note": "完成"})
    action.refresh_from_db()
    assert action.status == S.COMPLETED
    page = client.get(action.get_absolute_url())
    assert "evidence.pdf" in page.content.decode()
    assert client.get(reverse("surveys:action_file", args=[action.pk, 1])).status_code == 200

    client.force_login(team.office)
    client.post(
        reverse("surveys:action_send_back", args=[action.pk]), {"send_back-note": "证据不全"}
    )  # not confirmed: refused
    action.refresh_from_db()
    assert action.status == S.COMPLETED
    client.post(reverse("surveys:action_verify", args=[action.pk]), {"verify-note": "核实"})
    action.refresh_from_db()
    assert action.status == S.AWAITING_CHECK


@pytest.mark.parametrize(
    "who,status",
    [
        ("gm", 403),
        ("head", 403),
        ("staff", 403),
        ("outsider", 404),
        ("other_head", 404),
        ("owner", 403),
    ],
)
def test_action_urls_refuse_others(client, team, who, status):
    action = walk(make_action(number="JZ-1999-000104"), team, S.COMPLETED)
    client.force_login(getattr(team, who))
    response = client.post(reverse("surveys:action_verify", args=[action.pk]), {"verify-note": "x"})
    assert response.status_code == status
    action.refresh_from_db()
    assert action.status == S.COMPLETED


def test_bad_input_is_a_form_error_on_its_field(client, team):
    action = make_action(number="JZ-1999-000105")
    client.force_login(team.office)

    response = client.post(
        reverse("surveys:action_assign", args=[action.pk]),
        {"assign-due_on": "2026-02-30", "assign-owner": "x"},
    )

    assert response.status_code == 400
    errors = response.context["forms"]["assign"].errors
    assert {"due_on", "owner", "owner_department", "problem", "measures", "kind"} <= set(errors)
    assert 'id="form-assign"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == S.DRAFTED


@pytest.mark.parametrize("field,days,owner", [("owner", 5, "outsider"), ("due_on", -1, "owner")])
def test_a_refused_assignment_is_an_error_on_its_field(client, team, field, days, owner):
    """An owner outside the owner department, a due date in the past (the service's check)."""
    action = make_action(number="JZ-1999-000109")
    client.force_login(team.office)

    response = client.post(
        reverse("surveys:action_assign", args=[action.pk]),
        {
            "assign-problem": "问题",
            "assign-kind": "corrective",
            "assign-measures": "措施",
            "assign-owner_department": team.department.pk,
            "assign-owner": getattr(team, owner).pk,
            "assign-due_on": (timezone.localdate() + timezone.timedelta(days=days)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert list(response.context["forms"]["assign"].errors) == [field]
    action.refresh_from_db()
    assert action.status == S.DRAFTED and action.owner is None


def test_the_list_filters_overdue_and_status(client, team):
    late = walk(make_action(number="JZ-1999-000106"), team, S.ASSIGNED)
    CorrectiveAction.objects.filter(pk=late.pk).update_unrecorded(
        due_on=timezone.localdate() - timezone.timedelta(days=2)
    )
    on_time = walk(make_action(number="JZ-1999-000107"), team, S.ASSIGNED)
    drafted = make_action(number="JZ-1999-000108")
    client.force_login(team.office)
    assert _numbers(client.get(LIST, {"overdue": "yes"})) == {late.number}
    assert _numbers(client.get(LIST, {"overdue": "no"})) == {on_time.number, drafted.number}
    assert _numbers(client.get(LIST, {"status": "drafted"})) == {drafted.number}
    assert _numbers(client.get(LIST, {"department": team.department.pk})) == {
        late.number,
        on_time.number,
    }
    assert client.get(LIST, {"status": "nonsense", "department": "x"}).status_code == 200


def test_opening_from_a_complaint_page(client, team):
    from tests.complaints.factories import make_complaint, make_desk

    complaint = make_complaint(make_desk())
    client.force_login(team.office)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'id="open-capa"' in page
    form = client.get(reverse("surveys:action_create"), {"complaint": complaint.pk})
    assert complaint.number in form.content.decode()
    response = client.post(
        f"{reverse('surveys:action_create')}?complaint={complaint.pk}",
        {"problem": "抄表投诉", "kind": "corrective", "complaints": [complaint.pk]},
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get(problem="抄表投诉")
    assert list(action.complaints.all()) == [complaint]
    assert complaint.number in client.get(action.get_absolute_url()).content.decode()

    client.force_login(team.gm)  # the GM sees the complaint, may not open actions
    assert 'id="open-capa"' not in client.get(complaint.get_absolute_url()).content.decode()


def test_a_complaint_the_office_does_not_see_is_refused(client, team):
    client.force_login(team.office)
    response = client.post(
        reverse("surveys:action_create"),
        {"problem": "x", "kind": "corrective", "complaints": ["999999"]},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["complaints"]


def test_opening_from_the_complaint_lists_trend(client, team):
    """The office's link on the complaint list carries the category filter; the form
    shortlists that category's complaints, ticked; the action links them."""
    from tests.complaints.factories import make_complaint, make_desk

    desk = make_desk()
    reading = [make_complaint(desk) for _ in range(2)]
    other = make_complaint(desk, category_code="price_billing")
    category = reading[0].category_id
    client.force_login(team.office)

    listing = client.get(reverse("complaints:list"), {"category": category}).content.decode()
    href = re.search(r'href="([^"]+)"\s+id="open-capa-trend"', listing).group(1)
    form = client.get(href.replace("&amp;", "&"))
    ticked = set(re.findall(r'value="(\d+)"[^>]*checked', form.content.decode()))

    assert f"category={category}" in href
    assert ticked == {str(c.pk) for c in reading}
    assert other.number not in form.content.decode()

    response = client.post(
        href.replace("&amp;", "&"),
        {"problem": "抄表争议增多", "kind": "preventive", "complaints": sorted(ticked)},
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get(problem="抄表争议增多")
    assert set(action.complaints.all()) == set(reading)
    assert action.source == CorrectiveAction.Source.COMPLAINTS

    client.force_login(team.gm)
    assert 'id="open-capa-trend"' not in client.get(reverse("complaints:list")).content.decode()
