"""Questionnaires (issue 12, part 1): edited only until they collect an answer, then only
copied to a new version (the answers keep pointing at the questions they answered)."""

from django.db import transaction
from django.db.models import Max

from complaints.surveys.actions.campaign import questionnaire_action_require
from complaints.surveys.models import Choice, Dimension, Question, Questionnaire, Section
from core.services import save_recorded


def _locked(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, by, title: str,
                         introduction: str = "") -> Questionnaire:
    """Change the title and introduction of a questionnaire that has no answer yet."""
    questionnaire = _locked(questionnaire)
    questionnaire_action_require(by, questionnaire, "edit")
    questionnaire.title = title.strip()
    questionnaire.introduction = introduction.strip()
    save_recorded(questionnaire, "questionnaire_edited", by)
    return questionnaire


@transaction.atomic
def question_update(*, question: Question, by, text: str, is_required: bool) -> Question:
    """Change a question's wording of a questionnaire that has no answer yet."""
    question = Question.objects.select_for_update().select_related(
        "section__questionnaire").get(pk=question.pk)
    questionnaire_action_require(by, question.section.questionnaire, "edit")
    question.text, question.is_required = text.strip(), is_required
    save_recorded(question, "question_edited", by)
    return question


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, by) -> Questionnaire:
    """A copy of `questionnaire` (dimensions, sections, questions, choices) as the next version
    of its code; the office edits the copy until it collects answers in turn."""
    questionnaire = _locked(questionnaire)
    questionnaire_action_require(by, questionnaire, "new_version")
    latest = (Questionnaire.objects.filter(code=questionnaire.code)
              .aggregate(latest=Max("version"))["latest"] or 0)
    copy = Questionnaire(code=questionnaire.code, version=latest + 1, title=questionnaire.title,
                         introduction=questionnaire.introduction, previous=questionnaire,
                         created_by=by)
    save_recorded(copy, f"questionnaire_new_version: v{questionnaire.version}", by)
    dimensions = {}
    for dimension in Dimension.objects.filter(questionnaire=questionnaire):
        new = Dimension(questionnaire=copy, code=dimension.code, name=dimension.name,
                        weight=dimension.weight, order=dimension.order, created_by=by)
        save_recorded(new, "questionnaire_versioned", by)
        dimensions[dimension.pk] = new
    for section in Section.objects.filter(questionnaire=questionnaire):
        new_section = Section(questionnaire=copy, title=section.title, order=section.order,
                              created_by=by)
        save_recorded(new_section, "questionnaire_versioned", by)
        for question in section.questions.all():
            new_question = Question(
                section=new_section, kind=question.kind, text=question.text,
                dimension=dimensions.get(question.dimension_id),
                is_required=question.is_required, order=question.order, created_by=by)
            save_recorded(new_question, "questionnaire_versioned", by)
            for choice in question.choices.all():
                save_recorded(Choice(question=new_question, label=choice.label,
                                     order=choice.order, created_by=by),
                              "questionnaire_versioned", by)
    return copy
