"""Template context every page needs: the navigation entries of the signed-in user."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core.navigation import items_for


def navigation(request):
    """`nav_items` is built when a template first reads it, once: a fragment that renders no
    navigation (the badge, an htmx row) reads no roles and counts nothing for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "site_title": settings.SITE_TITLE}
    return {"nav_items": SimpleLazyObject(lambda: items_for(user, request.path)),
            "site_title": settings.SITE_TITLE}
