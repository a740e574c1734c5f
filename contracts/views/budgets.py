"""Budgets of the budget department for non-standard jobs (第六条), and their attachments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import BUDGET, FINANCE, GM
from contracts import forms, services
from contracts.filters import BUDGET_SORTS, BudgetFilter
from contracts.models import BudgetEstimate
from core.access import access_log_write
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView
from core.forms import apply_validation_error, validation_error_text
from core.listing import Listing
from core.models import AccessLog

PAGE_SIZE = 50


class BudgetListView(LoginRequiredMixin, View):
    """预算员: budgets prepared for non-standard jobs, a new one, and issuing them."""

    template_name = "contracts/budget_list.html"

    def _check(self, request):
        if not request.user.has_role(BUDGET):
            raise PermissionDenied

    def get(self, request):
        self._check(request)
        return self._render(request, forms.BudgetForm(), forms.BudgetLineFormSet(prefix="lines"))

    def post(self, request):
        self._check(request)
        if request.POST.get("issue"):
            issue = request.POST["issue"]
            budget = BudgetEstimate.objects.filter(pk=issue, prepared_by=request.user).first() \
                if issue.isdigit() else None
            if budget is None:  # not an id, or not a budget of this user
                raise Http404
            try:
                services.budget_issue(budget=budget, by=request.user)
                messages.success(request, _("Budget %(number)s issued.")
                                 % {"number": budget.number})
            except ValidationError as exc:
                messages.error(request, validation_error_text(exc))
            return redirect("contracts:budgets")
        form = forms.BudgetForm(request.POST)
        lines = forms.BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and lines.is_valid():
            try:
                budget = services.budget_create(
                    by=request.user, customer=form.cleaned_data["customer_number"],
                    description=form.cleaned_data["description"],
                    lines=[row for row in lines.cleaned_data if row.get("description")])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                access_log_write(request=request, obj=budget.customer,
                                 action=AccessLog.Action.VIEW,
                                 grant="budget_department")
                messages.success(request, _("Budget %(number)s prepared.")
                                 % {"number": budget.number})
                return redirect("contracts:budgets")
        return self._render(request, form, lines, status=400)

    def _render(self, request, form, lines, status=200):
        # `?issued=no` is the home page's "budgets to issue".
        filterset = BudgetFilter(request.GET or None, request=request,
                                 queryset=BudgetEstimate.objects.filter(prepared_by=request.user))
        listing = Listing(request, sorts=BUDGET_SORTS, default="-created", page_size=PAGE_SIZE)
        page = listing.paginate(filterset.qs.select_related("customer").prefetch_related("lines")
                                .order_by(*listing.order_by))
        return render(request, self.template_name,
                      {**listing.context(page), "filters": filterset.form, "form": form,
                       "lines": lines, "budgets": page}, status=status)


class _BudgetRecordMixin:
    """Attachments of a budget (drawings, calculations): the budget department attaches; the
    budget department, finance, the GM and the drafters of contracts using it read them."""

    def get_record(self, request, **kwargs):
        budget = BudgetEstimate.objects.filter(pk=kwargs["pk"]).first()
        user = request.user
        if budget is None or not (
                user.role_codes & {BUDGET, FINANCE, GM}
                or budget.contracts.filter(created_by=user).exists()):
            raise Http404
        return budget

    def get_fallback_url(self, request, record):
        return reverse("contracts:budgets")

    def _require_preparer(self, request, budget):
        if not services.budget_may_attach(budget=budget, user=request.user):
            raise PermissionDenied


class BudgetFileView(_BudgetRecordMixin, AttachmentDownloadView):
    pass


class BudgetUploadView(_BudgetRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_preparer(request, record)
