"""The surveys' entry in the menu: the office and the GM land on the campaigns, a department
head on the reports distributed to him; anyone else gets a 404 (issue 12, part 7)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views import View

from complaints.surveys.selectors.access import reaches_surveys, sees_all_surveys


class SurveysHomeView(LoginRequiredMixin, View):
    def get(self, request):
        if sees_all_surveys(request.user):
            return redirect("surveys:campaigns")
        if reaches_surveys(request.user):
            try:  # the reports' pages come with part B of the surveys
                return redirect(reverse("surveys:reports"))
            except NoReverseMatch:
                raise Http404 from None
        raise Http404
