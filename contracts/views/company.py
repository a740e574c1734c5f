"""The company profile page (issue 13, point 5): the contracts' 甲方, kept by gm and sysadmin
(contracts.actions.company_profile_may_edit), with its history."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from contracts import forms
from contracts.actions import company_profile_may_edit
from contracts.selectors import company_profile_get
from contracts.services.company import company_profile_update
from core.forms import apply_validation_error
from core.history import history_entries


class CompanyProfileView(LoginRequiredMixin, View):
    """GET the form with the profile's history, POST the change; 403 for anyone but gm and
    sysadmin."""

    template_name = "contracts/companyprofile_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not company_profile_may_edit(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        profile = company_profile_get()
        return self._render(request, profile, forms.CompanyProfileForm(instance=profile))

    def post(self, request):
        profile = company_profile_get()
        form = forms.CompanyProfileForm(request.POST, instance=company_profile_get())
        if form.is_valid():
            try:
                company_profile_update(
                    by=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("contracts:company")
        return self._render(request, profile, form, status=400)

    def _render(self, request, profile, form, status=200):
        history = history_entries(profile, full=True) if not profile._state.adding else []
        return render(
            request,
            self.template_name,
            {"form": form, "profile": profile, "history": history},
            status=status,
        )
