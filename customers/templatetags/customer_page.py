"""`{% customer_summary %}`: the top of a customer's page (name, states, actions, tabs) and
its overview tab, printed by the Jinja2 template customers/customer_summary.html (issue 10:
the Django engine cost about a quarter of the page's CPU there). The other tabs stay in the
Django template customers/customer_detail.html."""

from django import template
from django.template.defaultfilters import date, yesno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from approvals.templatetags.approvals import approval_timeline
from core.jinja import csrf_field
from core.templatetags.core_format import identifier

register = template.Library()


def _tabs(see_log: bool) -> list[tuple[str, str, str]]:
    """The tabs of a customer's page: (name, label, element id)."""
    tabs = [("overview", _("Overview"), ""), ("contacts", _("Contacts"), ""),
            ("accounts", _("Accounts"), ""), ("contracts", _("Contracts"), ""),
            ("complaints", _("Complaints"), "tab-complaints"),
            ("surveys", _("Satisfaction surveys"), "tab-surveys"),
            ("credit", _("Credit and transactions"), ""), ("visits", _("Visits"), ""),
            ("history", _("History"), "")]
    if see_log:
        tabs.append(("log", _("Access log"), ""))
    return tabs


@register.simple_tag(takes_context=True)
def customer_summary(context) -> SafeString:
    """The page's header and tabs, and on the overview tab the overview with the archive
    confirmation's approval timeline, from the view's context (customer, access, actions,
    tab, accounts)."""
    customer, access, actions, tab = (context["customer"], context["access"],
                                      context["actions"], context["tab"])
    values = {"customer": customer, "access": access, "actions": actions, "tab": tab,
              "tabs": _tabs(actions.see_log)}
    if tab == "overview":
        values |= {
            "id_number": identifier(customer, "id_number", access.full),
            "tax_number": identifier(customer, "tax_number", access.full),
            "low_income": yesno(customer.low_income),
            "registered": date(template_localtime(customer.created_at), "Y-m-d H:i"),
            "accounts": context.get("accounts") or [],
            "csrf": csrf_field(context),  # the page's one masked token
            "timeline": approval_timeline(context, customer),
        }
    return mark_safe(render_to_string("customers/customer_summary.html", values,  # noqa: S308
                                      request=context.get("request"), using="jinja2"))
