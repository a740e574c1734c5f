"""The paper questionnaires (issue 12, part 3 a): one questionnaire per respondent, each with its
respondent code in print and as a QR code (segno, inline SVG: the renderer fetches nothing,
core.pdf), rendered by core.pdf with the project's print stylesheet and fonts.

The questionnaire goes to the customer, so it carries neither the customer's identifiers nor
the sample's stratum: only the customer's name for the envelope, the code to type back and the
questions. Printed in Chinese whatever the language of the user who prints it."""

from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from complaints.surveys.models import Question
from complaints.surveys.selectors.campaigns import questionnaire_questions
from contracts.selectors import company_name
from core.pdf import render_pdf

PAPER_TEMPLATE = "surveys/print/questionnaire.html"
PRINT_LANGUAGE = "zh-hans"
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")
# A4 pages of one batch: a bigger sample is printed in several batches (by stratum or page).
MAX_PER_PDF = 500


def qr_svg(text: str) -> str:
    """The QR code of `text` as an inline <svg> element (segno, error level M, no XML prolog),
    sized in mm for print; safe to insert as is (segno writes only the path)."""
    import segno

    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr")
    return mark_safe(svg)  # noqa: S308 - segno's own markup, the text is encoded in the path


def _sections(questions: list[Question]) -> list[dict]:
    sections: list[dict] = []
    for question in questions:
        if not sections or sections[-1]["title"] != question.section.title:
            sections.append({"title": question.section.title, "questions": []})
        sections[-1]["questions"].append({
            "number": sum(len(s["questions"]) for s in sections) + 1, "text": question.text,
            "kind": question.kind, "is_required": question.is_required,
            "choices": [choice.label for choice in question.choices.all()]})
    return sections


def paper_context(*, campaign, respondents) -> dict:
    """What the paper questionnaires print: plain values only (the template is a document)."""
    questionnaire = campaign.questionnaire
    sections = _sections(questionnaire_questions(questionnaire))
    printed_at = timezone.localtime(timezone.now(), PRINT_TIMEZONE)
    return {
        "company_name": company_name(),
        "title": questionnaire.title, "introduction": questionnaire.introduction,
        "version": questionnaire.version, "campaign_number": campaign.number,
        "sections": sections, "ratings": [5, 4, 3, 2, 1],
        "respondents": [{"code": respondent.code, "name": respondent.customer.name,
                         "qr": qr_svg(respondent.code)} for respondent in respondents],
        "printed_at_text": printed_at.strftime("%Y-%m-%d"),
    }


def paper_pdf(*, campaign, respondents) -> bytes:
    """The questionnaires of `respondents` (their customers selected) as one PDF."""
    with translation.override(PRINT_LANGUAGE), timezone.override(PRINT_TIMEZONE):
        return render_pdf(PAPER_TEMPLATE, paper_context(campaign=campaign,
                                                        respondents=respondents))
