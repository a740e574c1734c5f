"""The dashboard's charts as server-side SVG (pygal), from complaints.figures.

The same SVG shows in the page (an <img> with a data: URL, so that its own style element is
the image's business and the page's Content-Security-Policy allows it: `img-src data:`) and
prints in the PDF (inline <svg>, laid out by WeasyPrint). No script and nothing fetched:
pygal's configuration script is removed (`_without_script`), `js=[]` names no script file,
no web font is named, and the XML declaration is left out so the SVG can be inlined.

The only texts in a chart that users typed are the category names (edited in the admin);
pygal writes every text through ElementTree, which escapes it (a test renders a hostile name).
"""

import base64
import math

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pygal.style import Style

from complaints.figures import ComplaintFigures, Row

WIDTH, HEIGHT = 640, 320
STYLE = Style(
    background="white", plot_background="white", foreground="#212529",
    foreground_strong="#212529", foreground_subtle="#6c757d", opacity=".9",
    opacity_hover="1", transition="0ms",
    colors=("#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"),
    font_family='"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
    label_font_size=12, major_label_font_size=12, legend_font_size=12, title_font_size=14,
    value_font_size=11, tooltip_font_size=12)


def _without_script(root):
    """pygal's xml filter: drop the <script> elements (its configuration for pygal.js) and
    the comments naming pygal's web site."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _config(**options) -> dict:
    return {"style": STYLE, "width": WIDTH, "height": HEIGHT, "js": [],
            "disable_xml_declaration": True, "no_data_text": _("No data"),
            "print_values": True, "show_legend": False, "margin": 12, "truncate_label": 40,
            **options}


def _render(chart) -> str:
    chart.add_xml_filter(_without_script)
    return chart.render(is_unicode=True)


def _whole_numbers(rows: list[Row]) -> list[int]:
    """Counts are whole: ticks 0, step, 2·step … (at most about eight) up to the largest."""
    largest = max((row.count for row in rows), default=0)
    step = max(1, math.ceil(largest / 8))
    return list(range(0, largest + step, step))


def _bars(title: str, rows: list[Row]) -> str:
    shown = [row for row in rows if row.count]
    chart = pygal.HorizontalBar(**_config(title=title, show_y_guides=False,
                                          y_labels=_whole_numbers(shown)))
    # pygal draws the first value at the bottom: reversed, the table's order reads top down.
    chart.x_labels = [row.label for row in reversed(shown)]
    chart.add(title, [row.count for row in reversed(shown)])
    return _render(chart)


def _satisfaction(figures: ComplaintFigures) -> str:
    chart = pygal.Pie(**_config(title=_("Call-back satisfaction"), show_legend=True,
                                legend_at_bottom=True, inner_radius=0.45,
                                print_values=False))
    for row in figures.satisfaction:
        if row.count:
            chart.add(f"{row.label} {row.share}%", row.count)
    return _render(chart)


def _trend(figures: ComplaintFigures) -> str:
    months = figures.trend
    rows = [Row("", "", max(month.received, month.closed)) for month in months]
    chart = pygal.Bar(**_config(title=_("Complaints per month"), show_legend=True,
                                legend_at_bottom=True, print_values=False,
                                y_labels=_whole_numbers(rows)))
    chart.x_labels = [f"{month.month:%Y-%m}" if index in (0, len(months) - 1)
                      or month.month.month == 1 else f"{month.month:%m}"
                      for index, month in enumerate(months)]
    chart.add(pgettext("complaints per month", "Received"),
              [month.received for month in months])
    chart.add(pgettext("complaints per month", "Closed"),
              [month.closed for month in months])
    return _render(chart)


def dashboard_charts(figures: ComplaintFigures) -> dict[str, str]:
    """{name: SVG markup} of the dashboard's charts."""
    return {
        "trend": _trend(figures),
        "status": _bars(_("Complaints by status"), figures.by_status),
        "category": _bars(_("Complaints by category"), figures.by_category),
        "satisfaction": _satisfaction(figures),
    }


def svg_data_url(svg: str) -> str:
    """The SVG as a data: URL for an <img> (base64: no character of it needs escaping)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def inline_svg(svg: str) -> SafeString:
    """The SVG as markup for the printed dashboard. Safe: it is pygal's ElementTree
    serialisation, in which every text (the category names included) is escaped,
    without script (module docstring); tests/complaints/test_dashboard.py checks a hostile
    category name."""
    return mark_safe(svg)  # noqa: S308 - serialised by ElementTree, see the docstring
