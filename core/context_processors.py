"""Template context every page needs: the navigation entries of the signed-in user."""

from django.conf import settings

from core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "site_title": settings.SITE_TITLE}
    return {"nav_items": items_for(user, request.path), "site_title": settings.SITE_TITLE}
