"""What an approved satisfaction report does to the corrective/preventive actions (篇二 §6 d;
issue 12, part 6), called by complaints.surveys.receivers on `signals.report_approved`:

1. the effectiveness check: every survey action awaiting its check whose dimension (or the
   overall index, dimension code "") has a figure in this report, from another report of the
   same or an earlier year (an older report approved late checks nothing newer), is
   checked against the level it was opened for: reached → closed, effective; still below →
   assigned again, ineffective;
2. the drafts: one action per dimension whose index is below its required level
   (SatisfactionTarget by dimension code; a dimension without a target is not checked), and
   one for the overall index below the overall level (code ""). Never twice for one report and
   dimension (the model's unique constraint; a second signal drafts nothing).
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.surveys.models import CorrectiveAction, SatisfactionTarget, SurveyReport
from complaints.surveys.services.capa import new_number
from core.reasons import reason
from core.services import save_recorded

Status = CorrectiveAction.Status
OVERALL = ""


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def report_indices(report: SurveyReport) -> dict[str, tuple[str, Decimal]]:
    """The report's frozen indices: dimension code → (name, index); "" is the overall index.
    Entries without a readable index are left out."""
    figures = report.figures if isinstance(report.figures, dict) else {}
    indices = {}
    overall = figures.get("overall")
    if isinstance(overall, dict) and (index := _decimal(overall.get("index"))) is not None:
        with translation.override(settings.LANGUAGE_CODE):
            indices[OVERALL] = (str(overall.get("name") or _("Overall satisfaction")), index)
    for dimension in figures.get("dimensions") or ():
        if not isinstance(dimension, dict) or not dimension.get("code"):
            continue
        index = _decimal(dimension.get("index"))
        if index is not None:
            code = str(dimension["code"])
            indices[code] = (str(dimension.get("name") or code), index)
    return indices


def _problem(
    report: SurveyReport, name: str, measured: Decimal, required: Decimal, figures: dict
) -> str:
    """The drafted problem text, from the figures (the company's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "%(report)s (%(year)s): the satisfaction index of “%(dimension)s” is "
            "%(measured)s, below the required %(required)s (short by %(gap)s)."
        ) % {
            "report": report.number,
            "year": report.campaign.year,
            "dimension": name,
            "measured": f"{measured:.2f}",
            "required": f"{required:.2f}",
            "gap": f"{required - measured:.2f}",
        }
        top2 = _decimal((figures or {}).get("top2"))
        n = (figures or {}).get("n")
        if top2 is not None:
            text += " " + _("Satisfied (4–5 points): %(top2)s %%.") % {"top2": f"{top2:.2f}"}
        if isinstance(n, int):
            text += " " + _("Answers: %(n)s.") % {"n": n}
    return text


def _dimension_figures(report: SurveyReport, code: str) -> dict:
    figures = report.figures if isinstance(report.figures, dict) else {}
    if code == OVERALL:
        overall = figures.get("overall")
        return overall if isinstance(overall, dict) else {}
    return next(
        (
            d
            for d in figures.get("dimensions") or ()
            if isinstance(d, dict) and d.get("code") == code
        ),
        {},
    )


def check_effectiveness(*, report: SurveyReport, by) -> list[CorrectiveAction]:
    """Check the actions of earlier reports awaiting this report's figure (module docstring)."""
    indices = report_indices(report)
    waiting = (
        CorrectiveAction.objects.select_for_update()
        .filter(
            status=Status.AWAITING_CHECK,
            report__isnull=False,
            report__campaign__year__lte=report.campaign.year,
            dimension_code__in=list(indices),
        )
        .exclude(report=report)
        .exclude(check_report=report)
        .order_by("pk")
    )
    targets = dict(SatisfactionTarget.objects.values_list("dimension_code", "required_index"))
    checked = []
    for action in waiting:
        required = action.required_index
        if required is None:
            required = targets.get(action.dimension_code)
        if required is None:
            continue
        index = indices[action.dimension_code][1]
        action.check_report, action.check_index = report, index
        action.is_effective = index >= required
        note = f"{report.number} {index:.2f} / {required:.2f}"
        if action.is_effective:
            action.move_to(Status.CLOSED)
            action.closed_at = timezone.now()
            save_recorded(action, reason("capa_effective", note), by)
        else:
            action.move_to(Status.ASSIGNED)
            save_recorded(action, reason("capa_ineffective", note), by)
        checked.append(action)
    return checked


def draft_actions(*, report: SurveyReport, by) -> list[CorrectiveAction]:
    """One drafted action per dimension (and the overall index) below its required level."""
    indices = report_indices(report)
    targets = dict(SatisfactionTarget.objects.values_list("dimension_code", "required_index"))
    existing = set(
        CorrectiveAction.objects.filter(report=report).values_list("dimension_code", flat=True)
    )
    drafted = []
    for code, (name, index) in indices.items():
        required = targets.get(code)
        if required is None or index >= required or code in existing:
            continue
        action = CorrectiveAction(
            number=new_number(),
            source=CorrectiveAction.Source.SURVEY,
            report=report,
            dimension_code=code,
            dimension_name=name[:100],
            measured_index=index,
            required_index=required,
            created_by=by,
            problem=_problem(report, name, index, required, _dimension_figures(report, code)),
        )
        save_recorded(action, reason("capa_drafted_below_level", name), by)
        drafted.append(action)
    return drafted


@transaction.atomic
def actions_for_approved_report(*, report: SurveyReport, by) -> tuple[list, list]:
    """Both steps for an approved report, the report's row locked so that two signals for it
    wait for each other: (actions checked, actions drafted)."""
    report = SurveyReport.objects.select_for_update().select_related("campaign").get(pk=report.pk)
    checked = check_effectiveness(report=report, by=by)
    drafted = draft_actions(report=report, by=by)
    return checked, drafted
