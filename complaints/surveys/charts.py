"""The report's charts as server-side SVG (pygal), from the figures of
complaints.surveys.analysis (live or frozen): each dimension's satisfaction index against the
required level, this year against last year, and the distribution of the ratings.

Made the way complaints.charts makes the complaints dashboard's: no script (pygal's
configuration script is removed, `js=[]`), no web font, no XML declaration; shown in the page
as an <img> with a data: URL (`svg_data_url`, allowed by the Content-Security-Policy's
`img-src data:`), printed in the PDF as inline <svg> (`inline_svg`). The only texts of a chart
are the dimension names (data of the questionnaire), which pygal escapes through ElementTree.
"""

from decimal import Decimal

import pygal
from django.utils.translation import gettext as _

from complaints.charts import STYLE, _without_script, inline_svg, svg_data_url

__all__ = ["inline_svg", "report_charts", "svg_data_url"]

WIDTH, HEIGHT = 640, 320
RATING_COLOURS = ("#dc3545", "#fd7e14", "#adb5bd", "#20c997", "#198754")


def _number(value) -> float | None:
    return None if value is None else float(Decimal(value))


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "width": WIDTH,
        "height": HEIGHT,
        "js": [],
        "disable_xml_declaration": True,
        "no_data_text": _("No data"),
        "print_values": True,
        "margin": 12,
        "truncate_label": 20,
        "show_legend": True,
        "legend_at_bottom": True,
        "range": (0, 100),
        "y_labels": [0, 20, 40, 60, 80, 100],
        "value_formatter": _format,
        **options,
    }


def _format(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _render(chart) -> str:
    chart.add_xml_filter(_without_script)
    return chart.render(is_unicode=True)


def _names(figures: dict) -> list[str]:
    return [row["name"] for row in figures.get("dimensions", [])]


def index_against_required(figures: dict) -> str:
    """Each dimension's index and the overall index, beside the required level."""
    rows = [*figures.get("dimensions", []), {"name": _("Overall"), **figures.get("overall", {})}]
    chart = pygal.Bar(**_config(title=_("Satisfaction index and required level")))
    chart.x_labels = [row["name"] for row in rows]
    chart.add(_("Satisfaction index"), [_number(row.get("index")) for row in rows])
    chart.add(_("Required level"), [_number(row.get("required")) for row in rows])
    return _render(chart)


def this_year_against_last(figures: dict) -> str:
    rows = [*figures.get("dimensions", []), {"name": _("Overall"), **figures.get("overall", {})}]
    campaign = figures.get("campaign") or {}
    previous = figures.get("previous") or {}
    chart = pygal.Bar(**_config(title=_("This year against last year")))
    chart.x_labels = [row["name"] for row in rows]
    year = campaign.get("year")
    chart.add(
        str(year - 1) if year and previous else _("Last year"),
        [_number(row.get("previous_index")) for row in rows],
    )
    chart.add(str(year) if year else _("This year"), [_number(row.get("index")) for row in rows])
    return _render(chart)


def rating_distribution(figures: dict) -> str:
    """The share of each rating 1–5 per dimension, stacked to 100 %."""
    rows = figures.get("dimensions", [])
    chart = pygal.HorizontalStackedBar(
        **_config(
            title=_("Distribution of the ratings"),
            print_values=False,
            style=STYLE.__class__(**{**_style_options(), "colors": RATING_COLOURS}),
        )
    )
    chart.x_labels = [row["name"] for row in reversed(rows)]
    for rating in ("1", "2", "3", "4", "5"):
        values = []
        for row in reversed(rows):
            counts = row.get("distribution") or {}
            total = sum(counts.values())
            values.append(round(counts.get(rating, 0) * 100 / total, 2) if total else None)
        chart.add(rating, values)
    return _render(chart)


def _style_options() -> dict:
    return {
        name: getattr(STYLE, name)
        for name in (
            "background",
            "plot_background",
            "foreground",
            "foreground_strong",
            "foreground_subtle",
            "opacity",
            "opacity_hover",
            "transition",
            "font_family",
            "label_font_size",
            "major_label_font_size",
            "legend_font_size",
            "title_font_size",
            "value_font_size",
            "tooltip_font_size",
        )
    }


def report_charts(figures: dict) -> dict[str, str]:
    """{name: SVG markup} of the report's charts."""
    return {
        "index": index_against_required(figures),
        "comparison": this_year_against_last(figures),
        "distribution": rating_distribution(figures),
    }
