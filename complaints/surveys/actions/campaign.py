"""What may this user do on a campaign, a respondent or a questionnaire now (issue 12, parts
2, 3 and 7): one table each, read by the services (which enforce it on the locked row), the
views (which refuse before calling them) and the templates (one button per allowed action,
marked `data-action`).

The office runs everything; the general manager sees everything and does nothing here; nobody
else reaches a campaign at all (the selectors answer 404 before any of this is asked).

The wrong user is a PermissionDenied (403); the wrong state a ValidationError naming the
status (the page may be older than the record)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from complaints.surveys.models import Campaign, Questionnaire, Respondent, Response
from complaints.surveys.selectors.access import runs_surveys


@dataclass(frozen=True)
class Rule:
    when: Callable  # (record) -> bool
    refusal: str


_OFFICE = gettext_lazy("Only the company office runs the satisfaction surveys.")

CAMPAIGN_RULES: dict[str, Rule] = {
    "edit": Rule(lambda c: c.is_planned and not c.is_sampled, gettext_lazy(
        "The campaign's plan is fixed once its sample is drawn; it is %(status)s.")),
    "draw_sample": Rule(lambda c: c.is_planned and not c.is_sampled, gettext_lazy(
        "The sample is drawn once, while the campaign is planned; it is %(status)s.")),
    "start_collection": Rule(lambda c: c.is_planned and c.is_sampled, gettext_lazy(
        "The collection starts once the sample is drawn; the campaign is %(status)s.")),
    "end_collection": Rule(lambda c: c.is_collecting, gettext_lazy(
        "Only a campaign collecting answers ends its collection; it is %(status)s.")),
    "reopen_collection": Rule(lambda c: c.is_analysing, gettext_lazy(
        "Only a campaign being analysed reopens its collection; it is %(status)s.")),
    "enter_answers": Rule(lambda c: c.is_collecting, gettext_lazy(
        "Answers are entered while the campaign collects them; it is %(status)s.")),
    "print": Rule(lambda c: c.is_sampled and not c.is_completed, gettext_lazy(
        "Questionnaires are printed for a sampled campaign not yet completed; it is "
        "%(status)s.")),
}

_COLLECTING = gettext_lazy("The campaign is not collecting answers.")
_STATUS = gettext_lazy("This respondent is %(status)s.")


def _collecting_and(step: Callable) -> Callable:
    return lambda r: r.campaign.is_collecting and step(r)


RESPONDENT_RULES: dict[str, Rule] = {
    "invite": Rule(_collecting_and(lambda r: r.can_transition("status", r.Status.INVITED)),
                   _STATUS),
    "reissue_link": Rule(_collecting_and(lambda r: r.may_answer and bool(r.token_digest)),
                         _STATUS),
    "remind": Rule(_collecting_and(lambda r: r.can_transition("status", r.Status.REMINDED)),
                   _STATUS),
    "refuse": Rule(_collecting_and(lambda r: r.can_transition("status", r.Status.REFUSED)),
                   _STATUS),
    "unreachable": Rule(_collecting_and(
        lambda r: r.can_transition("status", r.Status.UNREACHABLE)), _STATUS),
    "enter_answer": Rule(_collecting_and(lambda r: r.may_answer), _STATUS),
    "print": Rule(lambda r: r.campaign.is_sampled and not r.campaign.is_completed
                  and r.may_answer, _STATUS),
}

def questionnaire_is_frozen(questionnaire: Questionnaire) -> bool:
    """Whether the questionnaire has collected an answer: then it is only versioned."""
    return Response.objects.filter(campaign__questionnaire=questionnaire).exists()


QUESTIONNAIRE_RULES: dict[str, Rule] = {
    "edit": Rule(lambda q: not questionnaire_is_frozen(q), gettext_lazy(
        "This questionnaire has collected answers: it is never edited again, make a new "
        "version instead.")),
    "new_version": Rule(lambda q: True, ""),
}


def _allowed(rules: dict[str, Rule], user, record) -> dict[str, bool]:
    office = runs_surveys(user)
    return {name: bool(office and rule.when(record)) for name, rule in rules.items()}


def _require(rules: dict[str, Rule], user, record, action: str, status: str) -> None:
    if not runs_surveys(user):
        raise PermissionDenied(str(_OFFICE))
    rule = rules[action]
    if not rule.when(record):
        raise ValidationError(str(rule.refusal) % {"status": status}, code="wrong_state")


def campaign_actions(user, campaign: Campaign) -> dict[str, bool]:
    """{action: allowed} for `user` on `campaign` now (the caller has shown it is visible)."""
    return _allowed(CAMPAIGN_RULES, user, campaign)


def campaign_action_require(user, campaign: Campaign, action: str) -> None:
    _require(CAMPAIGN_RULES, user, campaign, action, campaign.get_status_display())


def respondent_actions(user, respondent: Respondent) -> dict[str, bool]:
    """{action: allowed} for `user` on `respondent` now."""
    return _allowed(RESPONDENT_RULES, user, respondent)


def respondent_action_require(user, respondent: Respondent, action: str) -> None:
    if (runs_surveys(user) and not respondent.campaign.is_collecting
            and action not in ("print",)):
        raise ValidationError(str(_COLLECTING), code="wrong_state")
    _require(RESPONDENT_RULES, user, respondent, action, respondent.get_status_display())


def questionnaire_actions(user, questionnaire: Questionnaire) -> dict[str, bool]:
    return _allowed(QUESTIONNAIRE_RULES, user, questionnaire)


def questionnaire_action_require(user, questionnaire: Questionnaire, action: str) -> None:
    _require(QUESTIONNAIRE_RULES, user, questionnaire, action, "")
