"""The approval inbox (审批待办 / 已办), deciding, withdrawing, and delegations."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from approvals.filters import DEFAULT_SORT as DONE_DEFAULT_SORT
from approvals.filters import SORTS as DONE_SORTS
from approvals.filters import DecisionFilter
from approvals.forms import DecisionForm, DelegationForm, InboxFilterForm
from approvals.inbox import inbox_rows, inbox_steps, render_inbox_rows
from approvals.models import ApprovalRequest, Delegation
from approvals.selectors import (
    decisions_by,
    inbox_count,
    step_actions,
    step_for_decider_or_404,
)
from approvals.services import (
    approval_decide,
    approval_withdraw,
    delegation_create,
    delegation_revoke,
)
from core.forms import form_error_text, validation_error_text
from core.listing import Listing

PAGE_SIZE = 50


def _next_url(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    # A path only: redirect() would look a bare word such as "foo" up as a URL name (a 500).
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class InboxView(LoginRequiredMixin, TemplateView):
    """Steps waiting for the current user, through a role or a delegation."""

    template_name = "approvals/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        now = timezone.now()
        narrow = {}
        if form.is_valid():
            narrow = {"content_type": form.cleaned_data["type"],
                      "due_before": now if form.cleaned_data["overdue"] else None}
        number = self.request.GET.get("page")
        steps = inbox_steps(self.request.user, page_size=PAGE_SIZE, page=number, **narrow)
        page = Paginator(steps, PAGE_SIZE).get_page(number)
        context.update(tab="todo", filter_form=form, page=page,
                       rows_html=render_inbox_rows(self.request, page.object_list))
        return context


class DoneView(LoginRequiredMixin, TemplateView):
    """The user's past decisions (已办)."""

    template_name = "approvals/done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = DecisionFilter(self.request.GET or None,
                                   queryset=decisions_by(self.request.user), request=self.request)
        listing = Listing(self.request, sorts=DONE_SORTS, default=DONE_DEFAULT_SORT,
                          page_size=PAGE_SIZE)
        page = listing.paginate(filterset.qs.order_by(*listing.order_by))
        context.update(listing.context(page), tab="done", filters=filterset.form,
                       filtered=any(self.request.GET.get(name) for name in filterset.filters
                                    if name != "q"))
        return context


class StepDecideView(LoginRequiredMixin, View):
    """Approve or reject a step, from the inbox row (htmx) or the object's page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        step = step_for_decider_or_404(request.user, pk)
        form = DecisionForm(request.POST)
        error = None
        if form.is_valid():
            try:
                approval_decide(step=step, by=request.user, approve=form.approve,
                                comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                error = validation_error_text(exc)
        else:
            error = form_error_text(form)
        step.refresh_from_db()
        if request.htmx:
            rows = inbox_rows(request.user, [step.pk],
                              actions={step.pk: step_actions(user=request.user, step=step)})
            response = HttpResponse(render_inbox_rows(
                request, rows, done=error is None, approved=error is None and form.approve,
                error=error or ""))
            if error is None:
                response["HX-Trigger"] = "nav-changed"  # the navigation count refreshes
            return response
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Your decision has been recorded."))
        return redirect(_next_url(request, "approvals:inbox"))


class RequestWithdrawView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        approval = get_object_or_404(ApprovalRequest, pk=pk, submitted_by=request.user)
        try:
            approval_withdraw(request=approval, by=request.user)
            messages.success(request, _("The request has been withdrawn."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(_next_url(request, approval.url or "approvals:inbox"))


class DelegationListView(LoginRequiredMixin, View):
    """My delegations: given and received, and a form to delegate my approvals."""

    template_name = "approvals/delegation_list.html"

    def get(self, request):
        return self._render(request, DelegationForm(delegator=request.user))

    def post(self, request):
        form = DelegationForm(request.POST, delegator=request.user)
        if form.is_valid():
            try:
                delegation_create(delegator=request.user, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The delegation has been saved."))
                return redirect("approvals:delegations")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        user = request.user
        context = {
            "form": form, "tab": "delegations", "today": timezone.localdate(),
            "given": Delegation.objects.filter(delegator=user).select_related("delegate"),
            "received": Delegation.objects.filter(delegate=user).select_related("delegator"),
        }
        return render(request, self.template_name, context, status=status)


class DelegationRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        delegation = get_object_or_404(Delegation, pk=pk, delegator=request.user)
        delegation_revoke(delegation=delegation, by=request.user)
        messages.success(request, _("The delegation has been revoked."))
        return redirect("approvals:delegations")


class BadgeView(LoginRequiredMixin, View):
    """The navigation count of waiting steps, re-rendered after a decision (htmx)."""

    def get(self, request):
        badge_id = request.GET.get("id", "0")
        return render(request, "frame/nav_badge.html", {
            "count": inbox_count(request.user), "badge_id": badge_id if badge_id.isdigit() else 0,
            "badge_url": request.path}, using="jinja2")
