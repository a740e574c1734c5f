"""The state changes of a customer and of an account, each through the one confirmation step
(core.confirm, issue 13 point 7), and the correction of an account's meters, appliances and
alarms (point 8). Each view fetches through the selectors (404 when the customer is not
visible), checks the action's flag (403: the page offers no such button), then calls one
service; a POST without the tick or the reason is the page again with the error on the field."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.confirm import confirm_page
from core.forms import apply_validation_error, validation_error_text
from customers import confirm_forms, forms, services
from customers.models import Alarm, Appliance, Customer, Meter
from customers.selectors import account_actions, account_get, customer_actions, customer_get


@dataclass(frozen=True)
class Change:
    """One confirmed change: the actions' flag it needs, its form and its words."""

    flag: str
    form: type
    title: Promise
    consequence: Promise
    button_class: str = "btn-primary"


class _ConfirmView(LoginRequiredMixin, View):
    changes: dict[str, Change] = {}

    def record(self, request, pk):
        """(the record, its actions for the user)."""
        raise NotImplementedError

    def perform(self, request, record, change: str, data: dict) -> None:
        raise NotImplementedError

    def _setup(self, request, pk, change):
        if change not in self.changes:
            raise Http404
        record, actions = self.record(request, pk)
        if not getattr(actions, self.changes[change].flag):
            raise PermissionDenied
        return record, self.changes[change]

    def _page(self, request, record, change: Change, form, status=200):
        return confirm_page(request, form=form, title=change.title, record=record,
                            cancel_url=record.get_absolute_url(), button_label=change.title,
                            consequence=change.consequence, button_class=change.button_class,
                            action=change.flag, status=status)

    def get(self, request, pk, change):
        record, spec = self._setup(request, pk, change)
        return self._page(request, record, spec, spec.form())

    def post(self, request, pk, change):
        record, spec = self._setup(request, pk, change)
        form = spec.form(request.POST)
        if not form.is_valid():
            return self._page(request, record, spec, form, status=400)
        try:
            self.perform(request, record, change, form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, validation_error_text(exc))
                return redirect(record)
            apply_validation_error(form, exc)
            return self._page(request, record, spec, form, status=400)
        messages.success(request, _("Saved."))
        return redirect(record)


class CustomerStatusView(_ConfirmView):
    """设为有效, 销户 (with a reason) and the sales director's reopening (with a reason)."""

    changes = {
        "activate": Change("activate", confirm_forms.ConfirmOnlyForm, _("Make the customer active"),
                           _("The customer becomes active: accounts and contracts may follow.")),
        "close": Change("close", confirm_forms.ReasonConfirmForm, _("Close the customer"),
                        _("The customer is closed: no new account, contract or transfer. Only "
                          "the sales director can reopen it."), "btn-dark"),
        "reopen": Change("reopen", confirm_forms.ReasonConfirmForm, _("Reopen the customer"),
                         _("The closed customer becomes active again (pre-registered while its "
                           "archive or contact is missing); the reason is kept in its history."),
                         "btn-warning"),
    }

    def record(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        return customer, customer_actions(user=request.user, customer=customer, access=access)

    def perform(self, request, record, change, data):
        if change == "reopen":
            services.customer_reopen(customer=record, by=request.user, reason=data["reason"])
            return
        status = Customer.Status.ACTIVE if change == "activate" else Customer.Status.CLOSED
        services.customer_set_status(customer=record, status=status, by=request.user,
                                     reason=data.get("reason") or "")


class AccountStatusView(_ConfirmView):
    """First ignition, 停气, 恢复供气, 长期不用 and 拆除 of an account, confirmed; all but the
    first ignition and resuming end something and need a reason."""

    changes = {
        "ignite": Change("ignite", confirm_forms.ConfirmOnlyForm, _("Record first ignition"),
                         _("The account becomes normal; this is recorded once."), "btn-success"),
        "suspend": Change("suspend", confirm_forms.ReasonConfirmForm, _("Suspend the supply"),
                          _("The supply of this account is suspended until it is resumed."),
                          "btn-warning"),
        "resume": Change("resume", confirm_forms.ResumeConfirmForm, _("Resume the supply"),
                         _("The account becomes normal again.")),
        "mark_dormant": Change("mark_dormant", confirm_forms.ReasonConfirmForm,
                               _("Mark long unused"),
                               _("The account is marked long unused; the supply can be resumed "
                                 "later."), "btn-secondary"),
        "remove": Change("remove", confirm_forms.ReasonConfirmForm, _("Remove the account"),
                         _("拆除 is final: nothing more is entered on this account."),
                         "btn-danger"),
    }

    def record(self, request, pk):
        account, access = account_get(user=request.user, pk=pk)
        return account, account_actions(user=request.user, account=account, access=access)

    def perform(self, request, record, change, data):
        if change == "ignite":
            services.account_ignite(account=record, by=request.user)
        else:
            services.account_set_status(account=record, action=change, by=request.user,
                                        reason=data.get("reason") or "")


# --- Corrections of an account's entries (issue 13, point 8) ----------------------------------
ENTRY_KINDS = {
    "meter": (Meter, forms.MeterForm, _("meter")),
    "appliance": (Appliance, forms.ApplianceForm, _("gas appliance")),
    "alarm": (Alarm, forms.AlarmForm, _("gas alarm")),
}


def _entry(request, pk, kind, item):
    """The account, a valid entry of it of `kind`, and the form class; 404 for an entry of
    another account, 403 when the user may not correct it."""
    if kind not in ENTRY_KINDS:
        raise Http404
    model, form_class, label = ENTRY_KINDS[kind]
    account, access = account_get(user=request.user, pk=pk)
    entry = get_object_or_404(model, pk=item, account=account)
    if entry.is_void or not account_actions(user=request.user, account=account,
                                            access=access).correct:
        raise PermissionDenied
    return account, entry, form_class, label


class EntryEditView(LoginRequiredMixin, View):
    """Correct a meter, an appliance or an alarm entered by mistake; history keeps the old."""

    template_name = "customers/entry_form.html"

    def get(self, request, pk, kind, item):
        account, entry, form_class, label = _entry(request, pk, kind, item)
        return render(request, self.template_name, {
            "account": account, "entry": entry, "label": label, "form": form_class(instance=entry),
            "void_url_kind": kind})

    def post(self, request, pk, kind, item):
        account, entry, form_class, label = _entry(request, pk, kind, item)
        form = form_class(request.POST, instance=get_object_or_404(type(entry), pk=entry.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.entry_correct(entry=entry, by=request.user, **fields)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The correction has been saved."))
                return redirect(account)
        return render(request, self.template_name, {
            "account": account, "entry": entry, "label": label, "form": form,
            "void_url_kind": kind}, status=400)


class EntryVoidView(LoginRequiredMixin, View):
    """Void an entry made by mistake, with the reason; it stays on the page struck through."""

    def _page(self, request, account, entry, form, status=200):
        return confirm_page(
            request, form=form, title=_("Void this entry"), record=f"{account} · {entry}",
            cancel_url=account.get_absolute_url(), button_label=_("Void this entry"),
            consequence=_("The entry stays on record, struck through with your reason, and no "
                          "longer counts for the account's completeness."),
            button_class="btn-danger", action="void_entry", status=status)

    def get(self, request, pk, kind, item):
        account, entry, _form_class, _label = _entry(request, pk, kind, item)
        return self._page(request, account, entry, confirm_forms.ReasonConfirmForm())

    def post(self, request, pk, kind, item):
        account, entry, _form_class, _label = _entry(request, pk, kind, item)
        form = confirm_forms.ReasonConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.entry_void(entry=entry, by=request.user,
                                    reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The entry has been voided."))
                return redirect(account)
        return self._page(request, account, entry, form, status=400)

