"""The one confirmation step of the application (issue 13, point 7): an action that changes a
record's state (close, void, terminate, sign, receive, reopen …) is a link to its own URL,
whose GET shows this page (what will happen, the reason where it ends something, a required
tick) and whose POST does it. A POST without the tick or the reason is shown again with the
error on the field and changes nothing. Server-rendered, no script (Content-Security-Policy)."""

from django.shortcuts import render


def confirm_page(request, *, form, title: str, record, cancel_url: str, button_label: str,
                 consequence: str = "", button_class: str = "btn-primary", action: str = "",
                 status: int = 200, problems=()):
    """Render core/confirm.html: `record` named in the heading, `consequence` said before the
    form, the bound or unbound `form` (a core.forms.ConfirmForm), the button marked with
    `data-confirm` = `action` (the detail pages' buttons carry data-action). `problems`, when
    given, are what stops the action now: listed, and the button is not offered."""
    return render(request, "core/confirm.html", {
        "form": form, "title": title, "record": record, "cancel_url": cancel_url,
        "button_label": button_label, "consequence": consequence,
        "button_class": button_class, "action": action, "problems": list(problems),
    }, status=status)
