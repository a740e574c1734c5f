"""Part A: a questionnaire is edited until it collects an answer, then only versioned."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from complaints.surveys.models import Choice, Dimension, Question, Questionnaire, Section
from complaints.surveys.services.questionnaires import (
    questionnaire_new_version,
    questionnaire_update,
)
from tests.surveys.factories import default_questionnaire, make_campaign, make_response
from tests.surveys.factories_collect import office_user

pytestmark = pytest.mark.django_db


def test_a_questionnaire_without_answers_is_edited():
    questionnaire = default_questionnaire()

    questionnaire_update(questionnaire=questionnaire, by=office_user(), title="新标题")

    assert Questionnaire.objects.get(pk=questionnaire.pk).title == "新标题"


def test_a_questionnaire_with_answers_is_never_edited():
    campaign = make_campaign()
    make_response(campaign, ratings=4)

    with pytest.raises(ValidationError):
        questionnaire_update(questionnaire=campaign.questionnaire, by=office_user(),
                             title="改动")


def test_a_new_version_copies_sections_questions_choices_and_dimensions():
    campaign = make_campaign()
    make_response(campaign, ratings=4)
    old = campaign.questionnaire

    new = questionnaire_new_version(questionnaire=old, by=office_user())

    assert new.code == old.code and new.version == old.version + 1 and new.previous == old
    for model, link in ((Section, "questionnaire"), (Dimension, "questionnaire"),
                        (Question, "section__questionnaire"),
                        (Choice, "question__section__questionnaire")):
        assert model.objects.filter(**{link: new}).count() == (
            model.objects.filter(**{link: old}).count()) > 0
    assert set(Question.objects.filter(section__questionnaire=new, kind="rating")
               .values_list("dimension__questionnaire", flat=True)) == {new.pk}
    questionnaire_update(questionnaire=new, by=office_user(), title="第二版")


def test_only_the_office_versions_a_questionnaire(gm):
    with pytest.raises(PermissionDenied):
        questionnaire_new_version(questionnaire=default_questionnaire(), by=gm)


def test_the_questionnaire_page_offers_a_new_version_instead_of_editing(client, staff_user):
    campaign = make_campaign()
    make_response(campaign, ratings=4)
    office = office_user()
    url = reverse("surveys:questionnaire", args=[campaign.questionnaire.pk])
    client.force_login(office)

    page = client.get(url)
    edit = client.post(reverse("surveys:questionnaire_edit", args=[campaign.questionnaire.pk]),
                       {"title": "改动"})
    version = client.post(reverse("surveys:questionnaire_version",
                                  args=[campaign.questionnaire.pk]))

    assert b'data-action="new_version"' in page.content
    assert b'data-action="edit"' not in page.content and b'id="frozen"' in page.content
    assert edit.status_code == 302
    assert Questionnaire.objects.get(pk=campaign.questionnaire.pk).title != "改动"
    new = Questionnaire.objects.get(previous=campaign.questionnaire)
    assert version.url == reverse("surveys:questionnaire", args=[new.pk])
    client.force_login(staff_user)
    assert client.get(url).status_code == 404
