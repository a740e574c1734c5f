"""The corrective/preventive actions' pages (issue 12, part 6): the list (filters: status,
department, overdue, source), the action page (every field, the linked complaints, the
evidence, the history, one form per allowed action), the office's form to open an action from
a complaint trend, one POST view per action of complaints.surveys.actions.capa, and the
evidence files. Invisible → 404 (selectors.capa.action_get), not allowed → 403 (the table)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views import View

from complaints.surveys.actions.capa import RULES, capa_action_require, capa_actions, capa_may
from complaints.surveys.forms import capa as forms
from complaints.surveys.selectors.capa import (
    action_get,
    action_linked_complaints,
    may_open_actions,
    reaches_actions,
)
from complaints.surveys.services import capa as services
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView
from core.attachments import attachments_for
from core.forms import apply_validation_error, form_error_text, validation_error_text
from core.history import history_entries
from core.paginator import CappedPaginator
from customers.views.listing import page_links

PAGE_SIZE = 50
TAB = "actions"


class ActionListView(LoginRequiredMixin, View):
    template_name = "surveys/actions/list.html"

    def get(self, request):
        if not reaches_actions(request.user):
            raise Http404
        filterset = forms.ActionFilter(request.GET, request=request)
        page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "page": page,
                "links": page_links(request, page),
                "may_open": may_open_actions(request.user),
                "surveys_tab": TAB,
            },
        )


LABELS = {
    "complete": gettext_lazy("What was done"),
    "verify": gettext_lazy("Verification"),
    "send_back": gettext_lazy("Reason for sending it back"),
}


def action_form(name: str, action, data=None):
    """The form of the action `name` (a key of RULES taking input), bound to `data` if given."""
    if name == "assign":
        return forms.AssignForm(data, action=action, prefix="assign")
    if name == "send_back":
        return forms.ConfirmedNoteForm(data, prefix=name, label=LABELS[name])
    if name == "check":
        return forms.CheckForm(data, prefix="check")
    return forms.NoteForm(data, prefix=name, label=LABELS[name])


FORM_ACTIONS = ("assign", "complete", "verify", "send_back", "check")


def action_page(request, action, *, bound: dict | None = None, status: int = 200):
    """The action's page: one form per allowed action (`bound`: a posted form with its
    errors, shown in place of the empty one)."""
    actions = capa_actions(request.user, action)
    allowed = actions.allowed()
    page_forms = {
        name: (bound or {}).get(name) or action_form(name, action)
        for name in FORM_ACTIONS
        if name in allowed
    }
    return render(
        request,
        "surveys/actions/detail.html",
        {
            "action": action,
            "actions": actions,
            "forms": page_forms,
            "linked": action_linked_complaints(user=request.user, action=action),
            "attachments": attachments_for(action),
            "history": history_entries(action),
            "surveys_tab": TAB,
        },
        status=status,
    )


class ActionDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return action_page(request, action_get(user=request.user, pk=pk))


class ActionCreateView(LoginRequiredMixin, View):
    """The office opens an action by hand; `?complaint=<pk>` (repeatable) preselects
    complaints, the trend filter (category, period) shortlists them."""

    template_name = "surveys/actions/create.html"

    def _allowed(self, request):
        if not reaches_actions(request.user):
            raise Http404
        if not may_open_actions(request.user):
            raise PermissionDenied

    def _context(self, request, form, trend):
        return {"form": form, "trend": trend, "surveys_tab": TAB}

    def _trend(self, request):
        trend = forms.TrendForm(request.GET or None)
        data = trend.cleaned_data if trend.is_bound and trend.is_valid() else {}
        chosen = [int(v) for v in request.GET.getlist("complaint") if v.isdigit() and len(v) < 10]
        return trend, data, chosen

    def get(self, request):
        self._allowed(request)
        trend, data, chosen = self._trend(request)
        form = forms.OpenForm(user=request.user, trend=data, chosen=chosen)
        return render(request, self.template_name, self._context(request, form, trend))

    def post(self, request):
        self._allowed(request)
        trend, data, chosen = self._trend(request)
        form = forms.OpenForm(request.POST, user=request.user, trend=data, chosen=chosen)
        if form.is_valid():
            try:
                action = services.action_open(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, gettext_lazy("The action has been opened."))
                return redirect(action)
        return render(request, self.template_name, self._context(request, form, trend), status=400)


class _ActionPostView(LoginRequiredMixin, View):
    """POST: the `action` (a key of RULES) on the CAPA of the URL. Invisible: 404; not this
    user's to take: 403; no longer possible in this state: a message; bad input: the page
    again (400) with the errors on the fields."""

    http_method_names = ["post"]
    action = ""
    success_message = gettext_lazy("Saved.")

    def post(self, request, pk):
        record = action_get(user=request.user, pk=pk)
        try:
            capa_action_require(request.user, record, self.action)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect(record)
        form = action_form(self.action, record, request.POST)
        if form.is_valid():
            try:
                self.perform(request, record, form.cleaned_data)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):  # the state changed meanwhile
                    messages.error(request, validation_error_text(exc))
                    return redirect(record)
                apply_validation_error(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect(record)
        messages.error(request, form_error_text(form))
        return action_page(request, record, bound={self.action: form}, status=400)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.action not in RULES or not callable(getattr(cls, "perform", None)):
            raise ImproperlyConfigured(f"{cls.__qualname__}: `action` must name a rule.")


class ActionAssignView(_ActionPostView):
    action = "assign"
    success_message = gettext_lazy("The action has been assigned.")

    def perform(self, request, record, data):
        services.action_assign(action=record, by=request.user, **data)


class ActionCompleteView(_ActionPostView):
    action = "complete"
    success_message = gettext_lazy("The work has been reported done.")

    def perform(self, request, record, data):
        services.action_complete(action=record, by=request.user, note=data["note"])


class ActionVerifyView(_ActionPostView):
    action = "verify"
    success_message = gettext_lazy("Verified: the action awaits its effectiveness check.")

    def perform(self, request, record, data):
        services.action_verify(action=record, by=request.user, note=data["note"])


class ActionSendBackView(_ActionPostView):
    action = "send_back"
    success_message = gettext_lazy("The action has been sent back to its owner.")

    def perform(self, request, record, data):
        services.action_send_back(action=record, by=request.user, note=data["note"])


class ActionCheckView(_ActionPostView):
    action = "check"
    success_message = gettext_lazy("The effectiveness check has been recorded.")

    def perform(self, request, record, data):
        services.action_check(
            action=record, by=request.user, effective=data["effective"], note=data["note"]
        )


class _ActionRecordMixin:
    def get_record(self, request, **kwargs):
        return action_get(user=request.user, pk=kwargs["pk"])

    def _require_attach(self, request, record):
        if not capa_may(request.user, record, "attach"):
            raise PermissionDenied


class ActionFileView(_ActionRecordMixin, AttachmentDownloadView):
    pass


class ActionUploadView(_ActionRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_attach(request, record)


class ActionVoidFileView(_ActionRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_attach(request, record)
