"""Customer list, search, export, registration, the customer page and its actions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import STAFF
from core import paginator
from core.access import access_log_for
from core.forms import apply_validation_error, form_errors, validation_error_text
from core.history import history_entries
from core.listing import Listing, frame_values
from core.models import AccessLog
from customers import forms, services
from customers.export import KINDS, customer_export_response
from customers.filters import DEFAULT_SORT, SORTS, CustomerFilter
from customers.models import (
    Contact,
    Customer,
    Meter,
)
from customers.selectors import (
    account_missing,
    customer_access_hint,
    customer_accounts_missing,
    customer_actions,
    customer_get,
    customer_list,
    customer_row_values,
    customer_rows,
    user_names,
)
from customers.views.common import PAGE_SIZE, log_read
from customers.views.listing import filter_fields

TABS = ("overview", "contacts", "accounts", "contracts", "complaints", "surveys", "credit",
        "visits", "history", "log")


# --- List, search, export --------------------------------------------------------------------
class CustomerListView(LoginRequiredMixin, View):
    template_name = "customers/customer_list.html"

    def get(self, request):
        # 第十一条 first: the filters narrow what customer_list lets the user read.
        filterset = CustomerFilter(request.GET or None, queryset=customer_list(user=request.user),
                                   request=request)
        listing = Listing(request, sorts=SORTS, default=DEFAULT_SORT, page_size=PAGE_SIZE)
        customers = filterset.qs.order_by(*listing.order_by)
        form = filterset.form
        term = (form.cleaned_data.get("q") or "") if filterset.is_bound else ""
        export = request.GET.get("export")
        if export in KINDS:
            return customer_export_response(
                request=request, customers=customers.select_related("sales_rep", "custodian"),
                kind=export)
        # Identifiers are masked in every list, whoever reads it: the full value is shown only
        # on the customer page, which writes the read log (第十一条). The count stops at
        # core.paginator.COUNT_CAP rows (a search's at SEARCH_COUNT_CAP matches), so that a
        # page costs the same at any archive size.
        page = listing.paginate(customer_row_values(customers),
                                cap=paginator.SEARCH_COUNT_CAP if term else None)
        names = user_names(form.fields["custodian"].queryset)  # the custodian filter's choices
        rows = customer_rows(page, names=names)
        hint = customer_access_hint(user=request.user, term=term)
        links = listing.page_links(page)
        # The content is printed by a Jinja2 template (core.jinja): the Django engine cost
        # about a third of the page's CPU (issue 10); the page around it is base.html.
        content = render_to_string("customers/customer_list.html", {
            "listing": listing, "sort": listing.headers, "headers": _list_headers(),
            "frame": frame_values(listing, page, links),
            "filters": filter_fields(form, custodians=names),
            "filtered": bool(filterset.is_bound and any(
                request.GET.get(name) for name in filterset.filters)),
            "rows": rows, "low_income_label": _("low income"),
            "hint": hint, "hint_texts": _hint_texts(hint),
            "can_create": request.user.has_role(STAFF),
        }, request=request, using="jinja2")
        return render(request, self.template_name,
                      {"content": mark_safe(content), "page": page, "rows": rows})  # noqa: S308


def _list_headers() -> list[tuple[str | None, str]]:
    """The columns of the customer list: (sort key or None, label)."""
    return [("number", _("Customer number")), ("name", _("Name")),
            ("category", _("Category")), (None, _("Document number")),
            ("status", _("Status")), (None, _("Archive confirmation")),
            (None, _("Responsible staff")), (None, _("Archive custodian"))]


def _hint_texts(hint) -> dict[str, str]:
    """The texts of the access hint under the list (第十一条), when there is one."""
    if hint.limited:
        return {"limited": _(
            "You have looked up many customer numbers outside your work in the last hour: no "
            "more hints until the hour is over. To read an archive, file an access request "
            "with its number.")}
    if hint.numbers:
        return {"outside": _(
            "These archives are outside your work. To read one, file an access request; the "
            "general manager decides (第十一条).")}
    return {}


# --- Create, detail, edit ----------------------------------------------------------------------
class CustomerCreateView(LoginRequiredMixin, View):
    template_name = "customers/customer_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(STAFF):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = forms.CustomerForm(initial={"sales_rep": request.user, "custodian": request.user})
        return render(
            request,
            self.template_name,
            {"form": form, "contact_form": forms.FirstContactForm(), "creating": True},
        )

    def post(self, request):
        form = forms.CustomerForm(request.POST)
        contact_form = forms.FirstContactForm(request.POST)
        if form.is_valid() and contact_form.is_valid():
            contacts = (
                [dict(contact_form.cleaned_data, is_primary=True)]
                if contact_form.has_content()
                else []
            )
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                customer = services.customer_create(by=request.user, contacts=contacts, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Customer %(number)s registered; the archive has "
                        "been sent to the sales director for confirmation."
                    )
                    % {"number": customer.number},
                )
                return redirect(customer)
        return render(
            request,
            self.template_name,
            {"form": form, "contact_form": contact_form, "creating": True},
            status=400,
        )


class CustomerDetailView(LoginRequiredMixin, View):
    template_name = "customers/customer_detail.html"

    def get(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        actions = customer_actions(user=request.user, customer=customer, access=access)
        tab = request.GET.get("tab", "overview")
        tab = tab if tab in TABS else "overview"
        if tab == "log" and not actions.see_log:
            raise PermissionDenied
        log_read(request, customer, AccessLog.Action.VIEW, access)
        context = {
            "customer": customer,
            "access": access,
            "actions": actions,
            "tab": tab,
            "contacts": customer.contacts.all(),
        }
        if tab == "overview":
            # Each account's premises and what it still lacks, in one query.
            context["accounts"] = customer_accounts_missing(customer)
        if tab == "accounts":
            accounts = list(
                customer.accounts.select_related("premises", "use_class", "delivery_notice")
                .prefetch_related(
                    Prefetch("meters", Meter.objects.order_by("-is_current", "-installed_on")),
                    "appliances",
                    "alarms",
                )
            )
            context["accounts"] = [
                {"account": account, "missing": account_missing(account)} for account in accounts
            ]
        if tab == "credit":
            context["transactions"] = customer.transactions.all()[:200]
            context["transaction_form"] = forms.TransactionForm()
        if tab == "visits":
            context["visits"] = customer.visits.select_related("staff")
            context["visit_form"] = forms.VisitForm()
        if tab == "contracts":
            from contracts.models import Contract

            context["contracts"] = (
                Contract.objects.filter(customer=customer)
                .select_related("contract_type")
                .order_by("-id")
            )
        if tab == "complaints":
            from complaints.selectors import customer_complaints

            context["complaints"] = customer_complaints(user=request.user, customer=customer)
        if tab == "surveys":
            from complaints.surveys.selectors.campaigns import customer_survey_participation

            context["survey_participation"] = customer_survey_participation(
                user=request.user, customer=customer)
        if tab == "history":
            context["history"] = history_entries(customer, full=access.full)
        if tab == "log":
            context["log"] = access_log_for(customer)[:500]
        if tab == "contacts":
            context["contact_form"] = forms.ContactForm()
        return render(request, self.template_name, context)


class CustomerUpdateView(LoginRequiredMixin, View):
    template_name = "customers/customer_form.html"

    def _get(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        if not customer_actions(user=request.user, customer=customer, access=access).edit:
            raise PermissionDenied
        return customer

    def get(self, request, pk):
        customer = self._get(request, pk)
        return render(
            request,
            self.template_name,
            {"form": forms.CustomerForm(instance=customer), "customer": customer},
        )

    def post(self, request, pk):
        customer = self._get(request, pk)
        form = forms.CustomerForm(request.POST, instance=Customer.objects.get(pk=pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.customer_update(customer=customer, by=request.user, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The customer has been saved."))
                return redirect(customer)
        return render(request, self.template_name, {"form": form, "customer": customer}, status=400)


class CustomerActionView(LoginRequiredMixin, View):
    """POST-only actions on a customer: archive submission, contact, visit, payment. Status
    changes go through their confirmation step (customers.views.confirm)."""

    http_method_names = ["post"]
    # The CustomerActions flag each action needs.
    ACTIONS = {"submit_archive": "submit_archive", "contact": "add_contact",
               "visit": "save_visit", "transaction": "record_transaction"}

    def post(self, request, pk, action):
        customer, access = customer_get(user=request.user, pk=pk)
        actions = customer_actions(user=request.user, customer=customer, access=access)
        if not actions.edit:
            raise PermissionDenied
        handler = getattr(self, f"do_{action}", None)
        if handler is None or action not in self.ACTIONS:
            raise PermissionDenied
        if not getattr(actions, self.ACTIONS[action]):
            raise PermissionDenied
        tab = "overview"
        try:
            tab = handler(request, customer) or tab
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(f"{customer.get_absolute_url()}?tab={tab}")

    def do_submit_archive(self, request, customer):
        services.customer_submit_archive(customer=customer, by=request.user)
        messages.success(request, _("The archive has been sent for confirmation."))

    def do_contact(self, request, customer):
        contact_id = request.POST.get("contact_id")
        if contact_id and not contact_id.isdigit():  # not an id: names no contact
            raise Http404
        contact = (
            get_object_or_404(Contact, pk=contact_id, customer=customer) if contact_id else None
        )
        form = forms.ContactForm(request.POST, instance=contact)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if contact:
            services.contact_update(contact=contact, by=request.user, **fields)
        else:
            services.contact_add(customer=customer, by=request.user, **fields)
        messages.success(request, _("The contact has been saved."))
        return "contacts"

    def do_visit(self, request, customer):
        form = forms.VisitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.visit_save(customer=customer, by=request.user, **form.cleaned_data)
        messages.success(request, _("The visit has been saved."))
        return "visits"

    def do_transaction(self, request, customer):
        form = forms.TransactionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.transaction_add(customer=customer, by=request.user, **form.cleaned_data)
        messages.success(request, _("The transaction has been recorded."))
        return "credit"
