"""Intake (登记, §7.1): the form a counter or site clerk fills on a phone, its correction (the
`edit` action), and the customer look-up that suggests customers as the clerk types, among the
customers the clerk may see (customers.selectors.customer_list)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from complaints import forms, services
from complaints.actions import complaint_action_require
from complaints.selectors import complaint_get
from complaints.views.lists import may_register
from core.attachments import attachment_add
from customers.search import customer_search
from customers.selectors import customer_list

SUGGESTIONS = 10


def _apply(form, exc: ValidationError) -> None:
    """A service's ValidationError on the intake form, its keys mapped to the form's fields."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        name = forms.ComplaintForm.SERVICE_FIELDS.get(key, key)
        form.add_error(name if name in form.fields else None, errors)


class ComplaintCreateView(LoginRequiredMixin, View):
    """A member of a department (or its head) registers a complaint for that department."""

    template_name = "complaints/complaint_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_register(request.user):
            raise PermissionDenied(_("Complaints are registered by a member of the receiving "
                                     "department (§7.1)."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = forms.ComplaintForm(user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = forms.ComplaintForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                complaint = self._register(request, form)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Complaint %(number)s registered.")
                                 % {"number": complaint.number})
                return redirect(complaint)
        return render(request, self.template_name, {"form": form}, status=400)

    @transaction.atomic
    def _register(self, request, form):
        data = form.cleaned_data
        complaint = services.complaint_register(
            by=request.user, receiving_department=data["receiving_department"],
            received_at=data["received_at"], **form.intake_fields())
        for upload in data["files"]:
            attachment_add(record=complaint, uploaded_file=upload, by=request.user,
                           kind=_("Intake"))
        return complaint


class ComplaintEditView(LoginRequiredMixin, View):
    """The receiving department corrects the intake (the `edit` action)."""

    template_name = "complaints/complaint_form.html"

    def _get(self, request, pk):
        complaint = complaint_get(user=request.user, pk=pk)
        try:
            complaint_action_require(user=request.user, complaint=complaint, action="edit")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return complaint, None
        keep = complaint.customer_id is not None and not customer_list(
            user=request.user).filter(pk=complaint.customer_id).exists()
        return complaint, keep

    def get(self, request, pk):
        complaint, keep = self._get(request, pk)
        if keep is None:
            return redirect(complaint)
        initial = forms.ComplaintForm.initial_from(complaint)
        form = forms.ComplaintForm(initial=initial, user=request.user, editing=True,
                                   keep_customer=keep)
        return render(request, self.template_name, {"form": form, "complaint": complaint})

    def post(self, request, pk):
        complaint, keep = self._get(request, pk)
        if keep is None:
            return redirect(complaint)
        form = forms.ComplaintForm(request.POST, user=request.user, editing=True,
                                   keep_customer=keep)
        if form.is_valid():
            try:
                services.complaint_update(complaint=complaint, by=request.user,
                                          **form.intake_fields())
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("The intake has been corrected."))
                return redirect(complaint)
        return render(request, self.template_name, {"form": form, "complaint": complaint},
                      status=400)


class CustomerSuggestView(LoginRequiredMixin, View):
    """GET ?customer_number=…: up to SUGGESTIONS customers the user may see whose number,
    name, phone or address matches, as <option>s of the intake form's datalist (htmx)."""

    template_name = "complaints/includes/customer_options.html"

    def get(self, request):
        term = request.GET.get("customer_number", "").strip()[:50]
        customers = []
        if len(term) >= 2 and "\x00" not in term:
            customers = list(customer_search(customer_list(user=request.user), term)
                             .order_by("-id").only("number", "name")[:SUGGESTIONS])
        return render(request, self.template_name, {"customers": customers})
