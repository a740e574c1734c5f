"""The required levels (篇二 §6 d): the office and the general manager see them, the GM sets
them (values 0–100, errors on the field), each change kept in the history; anyone else 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from complaints.surveys.forms.targets import TargetsForm, field_name
from complaints.surveys.models import SatisfactionTarget
from complaints.surveys.selectors.capa import may_set_targets, sees_targets, target_rows
from complaints.surveys.services.targets import targets_set

HISTORY_ROWS = 50


class TargetsView(LoginRequiredMixin, View):
    template_name = "surveys/targets/list.html"

    def _render(self, request, form, rows, status=200):
        names = {row["code"]: row["name"] for row in rows}
        history = [
            {
                "at": h.history_date,
                "user": h.history_user,
                "reason": h.history_change_reason or "",
                "value": h.required_index,
                "name": names.get(h.dimension_code, h.dimension_code)
                if h.dimension_code
                else _("Overall satisfaction"),
            }
            for h in SatisfactionTarget.history.select_related("history_user").order_by(
                "-history_date", "-history_id"
            )[:HISTORY_ROWS]
        ]
        return render(
            request,
            self.template_name,
            {
                "rows": [
                    row | {"field": form.field_for(row["code"]) if form else None} for row in rows
                ],
                "form": form,
                "may_edit": form is not None,
                "history": history,
                "surveys_tab": "targets",
            },
            status=status,
        )

    def get(self, request):
        if not sees_targets(request.user):
            raise Http404
        rows = target_rows()
        form = TargetsForm(rows=rows) if may_set_targets(request.user) else None
        return self._render(request, form, rows)

    def post(self, request):
        if not sees_targets(request.user):
            raise Http404
        if not may_set_targets(request.user):
            raise PermissionDenied
        rows = target_rows()
        form = TargetsForm(request.POST, rows=rows)
        if form.is_valid():
            try:
                changed = targets_set(by=request.user, levels=form.levels())
            except ValidationError as exc:
                for code, errors in exc.message_dict.items():
                    form.add_error(
                        field_name(code) if field_name(code) in form.fields else None, errors
                    )
            else:
                messages.success(
                    request, _("%(count)s required levels changed.") % {"count": len(changed)}
                )
                return redirect("surveys:targets")
        return self._render(request, form, rows, status=400)
