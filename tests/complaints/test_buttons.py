"""One answer to "what may this user do on this complaint now" (issue 11, point 2): the complaint
page shows a button (data-action) for each action complaint_actions allows, plus the approval
timeline's, and none other, for every person around a complaint in every state; each action's
URL does its work for the allowed user, refuses (403) a user who sees the complaint but may not
act, and answers 404 to one who may not see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints import services
from complaints.actions import RULES, complaint_actions
from complaints.forms import CoHandlingForm
from complaints.models import Complaint
from tests.accounts.factories import UserFactory
from tests.complaints.factories import S, category, make_complaint, walk
from tests.helpers.pages import DATA_ACTION, timeline_allowed

pytestmark = pytest.mark.django_db

STATES = [S.REGISTERED, S.HANDLING, S.IN_APPROVAL, S.AWAITING_FEEDBACK, S.FEEDBACK_GIVEN,
          S.CALLED_BACK, S.CLOSED]
PEOPLE = ("receiver", "head", "handler", "co_handler", "gm", "office", "production2",
          "outsider")


@pytest.fixture
def people(desk):
    return {"receiver": desk.receiver, "head": desk.head, "handler": desk.handler,
            "co_handler": desk.co_handler, "gm": desk.gm, "office": desk.office,
            "production2": UserFactory(username="production2", roles=["production"]),
            "outsider": UserFactory(username="outsider", roles=["staff"])}


def _shown(client, complaint) -> set[str] | None:
    """The data-action values of the complaint page, or None when it is a 404."""
    response = client.get(complaint.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return set(DATA_ACTION.findall(response.content.decode()))


@pytest.mark.parametrize("quality", [False, True], ids=["service", "quality"])
@pytest.mark.parametrize("state", STATES)
def test_the_page_shows_exactly_the_allowed_actions(client, desk, people, state, quality):
    complaint = walk(make_complaint(desk, quality=quality), desk, state)

    for name, user in people.items():
        client.force_login(user)
        shown = _shown(client, complaint)
        if shown is None:
            # Production sees quality complaints only (§7.2).
            assert name == "outsider" or (name in ("co_handler", "production2")
                                          and not quality), name
            continue
        complaint = Complaint.objects.get(pk=complaint.pk)
        expected = (complaint_actions(user=user, complaint=complaint).allowed()
                    | timeline_allowed(user, complaint))
        assert shown == expected, (state, name)


def test_an_incident_and_a_complaint_to_link_show_their_buttons(client, desk):
    incident = make_complaint(desk, is_incident=True, caller_name="停气")
    caller = make_complaint(desk, caller_name="来电")
    client.force_login(desk.receiver)

    assert {"mark_incident", "link_incident"} <= _shown(client, caller)
    assert not {"mark_incident", "link_incident"} & _shown(client, incident)
    html = client.get(caller.get_absolute_url()).content.decode()
    assert f'<option value="{incident.pk}">{incident.number}</option>' in html


# --- Each action's URL ----------------------------------------------------------------------------

# action → (URL name, the state it is taken in, quality?, the allowed person, the POST data,
# a person who sees the complaint but may not take the action)
ACTIONS = {
    "edit": ("complaints:edit", S.REGISTERED, False, "receiver", None, "office"),
    "assign": ("complaints:assign", S.REGISTERED, False, "head", "assign", "office"),
    "mark_incident": ("complaints:mark_incident", S.REGISTERED, False, "receiver", {},
                      "gm"),
    "link_incident": ("complaints:link_incident", S.REGISTERED, False, "receiver",
                      "link_incident", "office"),
    "respond": ("complaints:respond", S.HANDLING, False, "handler", {"respond-note": "已致电"},
                "office"),
    "record_co_handling": ("complaints:record_co_handling", S.HANDLING, True, "co_handler",
                           {"text": "压力检测正常"}, "production2"),
    "record_result": ("complaints:record_result", S.HANDLING, False, "handler",
                      {"cause": "原因", "measures": "措施", "result": "结果", "cost": "12.50"},
                      "receiver"),
    "submit": ("complaints:submit", S.HANDLING, False, "handler", "submit", "head"),
    "record_feedback": ("complaints:record_feedback", S.AWAITING_FEEDBACK, False, "office",
                        "feedback", "handler"),
    "record_callback": ("complaints:record_callback", S.FEEDBACK_GIVEN, False, "office",
                        {"result": "satisfied", "comment": "满意"}, "gm"),
    "close": ("complaints:close", S.CALLED_BACK, False, "office", {"close-note": ""},
              "handler"),
    "attach": ("complaints:upload", S.HANDLING, False, "handler", "file", "gm"),
}
DONE = {
    "assign": lambda c, desk: c.handler == desk.handler and c.status == S.HANDLING,
    "mark_incident": lambda c, desk: c.is_incident,
    "link_incident": lambda c, desk: c.parent is not None,
    "respond": lambda c, desk: c.first_responded_at is not None,
    "record_co_handling": lambda c, desk: c.co_handlings.count() == 1,
    "record_result": lambda c, desk: (c.cause, str(c.cost)) == ("原因", "12.50"),
    "submit": lambda c, desk: c.status == S.IN_APPROVAL,
    "record_feedback": lambda c, desk: c.status == S.FEEDBACK_GIVEN,
    "record_callback": lambda c, desk: c.status == S.CALLED_BACK,
    "close": lambda c, desk: c.status == S.CLOSED,
    "attach": lambda c, desk: c.pk is not None,
    "edit": lambda c, desk: c.caller_name == "改名",
}


def test_every_action_has_its_case():
    assert set(ACTIONS) == set(RULES) == set(DONE)


def _data(kind, complaint, desk):
    if kind == "assign":
        return {"handler": desk.handler.pk}
    if kind == "link_incident":
        incident = make_complaint(desk, is_incident=True, caller_name="停气")
        return {"incident": incident.pk}
    if kind == "submit":
        services.complaint_record_result(complaint=complaint, by=desk.handler, cause="原因",
                                         measures="措施", result="结果")
        return {"comment": "请审批"}
    if kind == "feedback":
        return {"method": "phone", "given_on": "2026-11-30", "content": "已处理",
                "customer_reply": "好"}
    if kind == "file":
        return {"file": SimpleUploadedFile("letter.txt", "投诉信".encode(), "text/plain"),
                "kind": "来信"}
    if kind is None:  # the edit form
        return {"channel": "phone", "caller_name": "改名", "caller_phone": "13812345678",
                "category": str(category().pk), "complaint_class": "service",
                "urgency": "normal", "text": "改"}
    return kind


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_allowed_user_takes_the_action(client, desk, people, action):
    name, state, quality, who, kind, _other = ACTIONS[action]
    complaint = walk(make_complaint(desk, quality=quality), desk, state)
    data = _data(kind, complaint, desk)
    client.force_login(people[who])

    response = client.post(reverse(name, args=[complaint.pk]), data)

    assert response.status_code == 302
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert DONE[action](complaint, desk), action


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_user_who_sees_the_complaint_but_may_not_act_gets_a_403(client, desk, people,
                                                                     action):
    name, state, quality, _who, kind, other = ACTIONS[action]
    complaint = walk(make_complaint(desk, quality=quality), desk, state)
    data = _data(kind, complaint, desk)
    client.force_login(people[other])
    before = Complaint.objects.get(pk=complaint.pk).history.count()

    response = client.post(reverse(name, args=[complaint.pk]), data)

    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).history.count() == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_user_who_may_not_see_the_complaint_gets_a_404(client, desk, people, action):
    name, state, quality, _who, kind, _other = ACTIONS[action]
    complaint = walk(make_complaint(desk, quality=quality), desk, state)
    client.force_login(people["outsider"])

    response = client.post(reverse(name, args=[complaint.pk]), _data(kind, complaint, desk))

    assert response.status_code == 404


def test_an_action_in_the_wrong_state_is_a_message_naming_the_status(client, desk):
    complaint = walk(make_complaint(desk), desk, S.CLOSED)
    client.force_login(desk.office)

    response = client.post(reverse("complaints:close", args=[complaint.pk]), follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert any(complaint.get_status_display() in m for m in messages)


def test_a_refused_action_form_names_the_field(client, desk):
    complaint = walk(make_complaint(desk, quality=True), desk, S.HANDLING)
    client.force_login(desk.co_handler)

    response = client.post(reverse("complaints:record_co_handling", args=[complaint.pk]),
                           {"text": ""}, follow=True)

    label = str(CoHandlingForm.base_fields["text"].label)
    assert any(m.message.startswith(f"{label}：") for m in response.context["messages"])


def test_submitting_an_incomplete_quality_result_lists_what_is_missing(client, desk):
    complaint = walk(make_complaint(desk, quality=True), desk, S.HANDLING)
    services.complaint_record_result(complaint=complaint, by=desk.handler, cause="c",
                                     measures="m", result="r")
    client.force_login(desk.handler)

    response = client.post(reverse("complaints:submit", args=[complaint.pk]), follow=True)

    assert Complaint.objects.get(pk=complaint.pk).status == S.HANDLING
    assert 'id="complaint-problems"' in response.content.decode()
