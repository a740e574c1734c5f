"""Opening an account (第七条–第八条), the account page and the user information sheet."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import form_errors, validation_error_text
from core.history import history_entries
from core.models import AccessLog
from customers import forms, services
from customers.models import (
    Customer,
)
from customers.selectors import (
    account_actions,
    account_get,
    account_missing,
    customer_actions,
    customer_get,
)
from customers.views.common import log_read


# --- Accounts ---------------------------------------------------------------------------------
class AccountOpenView(LoginRequiredMixin, View):
    """开户 in one page: premises, delivery notice, gas-use class, meter; problems listed."""

    template_name = "customers/account_open.html"

    def _customer(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        if not customer_actions(user=request.user, customer=customer, access=access).open_account:
            raise PermissionDenied
        return customer

    def get(self, request, pk):
        customer = self._customer(request, pk)
        form = forms.AccountOpenForm()
        return render(
            request,
            self.template_name,
            {
                "customer": customer,
                "notice_requests": _notice_requests(customer),
                "notice_premises": _notice_premises(form),
                "form": form,
                "premises_form": forms.PremisesForm(),
                "meter_form": forms.OptionalMeterForm(),
                "appliance_form": forms.ApplianceForm(prefix="appliance"),
            },
        )

    def post(self, request, pk):
        customer = self._customer(request, pk)
        form = forms.AccountOpenForm(request.POST)
        meter_form = forms.OptionalMeterForm(request.POST)
        appliance_form = forms.ApplianceForm(request.POST, prefix="appliance")
        new_premises = bool(request.POST.get("premises-district"))
        if form.is_valid() and form.cleaned_data["premises"] is None and not new_premises \
                and form.cleaned_data["notice"] is not None:
            # Choosing a notice fills in its premises (第七条: the notice names them).
            form.cleaned_data["premises"] = form.cleaned_data["notice"].premises
        chosen = form.is_valid() and form.cleaned_data["premises"] is not None
        new_premises = not chosen and new_premises
        # New premises are read only when no existing premises were chosen.
        premises_form = forms.PremisesForm(request.POST if new_premises else None)
        with_appliance = bool(request.POST.get("appliance-brand"))
        valid = (
            form.is_valid()
            and meter_form.is_valid()
            and (not with_appliance or appliance_form.is_valid())
            and (not new_premises or premises_form.is_valid())
        )
        problems = [] if valid else [_("Correct the fields marked in red below.")]
        if valid:
            data = form.cleaned_data
            try:
                premises = data["premises"]
                if premises is None and new_premises:
                    premises = services.premises_create(
                        by=request.user, **premises_form.cleaned_data
                    )
                account = services.account_open(
                    customer=customer,
                    premises=premises,
                    notice=data["notice"],
                    use_class=data["use_class"],
                    by=request.user,
                    opened_on=data["opened_on"],
                    meter=meter_form.cleaned_data if meter_form.has_content() else None,
                    appliances=[appliance_form.cleaned_data] if with_appliance else [],
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request, _("Account %(number)s opened.") % {"number": account.number}
                )
                return redirect(account)
        if not with_appliance:
            appliance_form = forms.ApplianceForm(prefix="appliance")
        return render(
            request,
            self.template_name,
            {
                "customer": customer,
                "form": form,
                "premises_form": premises_form,
                "meter_form": meter_form,
                "appliance_form": appliance_form,
                "problems": problems,
                "notice_requests": _notice_requests(customer),
                "notice_premises": _notice_premises(form),
            },
            status=400,
        )


def _notice_premises(form) -> str:
    """The "notice:premises,…" pairs of the notices the form offers, read by
    static/customers/account_open.js to fill in the premises of the chosen notice."""
    pairs = form.fields["notice"].queryset.values_list("pk", "premises_id")
    return ",".join(f"{notice}:{premises}" for notice, premises in pairs)


def _notice_requests(customer):
    """The customer's requests for a delivery notice, newest first (a short list)."""
    return customer.notice_requests.select_related("premises", "notice")[:20]


class AccountDetailView(LoginRequiredMixin, View):
    template_name = "customers/account_detail.html"

    def get(self, request, pk):
        account, access = account_get(user=request.user, pk=pk)
        log_read(request, account.customer, AccessLog.Action.VIEW, access)
        meters = list(account.meters.all())
        has_meter = any(meter.is_current and not meter.is_void for meter in meters)
        appliances, alarms = list(account.appliances.all()), list(account.alarms.all())
        return render(
            request,
            self.template_name,
            {
                "account": account,
                "customer": account.customer,
                "access": access,
                "actions": account_actions(user=request.user, account=account, access=access,
                                           has_meter=has_meter),
                "valid_entries": any(not entry.is_void for entry in [*meters, *appliances,
                                                                     *alarms]),
                "meters": meters,
                "changes": account.meter_changes.select_related("old_meter", "new_meter"),
                "appliances": appliances,
                "alarms": alarms,
                "missing": account_missing(account),
                "history": history_entries(account, full=access.full),
                "meter_form": forms.MeterForm(),
                "change_form": forms.MeterChangeForm(),
                "appliance_form": forms.ApplianceForm(),
                "alarm_form": forms.AlarmForm(),
                "transfer_form": forms.TransferForm(),
            },
        )


class AccountActionView(LoginRequiredMixin, View):
    http_method_names = ["post"]
    # The AccountActions flag each action needs (status changes, the first ignition included,
    # go through their confirmation step: customers.views.confirm).
    ACTIONS = {"meter": "install_meter", "meter_change": "change_meter",
               "appliance": "add_appliance", "alarm": "add_alarm", "transfer": "transfer"}
    FORMS = {
        "meter": forms.MeterForm,
        "meter_change": forms.MeterChangeForm,
        "appliance": forms.ApplianceForm,
        "alarm": forms.AlarmForm,
        "transfer": forms.TransferForm,
    }

    def post(self, request, pk, action):
        account, access = account_get(user=request.user, pk=pk)
        actions = account_actions(user=request.user, account=account, access=access)
        if action not in self.ACTIONS or not getattr(actions, self.ACTIONS[action]):
            raise PermissionDenied
        try:
            form = self.FORMS[action](request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            self._perform(request, account, action, dict(form.cleaned_data))
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
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
            number = data["to_number"].strip().upper()  # numbers are stored upper case
            target = Customer.objects.filter(number=number).first()
            if target is None:  # the same words as for another staff member's customer
                raise ValidationError({"to_number": services.TRANSFER_TARGET_ERROR})
            services.account_transfer(
                account=account, to_customer=target, by=by, reason=data["reason"]
            )


class AccountSheetView(LoginRequiredMixin, View):
    """用户信息表 as PDF (第八条); printing is logged with the grant used."""

    def get(self, request, pk):
        account, access = account_get(user=request.user, pk=pk)
        if not account_actions(user=request.user, account=account, access=access).print_sheet:
            raise PermissionDenied
        from customers.pdf import user_sheet_pdf

        pdf = user_sheet_pdf(account=account, printed_by=request.user, masked=not access.full)
        log_read(request, account.customer, AccessLog.Action.PRINT, access)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="user-sheet-{account.number}.pdf"'
        return response
