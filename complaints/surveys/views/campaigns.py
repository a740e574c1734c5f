"""The campaigns' pages (issue 12, parts 2 and 3): the list with the office's plan form, the
campaign with its strata, live response rates and respondents, and one POST view per action
on a campaign or a respondent. Each fetches through the selectors first (404 for anyone but
the office and the GM), asks the action table (403 for the wrong user, a message naming the
status for the wrong state) and calls one service."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from complaints.surveys.actions.campaign import (
    campaign_action_require,
    campaign_actions,
    respondent_action_require,
    respondent_actions,
)
from complaints.surveys.actions.report import report_may_create
from complaints.surveys.forms.collection import CampaignForm, OutcomeNoteForm, RespondentFilterForm
from complaints.surveys.selectors.access import runs_surveys, sees_all_surveys
from complaints.surveys.selectors.campaigns import (
    campaign_get,
    campaign_list,
    respondent_get,
    respondent_list,
    response_answers,
    stratum_rates,
)
from complaints.surveys.selectors.report import report_for_campaign
from complaints.surveys.services import campaigns as campaign_services
from complaints.surveys.services import collection
from core.access import access_log_write
from core.forms import apply_validation_error, validation_error_text
from core.paginator import CappedPaginator
from core.reasons import basis

PAGE_SIZE = 50


class CampaignListView(LoginRequiredMixin, View):
    """GET: every campaign (the office and the GM), with the plan form for the office.
    POST: the office plans a campaign."""

    template_name = "surveys/campaign_list.html"

    def _page(self, request, form, status=200):
        return render(request, self.template_name, {
            "campaigns": campaign_list(user=request.user)[:100], "form": form,
            "surveys_tab": "campaigns"}, status=status)

    def get(self, request):
        if not sees_all_surveys(request.user):
            raise Http404
        return self._page(request, CampaignForm() if runs_surveys(request.user) else None)

    def post(self, request):
        if not sees_all_surveys(request.user):
            raise Http404
        if not runs_surveys(request.user):
            raise PermissionDenied
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                campaign = campaign_services.campaign_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The campaign %(number)s has been planned.")
                                 % {"number": campaign.number})
                return redirect(campaign)
        return self._page(request, form, status=400)


class CampaignDetailView(LoginRequiredMixin, View):
    template_name = "surveys/campaign_detail.html"

    def get(self, request, pk):
        campaign = campaign_get(user=request.user, pk=pk)
        filters = RespondentFilterForm(request.GET or None)
        data = filters.cleaned_data if filters.is_valid() else {}
        respondents = respondent_list(user=request.user, campaign=campaign,
                                      status=data.get("status", ""),
                                      stratum=request.GET.get("stratum", ""),
                                      q=data.get("q", ""))
        page = CappedPaginator(respondents, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = []
        for respondent in page.object_list:
            respondent.campaign = campaign  # no query per row for the action table
            rows.append({"respondent": respondent,
                         "actions": respondent_actions(request.user, respondent)})
        return render(request, self.template_name, {
            "campaign": campaign, "actions": campaign_actions(request.user, campaign),
            "report": report_for_campaign(campaign),
            "may_create_report": report_may_create(user=request.user, campaign=campaign),
            "rates": stratum_rates(campaign), "page": page, "rows": rows, "filters": filters,
            "surveys_tab": "campaigns"})


CAMPAIGN_SERVICES = {
    "draw_sample": (campaign_services.campaign_draw_sample,
                    gettext_lazy("The sample has been drawn and its frame frozen.")),
    "start_collection": (campaign_services.campaign_start_collection,
                         gettext_lazy("The collection has started.")),
    "end_collection": (campaign_services.campaign_end_collection,
                       gettext_lazy("The collection has ended.")),
    "reopen_collection": (campaign_services.campaign_reopen_collection,
                          gettext_lazy("The collection has been reopened.")),
}


class CampaignActionView(LoginRequiredMixin, View):
    """POST: one action of the campaign table (draw the sample, start, end or reopen the
    collection)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        campaign = campaign_get(user=request.user, pk=pk)
        if action not in CAMPAIGN_SERVICES:
            raise Http404
        service, message = CAMPAIGN_SERVICES[action]
        try:
            campaign_action_require(request.user, campaign, action)
            service(campaign=campaign, by=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, str(message))
        return redirect(campaign)


OUTCOME_SERVICES = {
    "remind": (collection.respondent_remind, gettext_lazy("Marked as reminded.")),
    "refuse": (collection.respondent_refuse, gettext_lazy("Marked as refused.")),
    "unreachable": (collection.respondent_unreachable, gettext_lazy("Marked as unreachable.")),
}
LINK_SERVICES = {"invite": collection.respondent_invite,
                 "reissue_link": collection.respondent_reissue_link}


class RespondentDetailView(LoginRequiredMixin, View):
    """A respondent: status, dates, the answers once given (the office and the GM only)."""

    template_name = "surveys/respondent_detail.html"

    def get(self, request, pk):
        respondent = respondent_get(user=request.user, pk=pk)
        # The page names the customer (第十一条): the read goes into the customer's log.
        access_log_write(request=request, obj=respondent.customer,
                         grant=basis("satisfaction_survey", respondent.campaign.number))
        return render(request, self.template_name, {
            "respondent": respondent, "campaign": respondent.campaign,
            "actions": respondent_actions(request.user, respondent),
            "response": getattr(respondent, "response", None) if respondent.has_answered
            else None,
            "answers": response_answers(user=request.user, respondent=respondent),
            "surveys_tab": "campaigns"})


class RespondentActionView(LoginRequiredMixin, View):
    """POST: invite (a new web link, shown once), re-issue the link, remind, refused,
    unreachable."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        respondent = respondent_get(user=request.user, pk=pk)
        if action not in OUTCOME_SERVICES and action not in LINK_SERVICES:
            raise Http404
        back = request.POST.get("next", "")
        if not back.startswith(reverse("surveys:campaigns")):
            back = respondent.campaign.get_absolute_url()
        try:
            respondent_action_require(request.user, respondent, action)
            if action in LINK_SERVICES:
                token = LINK_SERVICES[action](respondent=respondent, by=request.user)
                return self._link_page(request, respondent, token, back)
            form = OutcomeNoteForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            service, message = OUTCOME_SERVICES[action]
            service(respondent=respondent, by=request.user, note=note)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, str(message))
        return redirect(back)

    def _link_page(self, request, respondent, token, back):
        """The web link, shown this once (only its SHA-256 is stored): the office sends it."""
        respondent.refresh_from_db()
        url = request.build_absolute_uri(reverse("surveys:answer", args=[token]))
        return render(request, "surveys/respondent_link.html", {
            "respondent": respondent, "campaign": respondent.campaign, "url": url,
            "back": back, "surveys_tab": "campaigns"})
