"""Requests for a gas delivery notice (第七条, issue 13 point 8): a customer's staff member asks
from the account-opening page; 规划建设部 lists the open requests
(customers:notice_request_list, ?status=open, the default) and answers each with the notice it
issues for the premises, or declines it with a reason."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import PLANNING
from core.confirm import confirm_page
from core.forms import apply_validation_error
from core.paginator import CappedPaginator
from customers import confirm_forms, forms, services
from customers.models import DeliveryNoticeRequest
from customers.notice_selectors import notice_request_list
from customers.selectors import customer_actions, customer_get
from customers.views.common import PAGE_SIZE
from customers.views.listing import page_links


class NoticeRequestCreateView(LoginRequiredMixin, View):
    """The customer's staff member asks planning for a notice for new premises."""

    template_name = "customers/notice_request_form.html"

    def _customer(self, request, pk):
        customer, access = customer_get(user=request.user, pk=pk)
        if not customer_actions(user=request.user, customer=customer,
                                access=access).request_notice:
            raise PermissionDenied
        return customer

    def get(self, request, pk):
        customer = self._customer(request, pk)
        return render(request, self.template_name, {
            "customer": customer, "premises_form": forms.PremisesForm(),
            "form": confirm_forms.NoticeRequestForm()})

    def post(self, request, pk):
        customer = self._customer(request, pk)
        premises_form = forms.PremisesForm(request.POST)
        form = confirm_forms.NoticeRequestForm(request.POST)
        if premises_form.is_valid() and form.is_valid():
            try:
                premises = services.premises_create(by=request.user, **premises_form.cleaned_data)
                notice_request = services.notice_request_create(
                    customer=customer, premises=premises, by=request.user,
                    notes=form.cleaned_data["notes"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _(
                    "Request %(number)s sent to the planning and construction department.")
                    % {"number": f"SQ-{notice_request.pk}"})
                return redirect("customers:account_open", pk=customer.pk)
        return render(request, self.template_name, {
            "customer": customer, "premises_form": premises_form, "form": form}, status=400)


class NoticeRequestListView(LoginRequiredMixin, View):
    """Planning sees every request, a staff member their own; filtered by ?status= (open by
    default, `all` for every status)."""

    template_name = "customers/notice_request_list.html"

    def get(self, request):
        statuses = dict(DeliveryNoticeRequest.Status.choices)
        status = request.GET.get("status", DeliveryNoticeRequest.Status.OPEN)
        status = status if status in statuses or status == "all" else \
            DeliveryNoticeRequest.Status.OPEN
        requests = notice_request_list(user=request.user)
        if status != "all":
            requests = requests.filter(status=status)
        page = CappedPaginator(requests.select_related("premises", "created_by", "notice",
                                                       "customer"),
                               PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "page": page, "links": page_links(request, page), "status": status,
            "statuses": statuses.items(), "is_planning": request.user.has_role(PLANNING)})


class _PlanningAnswerView(LoginRequiredMixin, View):
    form_class = None

    def _request(self, request, pk):
        if not request.user.has_role(PLANNING):
            raise PermissionDenied
        notice_request = get_object_or_404(DeliveryNoticeRequest.objects.select_related(
            "premises"), pk=pk)
        if not notice_request.is_open:
            raise PermissionDenied
        return notice_request

    def _page(self, request, notice_request, form, status=200):
        raise NotImplementedError

    def get(self, request, pk):
        notice_request = self._request(request, pk)
        return self._page(request, notice_request, self.initial_form())

    def initial_form(self):
        return self.form_class()


class NoticeRequestIssueView(_PlanningAnswerView):
    """规划建设部 issues the notice for the request's premises, then attaches the drawings."""

    form_class = confirm_forms.NoticeIssueConfirmForm

    def initial_form(self):
        return self.form_class(initial={"issued_on": timezone.localdate()})

    def _page(self, request, notice_request, form, status=200):
        return confirm_page(
            request, form=form, title=_("Issue the delivery notice"), record=notice_request,
            cancel_url=reverse("customers:notice_request_list"),
            button_label=_("Issue the delivery notice"), action="issue_notice",
            consequence=_("The notice is issued for these premises; attach the acceptance "
                          "drawings next (第七条)."), status=status)

    def post(self, request, pk):
        notice_request = self._request(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("issued_on", "accepted_on",
                                                               "notes")}
            try:
                notice = services.notice_request_issue(notice_request=notice_request,
                                                       by=request.user, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _(
                    "Delivery notice %(number)s issued: attach the acceptance drawings.")
                    % {"number": notice.number})
                return redirect(notice)
        return self._page(request, notice_request, form, status=400)


class NoticeRequestDeclineView(_PlanningAnswerView):
    """规划建设部 declines the request with the reason."""

    form_class = confirm_forms.ReasonConfirmForm

    def _page(self, request, notice_request, form, status=200):
        return confirm_page(
            request, form=form, title=_("Decline the request"), record=notice_request,
            cancel_url=reverse("customers:notice_request_list"),
            button_label=_("Decline the request"), action="decline_notice",
            button_class="btn-danger", status=status)

    def post(self, request, pk):
        notice_request = self._request(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                services.notice_request_decline(notice_request=notice_request, by=request.user,
                                                reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The request has been declined."))
                return redirect("customers:notice_request_list")
        return self._page(request, notice_request, form, status=400)
