"""What the fuzz test sends where: every URL pattern of the project (from the URLconf), the
names of the parameters each view reads (its forms' fields, formset management fields, and
the raw `request.GET`/`request.POST` keys in its source), and the slug values its source
compares against (so that `<slug:action>` reaches every branch)."""

import inspect
import re
import sys
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.options import BaseModelAdmin
from django.forms.formsets import BaseFormSet
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django_filters import FilterSet

PROJECT_PACKAGES = ("accounts", "approvals", "complaints", "contracts", "core", "customers",
                    "archive_mgmt")
RAW_KEY = re.compile(r"""(?:GET|POST|FILES|params)(?:\.get(?:list)?\(|\[)\s*["']([\w-]+)["']""")
FORM_NAME = re.compile(r"\b(\w+(?:Form|FormSet|Filter))\b")
PREFIX = re.compile(r"""prefix\s*=\s*["']([\w-]+)["']""")
LITERAL = re.compile(r"""["']([a-z][a-z0-9_-]{1,40})["']""")
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
# The model a route's `<int:pk>` names, by the route's beginning (longest first).
PK_MODELS = (
    ("customers/accounts/", "customers.gasaccount"),
    ("customers/notices/", "customers.gasdeliverynotice"),
    ("customers/access-requests/", "customers.accessrequest"),
    ("customers/", "customers.customer"),
    ("contracts/budgets/", "contracts.budgetestimate"),
    ("contracts/", "contracts.contract"),
    ("complaints/", "complaints.complaint"),
    ("approvals/steps/", "approvals.approvalstep"),
    ("approvals/requests/", "approvals.approvalrequest"),
    ("approvals/delegations/", "approvals.delegation"),
)
# Views outside the project (Django's) with the parameters they read.
KNOWN_FIELDS = {"set_language": ["language", "next"]}


@dataclass
class Route:
    """One URL pattern: its route with `<conv:name>` placeholders, the view and what it reads."""

    route: str
    name: str
    params: dict[str, str]  # path parameter → converter name
    fields: list[str] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)
    model: str = ""  # label of the model whose id `pk` is, when known

    @property
    def id(self) -> str:
        return self.name or self.route


def _patterns(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if not isinstance(entry.pattern, RoutePattern):
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry.callback


def _view_classes(callback) -> list[type]:
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        return []
    return [cls for cls in view_class.__mro__
            if cls.__module__.split(".")[0] in PROJECT_PACKAGES]


def _form_fields(form_class, prefixes) -> set[str]:
    if issubclass(form_class, BaseFormSet):
        names = set()
        for prefix in prefixes or ["form"]:
            names |= {f"{prefix}-{key}" for key in MANAGEMENT}
            for row in (0, 1):
                names |= {f"{prefix}-{row}-{name}" for name in form_class.form.base_fields}
        return names
    names = set(form_class.base_fields)
    own = getattr(form_class, "prefix", None)
    for prefix in {own, *prefixes} - {None}:
        names |= {f"{prefix}-{name}" for name in form_class.base_fields}
    return names


def _admin_fields(model_admin) -> set[str]:
    opts = model_admin.model._meta
    return {f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable}


def describe(callback) -> tuple[list[str], list[str]]:
    """The parameter names a view reads and the slug literals in its source."""
    model_admin = getattr(callback, "model_admin", None)
    if isinstance(model_admin, BaseModelAdmin):
        return sorted(_admin_fields(model_admin) | {"q", "o", "p", "_changelist_filters"}), []
    names, slugs = set(), set()
    for cls in _view_classes(callback):
        try:
            source = inspect.getsource(cls)
        except (OSError, TypeError):
            continue
        module = vars(sys.modules[cls.__module__])
        names |= set(RAW_KEY.findall(source))
        slugs |= set(LITERAL.findall(source))
        slugs |= {name[3:] for name in vars(cls) if name.startswith("do_")}
        prefixes = set(PREFIX.findall(source))
        candidates = [getattr(cls, attr, None) for attr in ("form_class", "authentication_form")]
        for name in FORM_NAME.findall(source):
            candidates.append(module.get(name))
            if "forms" in module and hasattr(module["forms"], "__dict__"):
                candidates.append(getattr(module["forms"], name, None))
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, FilterSet):
                names |= set(candidate.base_filters)  # a django-filter FilterSet's parameters
            if isinstance(candidate, type) and issubclass(candidate, forms.BaseForm | BaseFormSet):
                names |= _form_fields(candidate, prefixes)
    return sorted(names), sorted(slugs)


def discover() -> list[Route]:
    """Every path() pattern of the project's URLconf, with what its view reads."""
    routes = []
    for route, name, callback in _patterns(get_resolver().url_patterns):
        params = {m["name"]: m["conv"] or "str" for m in CONVERTER.finditer(route)}
        fields, slugs = describe(callback)
        fields = sorted({*fields, *KNOWN_FIELDS.get(name, [])})
        model_admin = getattr(callback, "model_admin", None)
        model = model_admin.model._meta.label_lower if model_admin else next(
            (label for start, label in PK_MODELS if route.startswith(start)), "")
        routes.append(Route(route=route, name=name, params=params, fields=fields, slugs=slugs,
                            model=model))
    return routes
