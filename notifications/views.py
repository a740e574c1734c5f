"""The user's notifications: the list (paginated), mark one read (and open it), mark all."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from notifications.selectors import notification_get, notification_list
from notifications.services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 30


class NotificationListView(LoginRequiredMixin, View):
    template_name = "notifications/notification_list.html"

    def get(self, request):
        notifications = notification_list(user=request.user)
        unread_only = request.GET.get("unread") == "1"
        if unread_only:
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name,
                      {"page": page, "unread_only": unread_only})


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one of my notifications read; with `open`, go on to what it is about."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = notification_get(user=request.user, pk=pk)  # another's: 404
        notification_mark_read(notification=notification, by=request.user)
        target = notification.url
        if request.POST.get("open") and target.startswith("/") and url_has_allowed_host_and_scheme(
                target, {request.get_host()}, require_https=request.is_secure()):
            return redirect(target)
        return redirect("notifications:list")


class NotificationReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = notifications_mark_all_read(by=request.user)
        messages.success(request, _("%(count)s notifications marked as read.")
                         % {"count": count})
        return redirect("notifications:list")
