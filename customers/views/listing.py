"""The customer list's filter bar and page links, made in Python once per request.

Django renders each widget, and each <option> of a select, through its own template: the
custodian filter alone (every active user) cost about 2 ms a page. These helpers write the
same elements with format_html from the bound fields, their widgets' attributes (Bootstrap
classes, `is-invalid`, `aria-invalid`) and their values.
"""

from collections import OrderedDict
from threading import Lock

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _attrs_html(attrs: dict) -> SafeString:
    """` name="value"` for each attribute in order, ` name` for True, as Django's attrs.html."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False and value is not None))


def _widget_attrs(bound: forms.BoundField) -> dict:
    """The attributes BoundField.as_widget gives the widget (id, required, aria-invalid …)."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return widget.build_attrs(widget.attrs, attrs)


def _widget_html(bound: forms.BoundField, choices=None) -> SafeString:
    """A text input or a single select as Django's widget templates write it (any other
    widget through its template); `choices` replaces the field's own, which a
    ModelChoiceField would read from its queryset again."""
    widget = bound.field.widget
    if type(widget) is forms.Select:
        chosen = set(widget.format_value(bound.value()))
        options = format_html_join("\n", '<option value="{}"{}>{}</option>', (
            (value, " selected" if str(value) in chosen else "", label)
            for value, label in (widget.choices if choices is None else choices)))
        return format_html('<select name="{}"{}>\n{}\n</select>', bound.html_name,
                           _attrs_html(_widget_attrs(bound)), options)
    if type(widget) is forms.TextInput:
        value = widget.format_value(bound.value())
        value_attr = "" if value is None else format_html(' value="{}"', value)
        return format_html('<input type="{}" name="{}"{}{}>', widget.input_type, bound.html_name,
                           value_attr, _attrs_html(_widget_attrs(bound)))
    return bound.as_widget()


def _label_html(bound: forms.BoundField) -> SafeString:
    """The field's <label> with the form's suffix, as BoundField.label_tag writes it."""
    suffix = bound.field.label_suffix
    suffix = bound.form.label_suffix if suffix is None else suffix
    label = str(bound.label)
    if suffix and label and label[-1] not in _(":?.!"):
        label += suffix
    return format_html('<label for="{}">{}</label>', bound.id_for_label, label)


# Rendered filter bars by everything they are made of (see filter_fields), least recently used
# first: the bar of a plain list page is the same for every request in one language. The lock
# keeps the order consistent under a threaded server.
_BARS: OrderedDict[tuple, dict[str, SafeString]] = OrderedDict()
_BARS_KEPT = 256
_BARS_LOCK = Lock()


def filter_fields(form: forms.Form, *, custodians: dict[int, str]) -> dict[str, SafeString]:
    """Each field of the customer filter form as '<label> <widget>', keyed by name; the
    custodian choices are `custodians` ({id: name} of the field's queryset, read once).

    The bar is made only of the language, the custodian choices and the values submitted for
    the form's fields (its errors follow from these), so one made before for the same is
    given again: escaping every option's label cost about a seventh of the list page."""
    key = (get_language(), form.is_bound, tuple(custodians.items()),
           tuple((name, tuple(form.data.getlist(name)) if hasattr(form.data, "getlist")
                  else form.data.get(name)) for name in form.fields))
    with _BARS_LOCK:
        bar = _BARS.get(key)
        if bar is not None:
            _BARS.move_to_end(key)
            return bar
    custodian = form.fields["custodian"]
    choices = {"custodian": [("", custodian.empty_label), *custodians.items()]}
    bar = {bound.name: format_html("{} {}", _label_html(bound),
                                   _widget_html(bound, choices.get(bound.name)))
           for bound in form}
    with _BARS_LOCK:
        _BARS[key] = bar
        while len(_BARS) > _BARS_KEPT:
            _BARS.popitem(last=False)
    return bar


def page_links(request, page) -> dict[str, str]:
    """The query strings of the previous and next pages (the request's own with `page`) and
    the number of customers counted, grouped by thousands."""
    links = {"count": f"{page.paginator.count:,}"}
    for key, has, number in (("previous", page.has_previous, page.number - 1),
                             ("next", page.has_next, page.number + 1)):
        if has():
            query = request.GET.copy()
            query["page"] = number
            links[key] = f"?{query.urlencode()}"
    return links
