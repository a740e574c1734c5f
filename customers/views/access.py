"""Access requests to confidential customer archives (第十一条)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import GM
from core.forms import apply_validation_error
from core.listing import Listing
from customers import forms, services
from customers.filters import ACCESS_REQUEST_SORTS, AccessRequestFilter
from customers.models import (
    AccessRequest,
)
from customers.selectors import customer_access


# --- Access requests (第十一条) -----------------------------------------------------------------
class AccessRequestCreateView(LoginRequiredMixin, View):
    template_name = "customers/access_request_form.html"

    def get(self, request):
        numbers = request.GET.get("numbers", "")
        form = forms.AccessRequestForm(initial={"customer_numbers": numbers, "days": 7})
        return render(request, self.template_name, {"form": form, **self._mine(request)})

    def post(self, request):
        form = forms.AccessRequestForm(request.POST)
        if form.is_valid():
            try:
                access_request = services.access_request_create(
                    requester=request.user,
                    customers=form.cleaned_data["customer_numbers"],
                    purpose=form.cleaned_data["purpose"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Your access request has been sent to the general manager.")
                )
                return redirect(access_request)
        return render(request, self.template_name, {"form": form, **self._mine(request)},
                      status=400)

    def _mine(self, request) -> dict:
        """The requests listed beside the form: the user's own, every one for the general
        manager (who decides them), filtered, sorted and paged (core.listing)."""
        requests = AccessRequest.objects.all() if request.user.has_role(GM) else \
            AccessRequest.objects.filter(requester=request.user)
        filterset = AccessRequestFilter(request.GET or None, queryset=requests, request=request)
        listing = Listing(request, sorts=ACCESS_REQUEST_SORTS, default="-number")
        page = listing.paginate(filterset.qs.prefetch_related("customers")
                                .order_by(*listing.order_by))
        return {**listing.context(page), "filters": filterset.form, "mine": page,
                "is_gm": request.user.has_role(GM)}


class AccessRequestDetailView(LoginRequiredMixin, View):
    """The requester and the general manager see a request, its customers and its timeline."""

    template_name = "customers/access_request_detail.html"

    def get(self, request, pk):
        access_request = get_object_or_404(AccessRequest.objects.select_related("requester"), pk=pk)
        if access_request.requester_id != request.user.pk and not request.user.has_role(GM):
            raise PermissionDenied
        # A request may name any number: its customers' names are shown only to whoever may
        # read them (the GM), or the page would tell the requester whose numbers they are.
        customers = [
            {"customer": customer,
             "named": customer_access(user=request.user, customer=customer) is not None}
            for customer in access_request.customers.all()
        ]
        return render(
            request,
            self.template_name,
            {
                "access_request": access_request,
                "customers": customers,
                "grants": access_request.grants.select_related("customer"),
            },
        )
