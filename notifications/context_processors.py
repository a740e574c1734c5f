"""The bell of the navigation: the signed-in user's unread notifications, counted only when a
page shows the bell (a fragment without navigation counts nothing)."""

from notifications.selectors import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": lambda: unread_count(user)}
