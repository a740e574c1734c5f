"""Codes for history change reasons and access-log bases, shown in the reader's language.

A history row's change reason (simple-history's `history_change_reason`) and an AccessLog
entry's basis (`AccessLog.grant`) are stored as a code, or as a code and a free text the user
typed (or a number, a name) after ": ":

    "created"                    → 创建 / Created
    "voided: 重复录入"            → 作废: 重复录入 / Voided: 重复录入

`REASONS` and `BASES` are the two registries of code → gettext_lazy label. core registers the
words every app shares; each app registers its own codes from its `reasons.py`, imported in its
AppConfig.ready(). Labels are translated when a page is rendered (`reason_label`,
`basis_label`, the `reason_label` / `basis_label` template filters), never when the row is
written, so a page shows one language whoever wrote the rows.

Rows written before the codes (English phrases such as "submitted for approval", or a basis
already translated when it was written) stay readable: a phrase whose words joined by "_" make a
code reads as that code, a few irregular old phrases are aliases, and anything else is shown as
it was stored.

Writing an unregistered code is a programming error: with settings.STRICT_RECORD_CODES (the
test settings) a save with one raises UnknownCode; otherwise it is logged.
"""

import logging
import re

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SEPARATOR = ": "
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class UnknownCode(ValueError):
    """A reason or basis code nobody registered."""


class CodeRegistry:
    """code → label, with the storage format "code" or "code: text" and the old rows' aliases."""

    def __init__(self, what: str, max_length: int):
        self.what = what
        self.max_length = max_length
        self._labels: dict[str, object] = {}
        self._aliases: dict[str, str] = {}
        self._formatters: dict[str, object] = {}

    def register(self, labels: dict, *, aliases: dict[str, str] | None = None,
                 formatters: dict | None = None) -> None:
        """Add codes with their labels (gettext_lazy). A code registered already keeps its first
        label (shared words such as "approved" are core's); a malformed code raises.

        `aliases`: old stored phrases (or their part before ": ") → code. `formatters`: code →
        function(text) -> str showing a code's free part in the reader's language (e.g. role
        codes as role names)."""
        for code, label in labels.items():
            if not _CODE.match(code):
                raise ValueError(f"{self.what} code {code!r}: use lower-case letters, digits, _")
            self._labels.setdefault(code, label)
        for old, code in (aliases or {}).items():
            self._aliases[old] = code
        self._formatters.update(formatters or {})

    def labels(self) -> dict:
        return dict(self._labels)

    def is_registered(self, code: str) -> bool:
        return code in self._labels

    def encode(self, code: str, text: str = "") -> str:
        """The stored form of `code` with an optional free `text`, cut to the column's length.
        Raises UnknownCode for an unregistered code."""
        code = str(code)
        if code not in self._labels:
            raise UnknownCode(f"unregistered {self.what} code {code!r}")
        text = str(text or "").strip()
        if not text:
            return code
        return (code + SEPARATOR + text)[: self.max_length]

    def parse(self, stored: str) -> tuple[str | None, str]:
        """(code, text) of a stored value; (None, stored) when it holds no known code."""
        stored = (stored or "").strip()
        if not stored:
            return None, ""
        if stored in self._aliases:
            return self._aliases[stored], ""
        head, sep, text = stored.partition(SEPARATOR)
        for candidate in (head, head.replace(" ", "_")):
            if candidate in self._labels:
                return candidate, text.strip()
            if candidate in self._aliases:
                return self._aliases[candidate], text.strip()
        whole = stored.replace(" ", "_")
        if whole in self._labels:  # an old phrase whose free part had no ": "
            return whole, ""
        return None, stored

    def check(self, stored: str) -> None:
        """Raise UnknownCode unless `stored` is empty or begins with a registered code (in the
        new format: the code itself, not an old phrase or an alias)."""
        if not stored:
            return
        code = stored.partition(SEPARATOR)[0]
        if code not in self._labels:
            raise UnknownCode(f"unregistered {self.what} code {code!r} in {stored!r}")

    def display(self, stored: str) -> str:
        """The stored value in the active language: the code's label, then the free text."""
        code, text = self.parse(stored)
        if code is None:
            return text
        label = str(self._labels[code])
        if text and code in self._formatters:
            text = self._formatters[code](text)
        if not text:
            return label
        return gettext("%(label)s: %(text)s") % {"label": label, "text": text}


# simple-history's history_change_reason holds 100 characters; AccessLog.grant 200.
REASONS = CodeRegistry("history reason", 100)
BASES = CodeRegistry("access basis", 200)


def reason(code: str, text: str = "") -> str:
    """The change reason to store for `code` (and a free text): save_recorded(obj, reason(...))."""
    return REASONS.encode(code, text)


def basis(code: str, text: str = "") -> str:
    """The AccessLog basis to store for `code` (and a free text, e.g. a grant's number)."""
    return BASES.encode(code, text)


def reason_label(stored: str) -> str:
    return REASONS.display(stored)


def basis_label(stored: str) -> str:
    return BASES.display(stored)


def strict() -> bool:
    return bool(getattr(settings, "STRICT_RECORD_CODES", False))


def check_reason(stored: str | None) -> None:
    """Called before every history row is written (core.apps): an unregistered code raises in
    the tests (STRICT_RECORD_CODES) and is logged elsewhere, the row is still written."""
    try:
        REASONS.check(stored or "")
    except UnknownCode:
        if strict():
            raise
        logger.warning("unregistered history reason %r", stored)


def check_basis(stored: str | None) -> None:
    try:
        BASES.check(stored or "")
    except UnknownCode:
        if strict():
            raise
        logger.warning("unregistered access-log basis %r", stored)


# --- The words every app shares ------------------------------------------------------------
REASONS.register({
    "created": _("Created"),
    "changed": _("Changed"),
    "added": _("Added"),
    "saved": _("Saved"),
    "filed": _("Filed"),
    "submitted": _("Submitted"),
    "submitted_for_approval": _("Submitted for approval"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
    "cancelled": _("Cancelled"),
    "closed": _("Closed"),
    "voided": _("Voided"),
    "drafted": _("Drafted"),
    "signed": _("Signed"),
    "issued": _("Issued"),
    "prepared": _("Prepared"),
    "received": _("Received"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
    "activated": _("Activated"),
    "deactivated": _("Deactivated"),
    "uploaded": _("Uploaded"),
    "seed_demo": _("Demonstration data"),
    "entered_in_admin": _("Entered in the administration"),
    "edited_in_admin": _("Edited in the administration"),
    "entered_by_hand": _("Entered by hand"),
    "calendar_loaded": _("Loaded from the public holiday calendar"),
    "calendar_dropped": _("No longer in the public holiday calendar"),
}, aliases={
    "entered in the admin": "entered_in_admin",
    "edited in the admin": "edited_in_admin",
    "no longer in chinesecalendar": "calendar_dropped",
    "loaded from chinesecalendar": "calendar_loaded",
})
