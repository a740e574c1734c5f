"""The analysis of a campaign's answers (issue 12, part 4): per dimension and overall the number
of answers, the mean rating, the top-two-box rate, the distribution of the ratings, the
satisfaction index, the comparison with last year and the figures by stratum; the counts of
the single- and multiple-choice questions and the classification of the free-text answers.

Definitions (written into the report as they are computed here):

- a dimension's ratings are the ratings of every rating question of that dimension; its mean
  is their arithmetic mean, its top-two-box rate the share of ratings 4 or 5 (in %);
- a dimension's satisfaction index maps the mean linearly onto 0–100: 1 → 0, 5 → 100, i.e.
  (mean − 1) ÷ 4 × 100, computed from the exact mean;
- the overall index is the weighted mean of the dimension indices *as printed* (two decimals)
  by `Dimension.weight`, over the dimensions that have ratings, so a reader can check it from
  the report; a dimension of weight 0 is shown but does not count; with no rating (or no
  weight) at all it is None, shown as "—";
- `n` of a dimension is the number of respondents who rated it, `ratings` the number of its
  ratings; the overall `n` is the number of responses.

Every figure is a Decimal rounded half up to two places, stored as a string (JSON). The whole
analysis costs a fixed number of aggregate queries (GROUP BY dimension, rating and stratum),
whatever the number of answers.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from complaints.surveys.models import (
    RATING_MAX,
    RATING_MIN,
    TOP_TWO_BOX,
    Answer,
    Campaign,
    Dimension,
    Question,
    Respondent,
    Response,
    SampleFrame,
    SatisfactionTarget,
    SurveyReport,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
RATINGS = tuple(range(RATING_MIN, RATING_MAX + 1))
VERSION = 1


def q2(value: Decimal | None) -> Decimal | None:
    """Two decimals, rounded half up (None stays None)."""
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(q2(value))


def _share(part: int, whole: int) -> Decimal | None:
    return None if not whole else Decimal(part) * HUNDRED / Decimal(whole)


def rating_figures(counts: dict[int, int]) -> dict:
    """n of ratings, mean, top-two-box rate, index and distribution of a {rating: count}."""
    ratings = sum(counts.values())
    total = sum(Decimal(rating) * count for rating, count in counts.items())
    mean = total / ratings if ratings else None
    index = None if mean is None else (mean - RATING_MIN) / (RATING_MAX - RATING_MIN) * HUNDRED
    top2 = _share(sum(counts.get(rating, 0) for rating in TOP_TWO_BOX), ratings)
    return {
        "ratings": ratings,
        "mean": _s(mean),
        "top2": _s(top2),
        "index": _s(index),
        "distribution": {str(rating): counts.get(rating, 0) for rating in RATINGS},
    }


def weighted_index(rows: list[dict], weights: dict[str, Decimal]) -> str | None:
    """The weighted mean of the rows' printed indices ({"code", "index"}) by weight."""
    total = weight_sum = Decimal(0)
    for row in rows:
        weight = weights.get(row["code"], Decimal(0))
        if row["index"] is None or not weight:
            continue
        total += Decimal(row["index"]) * weight
        weight_sum += weight
    return _s(total / weight_sum) if weight_sum else None


def _number(value) -> str | None:
    """A figure read back from JSON (a string or a number) as a two-decimal string, or None."""
    if value is None or value == "":
        return None
    try:
        return _s(Decimal(str(value)))
    except ArithmeticError:
        return None


def _delta(now: str | None, before: str | None) -> str | None:
    if now is None or before is None:
        return None
    return _s(Decimal(now) - Decimal(before))


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """Last year's campaign (the last one of that year, completed ones first)."""
    return (
        Campaign.objects.filter(year=campaign.year - 1)
        .exclude(pk=campaign.pk)
        .select_related("report")
        .order_by("-completed_at", "-id")
        .first()
    )


def _previous_indices(previous: Campaign) -> dict:
    """{"overall": index, "by_code": {code: index}, "source": …} of last year's campaign: from
    its approved report's frozen figures when there is one, else from its answers."""
    report = getattr(previous, "report", None)  # None when it has no report
    if report is not None and report.is_approved and report.figures.get("dimensions"):
        return {
            "number": previous.number,
            "year": previous.year,
            "source": "report",
            "overall": _number((report.figures.get("overall") or {}).get("index")),
            "by_code": {
                d["code"]: _number(d.get("index"))
                for d in report.figures["dimensions"]
                if d.get("code")
            },
        }
    dimensions = list(Dimension.objects.filter(questionnaire_id=previous.questionnaire_id))
    counts = defaultdict(dict)
    for row in (
        Answer.objects.filter(response__campaign=previous, rating__isnull=False)
        .values("question__dimension_id", "rating")
        .annotate(n=Count("id"))
    ):
        counts[row["question__dimension_id"]][row["rating"]] = row["n"]
    rows = [{"code": d.code, "index": rating_figures(counts[d.pk])["index"]} for d in dimensions]
    return {
        "number": previous.number,
        "year": previous.year,
        "source": "answers",
        "overall": weighted_index(rows, {d.code: d.weight for d in dimensions}),
        "by_code": {row["code"]: row["index"] for row in rows},
    }


def _targets() -> dict[str, str]:
    return {t.dimension_code: _s(t.required_index) for t in SatisfactionTarget.objects.all()}


def _meets(index: str | None, required: str | None) -> bool | None:
    if index is None or required is None:
        return None
    return Decimal(index) >= Decimal(required)


def _strata(campaign: Campaign, responses_by_stratum: dict[str, int]) -> dict[str, dict]:
    """{stratum: {"label", "sample", "responses", "rate"}} from the frame and respondents."""
    frame = SampleFrame.objects.filter(campaign=campaign).values_list("strata", flat=True).first()
    strata = {
        key: {"label": str(value.get("label") or key), "sample": 0}
        for key, value in (frame or {}).items()
    }
    for row in (
        Respondent.objects.filter(campaign=campaign).values("stratum").annotate(n=Count("id"))
    ):
        strata.setdefault(row["stratum"], {"label": row["stratum"], "sample": 0})
        strata[row["stratum"]]["sample"] = row["n"]
    for key in responses_by_stratum:
        strata.setdefault(key, {"label": key, "sample": 0})
    for key, stratum in strata.items():
        stratum["responses"] = responses_by_stratum.get(key, 0)
        stratum["rate"] = _s(_share(stratum["responses"], stratum["sample"]))
    return strata


def _choices(campaign: Campaign) -> tuple[list[dict], dict]:
    """The single/multiple-choice questions with their counts, and the free-text question
    ids: one query for the questions (with choices prefetched), one for the counts."""
    questions = list(
        Question.objects.filter(section__questionnaire_id=campaign.questionnaire_id)
        .exclude(kind=Question.Kind.RATING)
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
    )
    counts = {
        (row["question_id"], row["choice_id"]): row["n"]
        for row in (
            Answer.objects.filter(response__campaign=campaign, choice__isnull=False)
            .values("question_id", "choice_id")
            .annotate(n=Count("response_id", distinct=True))
        )
    }
    answered = defaultdict(int)
    for row in (
        Answer.objects.filter(
            response__campaign=campaign,
            question__kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE],
        )
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
    ):
        answered[row["question_id"]] = row["n"]
    rows, texts = [], {}
    for question in questions:
        if not question.has_choices:
            texts[question.pk] = question.text
            continue
        n = answered[question.pk]
        rows.append(
            {
                "id": question.pk,
                "text": question.text,
                "kind": question.kind,
                "respondents": n,
                "choices": [
                    {
                        "label": c.label,
                        "count": counts.get((question.pk, c.pk), 0),
                        "share": _s(_share(counts.get((question.pk, c.pk), 0), n)),
                    }
                    for c in question.choices.all()
                ],
            }
        )
    return rows, texts


def _free_text(campaign: Campaign, texts: dict) -> dict:
    """How many free-text answers there are, and how many carry each of the office's tags."""
    answers = Answer.objects.filter(
        response__campaign=campaign,
        question_id__in=list(texts),
        choice__isnull=True,
        rating__isnull=True,
    ).exclude(text="")
    tags = (
        answers.filter(tags__isnull=False)
        .values("tags__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tags__name")
    )
    return {
        "count": answers.count(),
        "questions": list(texts.values()),
        "tags": [{"name": row["tags__name"], "count": row["n"]} for row in tags],
    }


def campaign_analysis(campaign: Campaign) -> dict:
    """The analysis of `campaign`'s answers as JSON-ready data (the format of
    SurveyReport.figures): {"overall", "dimensions", "strata", "choices", "free_text",
    "previous", "version"}. See the module's docstring for the definitions."""
    dimensions = list(Dimension.objects.filter(questionnaire_id=campaign.questionnaire_id))
    weights = {d.code: d.weight for d in dimensions}
    ratings = Answer.objects.filter(response__campaign=campaign, rating__isnull=False)
    # {dimension id: {stratum: {rating: count}}}
    cells = defaultdict(lambda: defaultdict(dict))
    for row in ratings.values("question__dimension_id", "response__stratum", "rating").annotate(
        n=Count("id")
    ):
        cells[row["question__dimension_id"]][row["response__stratum"]][row["rating"]] = row["n"]
    # {dimension id: {stratum: respondents who rated it}}
    raters = defaultdict(dict)
    for row in ratings.values("question__dimension_id", "response__stratum").annotate(
        n=Count("response_id", distinct=True)
    ):
        raters[row["question__dimension_id"]][row["response__stratum"]] = row["n"]
    responses_by_stratum = {
        row["stratum"]: row["n"]
        for row in (
            Response.objects.filter(campaign=campaign).values("stratum").annotate(n=Count("id"))
        )
    }
    strata = _strata(campaign, responses_by_stratum)
    targets = _targets()
    previous = previous_campaign(campaign)
    before = _previous_indices(previous) if previous is not None else None

    rows, all_counts = [], defaultdict(int)
    per_stratum = defaultdict(list)
    for dimension in dimensions:
        counts = defaultdict(int)
        for stratum, stratum_counts in cells[dimension.pk].items():
            for rating, count in stratum_counts.items():
                counts[rating] += count
                all_counts[rating] += count
            per_stratum[stratum].append(
                {
                    "code": dimension.code,
                    "n": raters[dimension.pk].get(stratum, 0),
                    **rating_figures(stratum_counts),
                }
            )
        figures = rating_figures(counts)
        required = targets.get(dimension.code)
        last = before["by_code"].get(dimension.code) if before else None
        rows.append(
            {
                "code": dimension.code,
                "name": dimension.name,
                "weight": _s(dimension.weight),
                "n": sum(raters[dimension.pk].values()),
                **figures,
                "required": required,
                "meets": _meets(figures["index"], required),
                "previous_index": last,
                "change": _delta(figures["index"], last),
            }
        )

    overall_index = weighted_index(rows, weights)
    overall = {
        "n": sum(responses_by_stratum.values()),
        **rating_figures(all_counts),
        "index": overall_index,
        "required": targets.get(""),
        "meets": _meets(overall_index, targets.get("")),
        "previous_index": before["overall"] if before else None,
        "change": _delta(overall_index, before["overall"] if before else None),
    }
    for key, stratum in strata.items():
        stratum["dimensions"] = per_stratum.get(key, [])
        stratum["index"] = weighted_index(stratum["dimensions"], weights)
    choices, texts = _choices(campaign)
    return {
        "version": VERSION,
        "campaign": {
            "number": campaign.number,
            "year": campaign.year,
            "title": campaign.title,
            "frame_size": campaign.frame_size,
            "sample_size": campaign.sample_size,
            "is_census": campaign.is_census,
        },
        "overall": overall,
        "dimensions": rows,
        "strata": [{"key": key, **value} for key, value in sorted(strata.items())],
        "choices": choices,
        "free_text": _free_text(campaign, texts),
        "previous": (
            {key: before[key] for key in ("number", "year", "source", "overall")}
            if before
            else None
        ),
    }


def report_figures(report: SurveyReport) -> dict:
    """The figures a report shows: frozen once submitted (awaiting approval or approved), the
    live analysis of its campaign while it is a draft."""
    if not report.is_draft and report.figures.get("dimensions") is not None:
        return report.figures
    return campaign_analysis(report.campaign)
