"""Request-wide policies: the interface language, and no caching of pages with records."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_supported_language_variant


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language with the switch (the language cookie).

    The browser's Accept-Language is ignored on purpose: the company works in Chinese, and a
    workstation with an English browser must still show the Chinese interface by default.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = get_supported_language_variant(chosen) if chosen else None
        except LookupError:
            language = None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class InvalidCharactersMiddleware:
    """Safety net behind the forms: a raw request value holding a NUL character that reached a
    query (PostgreSQL refuses NUL in text: a ValueError) gives the 400 page, not a 500. Forms
    still name the field themselves: Django's CharField refuses NUL before any query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValueError) and _has_nul(request):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return None


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    try:
        queries = (request.GET, request.POST)
        return any("\x00" in key or any("\x00" in str(value) for value in values)
                   for query in queries for key, values in query.lists())
    except Exception:  # noqa: BLE001 - an unreadable body is not this middleware's concern
        return False
