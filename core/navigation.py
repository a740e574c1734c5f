"""The navigation bar: each app registers its entries with the roles that see them."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A badge function may stop counting at this many (a count of 100 or more shows as "99+"), so
# that a long list costs every page what a list of 100 costs (approvals.selectors.inbox_count).
BADGE_CAP = 100


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    staff_only: bool = False  # Django admin access (is_staff)
    order: int = 100
    badge: str | None = None  # dotted path of a function(user) -> int shown as a count
    badge_url_name: str | None = None  # a URL returning the badge, refreshed on "nav-changed"

    def visible_to(self, user) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        return self.roles is None or bool(self.roles & user.role_codes)


_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "core:home", order=0),
    NavItem(_("Administration"), "admin:index", staff_only=True, order=1000),
]


def register(item: NavItem) -> None:
    """Add an entry to the navigation bar (called from an app's `ready()`)."""
    if item not in _ITEMS:
        _ITEMS.append(item)


# The entries' URLs, reversed once per URLconf, script prefix and language: reversing them on
# every page cost more than the rest of the navigation.
_URLS: dict[tuple, dict[str, str]] = {}


def _url(urls: dict[str, str], name: str) -> str:
    if name not in urls:
        urls[name] = reverse(name)  # a missing route fails loudly, never hides the entry
    return urls[name]


def _urls() -> dict[str, str]:
    return _URLS.setdefault((get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(),
                             get_language()), {})


def url_once(name: str) -> str:
    """`reverse(name)` of a route without arguments, reversed once per URLconf, script prefix
    and language (the Jinja2 templates' `url()`)."""
    return _url(_urls(), name)


def items_for(user, current_path: str = "") -> list[dict]:
    """The entries `user` sees, in order, with their URLs and whether they are active."""
    entries = []
    urls = _urls()
    for item in sorted(_ITEMS, key=lambda entry: entry.order):
        if not item.visible_to(user):
            continue
        url = _url(urls, item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        badge = import_string(item.badge)(user) if item.badge else None
        badge_url = _url(urls, item.badge_url_name) if item.badge_url_name else ""
        entries.append({"label": item.label, "url": url, "active": active, "badge": badge,
                        "badge_url": badge_url})
    return entries
