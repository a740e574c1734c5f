"""Pages of the customer archive. Each view fetches through the selectors (404 when the user
may not see the customer), checks the action (403), and calls one service."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import GM, PLANNING, STAFF
from core.access import access_log_for
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView
from core.history import history_entries
from core.models import AccessLog
from core.text import mask_id_number
from customers import forms, services
from customers.models import (
    AccessRequest,
    Contact,
    Customer,
    GasDeliveryNotice,
    Meter,
)
from customers.selectors import (
    account_get,
    account_missing,
    customer_get,
    customer_hidden_matches,
    customer_list,
    customer_search,
)

PAGE_SIZE = 50
TABS = ("overview", "contacts", "accounts", "credit", "visits", "history", "log")


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(f"{message}" for messages_ in exc.message_dict.values()
                        for message in messages_)
    return "；".join(exc.messages)


def _form_errors(form) -> list[str]:
    """Each error of a bound form as "field label：message" (for a one-line message)."""
    return [f"{form.fields[name].label}：{error}" if name in form.fields else str(error)
            for name, errors in form.errors.items() for error in errors]


def _apply_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _log(request, customer, action, access) -> None:
    from core.access import access_log_write

    access_log_write(request=request, obj=customer, action=action, grant=access.basis)


# --- List, search, export --------------------------------------------------------------------
class CustomerListView(LoginRequiredMixin, View):
    template_name = "customers/customer_list.html"

    def get(self, request):
        form = forms.CustomerFilterForm(request.GET or None)
        customers = customer_list(user=request.user)
        term = ""
        if form.is_valid():
            data = form.cleaned_data
            term = data["q"]
            customers = customer_search(customers, term)
            for name in ("category", "status", "archive_state"):
                if data[name]:
                    customers = customers.filter(**{name: data[name]})
            if data["custodian"]:
                customers = customers.filter(custodian=data["custodian"])
            if data["district"]:
                customers = customers.filter(accounts__premises__district=data["district"]
                                             ).distinct()
        customers = customers.select_related("sales_rep", "custodian").order_by("-id")
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self._export(request, customers, export)
        page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
        full = bool(request.user.role_codes & {GM, "sales_director"})
        rows = [{"customer": customer, "full": full or request.user.pk in (
            customer.sales_rep_id, customer.custodian_id)} for customer in page]
        return render(request, self.template_name, {
            "form": form, "page": page, "rows": rows, "term": term,
            "hidden": customer_hidden_matches(user=request.user, term=term),
            "can_create": request.user.has_role(STAFF),
        })

    def _export(self, request, customers, kind):
        """The filtered rows the user may see, with identifiers masked unless full rights;
        every exported customer gets an AccessLog entry."""
        customers = list(customers[:10000])
        user = request.user
        full_roles = bool(user.role_codes & {GM, "sales_director"})
        header = [_("Customer number"), _("Name"), _("Category"), _("Status"),
                  _("Identity document"), _("Document number"), _("Responsible staff"),
                  _("Archive custodian"), _("Archive confirmation")]
        rows = []
        for customer in customers:
            full = full_roles or user.pk in (customer.sales_rep_id, customer.custodian_id)
            rows.append([customer.number, customer.name, customer.get_category_display(),
                         customer.get_status_display(), customer.get_id_type_display(),
                         customer.id_number if full else mask_id_number(customer.id_number),
                         str(customer.sales_rep), str(customer.custodian),
                         customer.get_archive_state_display()])
        content_type = ContentType.objects.get_for_model(Customer)
        from core.request import client_ip, user_agent

        AccessLog.objects.bulk_create([AccessLog(
            user=user, content_type=content_type, object_id=str(customer.pk),
            object_repr=str(customer)[:200], action=AccessLog.Action.EXPORT,
            ip_address=client_ip(request) or None, user_agent=user_agent(request),
            grant=_("export of the customer list")) for customer in customers])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if kind == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows(rows)
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.csv"'
            return response
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "customers"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.xlsx"'
        return response


# --- Create, detail, edit ----------------------------------------------------------------------
class CustomerCreateView(LoginRequiredMixin, View):
    template_name = "customers/customer_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(STAFF):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = forms.CustomerForm(initial={"sales_rep": request.user, "custodian": request.user})
        return render(request, self.template_name,
                      {"form": form, "contact_form": forms.FirstContactForm(), "creating": True})

    def post(self, request):
        form = forms.CustomerForm(request.POST)
        contact_form = forms.FirstContactForm(request.POST)
        if form.is_valid() and contact_form.is_valid():
            contacts = [dict(contact_form.cleaned_data, is_primary=True)] \
                if contact_form.has_content() else []
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                customer = services.customer_create(by=request.user, contacts=contacts, **fields)
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("Customer %(number)s registered; the archive has "
                                            "been sent to the sales director for confirmation.")
                                 % {"number": customer.number})
                return redirect(customer)
        return render(request, self.template_name, {"form": form, "contact_form": contact_form,
                                                    "creating": True}, status=400)


class CustomerDetailView(LoginRequiredMixin, View):
    template_name = "customers/customer_detail.html"

    def get(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        tab = request.GET.get("tab", "overview")
        tab = tab if tab in TABS else "overview"
        if tab == "log" and not access.can_see_log:
            raise PermissionDenied
        _log(request, customer, AccessLog.Action.VIEW, access)
        context = {"customer": customer, "access": access, "tab": tab,
                   "contacts": customer.contacts.all()}
        if tab == "accounts" or tab == "overview":
            accounts = list(customer.accounts.select_related("premises", "use_class",
                                                             "delivery_notice").prefetch_related(
                Prefetch("meters", Meter.objects.order_by("-is_current", "-installed_on")),
                "appliances", "alarms"))
            context["accounts"] = [{"account": account, "missing": account_missing(account)}
                                   for account in accounts]
        if tab == "credit":
            context["transactions"] = customer.transactions.all()[:200]
            context["transaction_form"] = forms.TransactionForm()
        if tab == "visits":
            context["visits"] = customer.visits.select_related("staff")
            context["visit_form"] = forms.VisitForm()
        if tab == "history":
            context["history"] = history_entries(customer)
        if tab == "log":
            context["log"] = access_log_for(customer)[:500]
        if tab == "contacts":
            context["contact_form"] = forms.ContactForm()
        context["masked_id"] = customer.id_number if access.full else mask_id_number(
            customer.id_number)
        context["phones_masked"] = not access.full
        return render(request, self.template_name, context)


class CustomerUpdateView(LoginRequiredMixin, View):
    template_name = "customers/customer_form.html"

    def _get(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        if not access.can_edit:
            raise PermissionDenied
        return customer

    def get(self, request, pk):
        customer = self._get(request, pk)
        return render(request, self.template_name,
                      {"form": forms.CustomerForm(instance=customer), "customer": customer})

    def post(self, request, pk):
        customer = self._get(request, pk)
        form = forms.CustomerForm(request.POST, instance=Customer.objects.get(pk=pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.customer_update(customer=customer, by=request.user, **fields)
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("The customer has been saved."))
                return redirect(customer)
        return render(request, self.template_name, {"form": form, "customer": customer},
                      status=400)


class CustomerActionView(LoginRequiredMixin, View):
    """POST-only actions on a customer: status, archive submission, contact, visit, payment."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        customer, access = customer_get(user=request.user, pk=pk)
        if not access.can_edit:
            raise PermissionDenied
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise PermissionDenied
        tab = "overview"
        try:
            tab = handler(request, customer) or tab
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect(f"{customer.get_absolute_url()}?tab={tab}")

    def do_status(self, request, customer):
        services.customer_set_status(customer=customer, status=request.POST.get("status", ""),
                                     by=request.user)
        messages.success(request, _("The status has been changed."))

    def do_submit_archive(self, request, customer):
        services.customer_submit_archive(customer=customer, by=request.user)
        messages.success(request, _("The archive has been sent for confirmation."))

    def do_contact(self, request, customer):
        contact_id = request.POST.get("contact_id")
        contact = get_object_or_404(Contact, pk=contact_id, customer=customer) \
            if contact_id else None
        form = forms.ContactForm(request.POST, instance=contact)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
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
            raise ValidationError(_form_errors(form))
        services.visit_save(customer=customer, by=request.user, **form.cleaned_data)
        messages.success(request, _("The visit has been saved."))
        return "visits"

    def do_transaction(self, request, customer):
        form = forms.TransactionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.transaction_add(customer=customer, by=request.user, **form.cleaned_data)
        messages.success(request, _("The transaction has been recorded."))
        return "credit"


# --- Accounts ---------------------------------------------------------------------------------
class AccountOpenView(LoginRequiredMixin, View):
    """开户 in one page: premises, delivery notice, gas-use class, meter; problems listed."""

    template_name = "customers/account_open.html"

    def _customer(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        if not access.can_edit:
            raise PermissionDenied
        return customer

    def get(self, request, pk):
        customer = self._customer(request, pk)
        return render(request, self.template_name, {
            "customer": customer, "form": forms.AccountOpenForm(),
            "premises_form": forms.PremisesForm(), "meter_form": forms.OptionalMeterForm(),
            "appliance_form": forms.ApplianceForm(prefix="appliance")})

    def post(self, request, pk):
        customer = self._customer(request, pk)
        form = forms.AccountOpenForm(request.POST)
        meter_form = forms.OptionalMeterForm(request.POST)
        appliance_form = forms.ApplianceForm(request.POST, prefix="appliance")
        chosen = form.is_valid() and form.cleaned_data["premises"] is not None
        new_premises = not chosen and bool(request.POST.get("premises-district"))
        # New premises are read only when no existing premises were chosen.
        premises_form = forms.PremisesForm(request.POST if new_premises else None)
        with_appliance = bool(request.POST.get("appliance-brand"))
        valid = (form.is_valid() and meter_form.is_valid()
                 and (not with_appliance or appliance_form.is_valid())
                 and (not new_premises or premises_form.is_valid()))
        problems = [] if valid else [_("Correct the fields marked in red below.")]
        if valid:
            data = form.cleaned_data
            try:
                premises = data["premises"]
                if premises is None and new_premises:
                    premises = services.premises_create(by=request.user,
                                                        **premises_form.cleaned_data)
                account = services.account_open(
                    customer=customer, premises=premises, notice=data["notice"],
                    use_class=data["use_class"], by=request.user, opened_on=data["opened_on"],
                    meter=meter_form.cleaned_data if meter_form.has_content() else None,
                    appliances=[appliance_form.cleaned_data] if with_appliance else [])
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("Account %(number)s opened.")
                                 % {"number": account.number})
                return redirect(account)
        if not with_appliance:
            appliance_form = forms.ApplianceForm(prefix="appliance")
        return render(request, self.template_name, {
            "customer": customer, "form": form, "premises_form": premises_form,
            "meter_form": meter_form, "appliance_form": appliance_form, "problems": problems},
            status=400)


class AccountDetailView(LoginRequiredMixin, View):
    template_name = "customers/account_detail.html"

    def get(self, request, pk):
        account, access = account_get(user=request.user, pk=pk)
        _log(request, account.customer, AccessLog.Action.VIEW, access)
        return render(request, self.template_name, {
            "account": account, "customer": account.customer, "access": access,
            "meters": account.meters.all(), "changes": account.meter_changes.select_related(
                "old_meter", "new_meter"),
            "appliances": account.appliances.all(), "alarms": account.alarms.all(),
            "missing": account_missing(account), "history": history_entries(account),
            "meter_form": forms.MeterForm(), "change_form": forms.MeterChangeForm(),
            "appliance_form": forms.ApplianceForm(), "alarm_form": forms.AlarmForm(),
            "transfer_form": forms.TransferForm()})


class AccountActionView(LoginRequiredMixin, View):
    http_method_names = ["post"]
    FORMS = {"meter": forms.MeterForm, "meter_change": forms.MeterChangeForm,
             "appliance": forms.ApplianceForm, "alarm": forms.AlarmForm,
             "transfer": forms.TransferForm}

    def post(self, request, pk, action):
        account, access = account_get(user=request.user, pk=pk)
        if not access.can_edit or action not in (*self.FORMS, "ignite"):
            raise PermissionDenied
        try:
            if action == "ignite":
                services.account_ignite(account=account, by=request.user)
            else:
                form = self.FORMS[action](request.POST)
                if not form.is_valid():
                    raise ValidationError(_form_errors(form))
                self._perform(request, account, action, dict(form.cleaned_data))
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect(account)

    def _perform(self, request, account, action, data):
        by = request.user
        if action == "meter":
            services.meter_install(account=account, by=by, **data)
        elif action == "meter_change":
            services.meter_change(account=account, by=by, **data)
        elif action == "appliance":
            services.appliance_add(account=account, by=by, **data)
        elif action == "alarm":
            services.alarm_add(account=account, by=by, **data)
        elif action == "transfer":
            target = Customer.objects.filter(number=data["to_number"].strip()).first()
            if target is None:
                raise ValidationError({"to_number": _("No customer has this number.")})
            services.account_transfer(account=account, to_customer=target, by=by,
                                      reason=data["reason"])


class AccountSheetView(LoginRequiredMixin, View):
    """用户信息表 as PDF (第八条); printing is logged with the grant used."""

    def get(self, request, pk):
        account, access = account_get(user=request.user, pk=pk)
        if not access.can_print:
            raise PermissionDenied
        from customers.pdf import user_sheet_pdf

        pdf = user_sheet_pdf(account=account, printed_by=request.user,
                             masked=not access.full)
        _log(request, account.customer, AccessLog.Action.PRINT, access)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="user-sheet-{account.number}.pdf"'
        return response


# --- Delivery notices (规划建设部) -------------------------------------------------------------
class NoticeListView(LoginRequiredMixin, View):
    template_name = "customers/notice_list.html"

    def get(self, request):
        notices = GasDeliveryNotice.objects.select_related("premises", "issued_by")
        page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "page": page, "can_issue": request.user.has_role(PLANNING),
            "form": forms.NoticeForm(initial={"issued_on": timezone.localdate()}),
            "premises_form": forms.PremisesForm()})

    def post(self, request):
        if not request.user.has_role(PLANNING):
            raise PermissionDenied
        form = forms.NoticeForm(request.POST)
        premises_form = forms.PremisesForm(request.POST)
        if form.is_valid() and premises_form.is_valid():
            try:
                premises = services.premises_create(by=request.user, **premises_form.cleaned_data)
                notice = services.notice_issue(premises=premises, by=request.user,
                                               **form.cleaned_data)
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("Delivery notice %(number)s issued: attach the "
                                            "acceptance drawings.") % {"number": notice.number})
                return redirect(notice)
        notices = GasDeliveryNotice.objects.select_related("premises", "issued_by")
        page = Paginator(notices, PAGE_SIZE).get_page(1)
        return render(request, self.template_name, {
            "page": page, "can_issue": True, "form": form, "premises_form": premises_form},
            status=400)


class NoticeDetailView(LoginRequiredMixin, View):
    template_name = "customers/notice_detail.html"

    def get(self, request, pk):
        from core.attachments import attachments_for

        notice = get_object_or_404(GasDeliveryNotice.objects.select_related(
            "premises", "issued_by"), pk=pk)
        return render(request, self.template_name, {
            "notice": notice, "attachments": attachments_for(notice),
            "can_upload": request.user.has_role(PLANNING) and not notice.is_void,
            "upload_url": reverse("customers:notice_upload", args=[notice.pk])
            if request.user.has_role(PLANNING) else "",
            "void_url_name": "customers:notice_file_void" if request.user.has_role(PLANNING)
            else "",
        })


# --- Access requests (第十一条) -----------------------------------------------------------------
class AccessRequestCreateView(LoginRequiredMixin, View):
    template_name = "customers/access_request_form.html"

    def get(self, request):
        numbers = request.GET.get("numbers", "")
        form = forms.AccessRequestForm(initial={"customer_numbers": numbers, "days": 7})
        return render(request, self.template_name, {"form": form, "mine": self._mine(request)})

    def post(self, request):
        form = forms.AccessRequestForm(request.POST)
        if form.is_valid():
            try:
                access_request = services.access_request_create(
                    requester=request.user, customers=form.cleaned_data["customer_numbers"],
                    purpose=form.cleaned_data["purpose"], scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"])
            except ValidationError as exc:
                _apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your access request has been sent to the general "
                                            "manager."))
                return redirect(access_request)
        return render(request, self.template_name, {"form": form, "mine": self._mine(request)},
                      status=400)

    def _mine(self, request):
        return AccessRequest.objects.filter(requester=request.user).prefetch_related(
            "customers")[:50]


class AccessRequestDetailView(LoginRequiredMixin, View):
    """The requester and the general manager see a request, its customers and its timeline."""

    template_name = "customers/access_request_detail.html"

    def get(self, request, pk):
        access_request = get_object_or_404(AccessRequest.objects.select_related("requester"),
                                           pk=pk)
        if access_request.requester_id != request.user.pk and not request.user.has_role(GM):
            raise PermissionDenied
        return render(request, self.template_name, {
            "access_request": access_request,
            "customers": access_request.customers.all(),
            "grants": access_request.grants.select_related("customer")})


# --- Acceptance drawings of a delivery notice -------------------------------------------------
class _NoticeRecordMixin:
    """Notices are not confidential: every signed-in user may read them; only 规划建设部 attaches
    or voids drawings."""

    def get_record(self, request, **kwargs):
        return get_object_or_404(GasDeliveryNotice, pk=kwargs["pk"])

    def _require_planning(self, request):
        if not request.user.has_role(PLANNING):
            raise PermissionDenied


class NoticeFileView(_NoticeRecordMixin, AttachmentDownloadView):
    pass


class NoticeUploadView(_NoticeRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_planning(request)


class NoticeVoidFileView(_NoticeRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_planning(request)
