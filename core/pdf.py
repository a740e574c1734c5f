"""The PDF renderer of the project: Django templates to PDF through WeasyPrint.

Every printed document goes through :func:`render_pdf` (a template) or :func:`html_to_pdf`
(an HTML string). These guarantees hold for both:

* Nothing is fetched from outside the project. The HTML is given the base URL
  :data:`BASE_URL`, a fixed origin under the reserved ``.invalid`` top-level domain, so
  ``{% static 'x.css' %}`` resolves to ``http://archive-mgmt.invalid/static/x.css``.
  :class:`StaticFilesURLFetcher` maps such URLs to the project's static files and refuses
  everything else (``file:``, ``data:``, any other host, any other path, path traversal),
  logging a warning on the ``core.pdf`` logger. No file is ever embedded as a PDF
  attachment, neither from ``<a rel="attachment">`` nor from ``<link rel="attachment">``.
* Every document is laid out with the print stylesheet ``static/print/print.css``
  (:func:`print_stylesheet`), parsed once per process and parsed again only when the file
  changes; templates do not link it. It applies with the *user* origin, under the
  document's own rules (the print templates have none but ``style`` attributes, which won
  over it before as well).
* Fonts come from one :class:`~weasyprint.text.fonts.FontConfiguration` per process
  (:func:`font_configuration`), so they are not reloaded for every document. Renders in one
  process are serialised by a lock, because the Pango font map behind that configuration is
  not documented as safe to share between threads; run several worker processes to render
  in parallel.
* Fonts are embedded as compact subsets (:mod:`core.pdf_fonts`): a printed page with two
  Noto CJK faces weighs some 40 KB instead of 150 KB per face.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.pdf_fonts import compact_fonts, renumber_glyphs

__all__ = [
    "BASE_URL",
    "StaticFilesURLFetcher",
    "font_configuration",
    "html_to_pdf",
    "print_stylesheet",
    "render_pdf",
]

logger = logging.getLogger(__name__)

#: Base URL of every rendered document: a fake origin that is never contacted.
BASE_URL = "http://archive-mgmt.invalid/"

#: The stylesheet of every printed document, a static file.
PRINT_STYLESHEET = "print/print.css"

#: Options of ``write_pdf``: compressed, fonts subset without hinting (WeasyPrint's defaults,
#: stated here), images recompressed without loss.
PDF_OPTIONS = {"uncompressed_pdf": False, "full_fonts": False, "hinting": False,
               "optimize_images": True}

_FAKE_SCHEME = "http"

_font_config: FontConfiguration | None = None
_font_config_lock = threading.Lock()
_render_lock = threading.Lock()
# (path, modification time, size) of print.css and the stylesheet parsed from it.
_print_css: tuple[tuple[Path, int, int], CSS] | None = None


def font_configuration() -> FontConfiguration:
    """Return the process-wide font configuration, creating it on first use.

    The same object is returned on every call (creation is guarded by a lock, so two threads
    asking at once still get one object); every HTML and CSS object rendered by this module
    uses it.
    """
    global _font_config
    if _font_config is None:
        with _font_config_lock:
            if _font_config is None:
                _font_config = FontConfiguration()
    return _font_config


class StaticFilesURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the project's static files and nothing else.

    Served: ``http://archive-mgmt.invalid<STATIC_URL path><relative path>`` (and, when
    ``STATIC_URL`` is itself an absolute URL, ``<STATIC_URL><relative path>``), read from the
    file that ``django.contrib.staticfiles.finders.find`` finds, or else from
    ``staticfiles_storage`` (files that exist only in ``STATIC_ROOT``, such as hashed
    manifest names). The body is the file's bytes, the content type is guessed from its name
    (text types are declared UTF-8). Query strings and fragments are ignored.

    Refused with :class:`ValueError`, a warning on the ``core.pdf`` logger and an entry in
    :attr:`refused`: every other URL, including ``file:``, ``data:``, ``https:``, other
    hosts, other paths on the fake host, and paths that leave the static directory once
    percent-decoded and normalised (``..``, absolute paths, ``%2e%2e``, ``%2f``, backslashes,
    NUL bytes). After :meth:`refuse_all` every URL is refused; the renderer calls it once the
    layout is done, so that the attachments WeasyPrint fetches while writing the PDF are
    never embedded.

    A static URL naming no existing file raises :class:`FileNotFoundError` (logged, not added
    to :attr:`refused`). WeasyPrint catches both errors and renders without the resource.

    One instance is meant for one render: :attr:`refused` and :attr:`served` list, in order,
    the URLs refused and served during that render.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(_FAKE_SCHEME,), allow_redirects=False)
        self.refused: list[str] = []
        self.served: list[str] = []
        self._refuse_everything = False

    def refuse_all(self) -> None:
        """Refuse every URL from now on, static files included."""
        self._refuse_everything = True

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Return the static file named by ``url``, or raise :class:`ValueError`."""
        if self._refuse_everything:
            self._refuse(url, "no fetching once the layout is done (attachments)")
        relative_path = self._static_relative_path(url)
        path = self._find(relative_path)
        if path is None:
            logger.warning("PDF renderer: static file not found for %s", url)
            raise FileNotFoundError(f"No static file {relative_path!r} for {url}")
        content_type = mimetypes.guess_type(relative_path)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        body = path.read_bytes()
        self.served.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _refuse(self, url: str, reason: str) -> NoReturn:
        self.refused.append(url)
        logger.warning("PDF renderer refused to fetch %s: %s", url, reason)
        raise ValueError(f"Refused to fetch {url}: {reason}")

    def _static_relative_path(self, url: str) -> str:
        """The normalised path of ``url`` inside the static files, or refuse the URL."""
        try:
            parts = urlsplit(url)
        except ValueError:
            self._refuse(url, "malformed URL")
        encoded_path = None
        for prefix in _static_url_prefixes():
            prefix_parts = urlsplit(prefix)
            if (
                parts.scheme.lower() == prefix_parts.scheme
                and parts.netloc.lower() == prefix_parts.netloc.lower()
                and parts.path.startswith(prefix_parts.path)
            ):
                encoded_path = parts.path[len(prefix_parts.path) :]
                break
        if encoded_path is None:
            self._refuse(url, "not a static file of the project")
        path = unquote(encoded_path)
        if not path or "\\" in path or "\x00" in path:
            self._refuse(url, "invalid static path")
        normalised = posixpath.normpath(path)
        if normalised == ".." or normalised.startswith(("../", "/")) or normalised == ".":
            self._refuse(url, "path leaves the static files")
        return normalised

    @staticmethod
    def _find(relative_path: str) -> Path | None:
        found = finders.find(relative_path)
        if isinstance(found, list):  # find(all=True) shape; not expected, but be safe
            found = found[0] if found else None
        if found and Path(found).is_file():
            return Path(found)
        try:
            stored = Path(staticfiles_storage.path(relative_path))
        except (NotImplementedError, SuspiciousFileOperation):
            return None
        return stored if stored.is_file() else None


def _static_url_prefixes() -> list[str]:
    """Absolute URL prefixes under which static files are served to the renderer."""
    static_url = settings.STATIC_URL or "/static/"
    prefixes = [urljoin(BASE_URL, static_url)]
    if urlsplit(static_url).scheme in ("http", "https"):
        prefixes.append(static_url)
    return prefixes


def html_to_pdf(
    html: str,
    *,
    stylesheets: Iterable[str] = (),
    url_fetcher: StaticFilesURLFetcher | None = None,
) -> bytes:
    """Render an HTML string to PDF bytes.

    Guarantees: the result is a complete PDF document (``%PDF-`` ... ``%%EOF``); relative
    URLs in ``html`` resolve against :data:`BASE_URL`; only the project's static files are
    read (see :class:`StaticFilesURLFetcher`, a fresh one per call unless ``url_fetcher`` is
    given, e.g. by a test that inspects its ``refused`` list afterwards); no attachment is
    embedded; the process-wide :func:`font_configuration` is used; the document is laid out
    with :func:`print_stylesheet`. ``stylesheets`` are extra CSS sources (strings) applied
    after the print stylesheet, with the same *user* origin: the document's own rules win
    over both unless they are ``!important``; between the two, the more specific rule wins,
    and at equal specificity the extra one.
    """
    fetcher = url_fetcher if url_fetcher is not None else StaticFilesURLFetcher()
    font_config = font_configuration()
    with _render_lock:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        css = [
            CSS(string=source, base_url=BASE_URL, url_fetcher=fetcher, font_config=font_config)
            for source in stylesheets
        ]
        print_css = print_stylesheet()
        if print_css is not None:
            css.insert(0, print_css)
        rendered = document.render(font_config=font_config, stylesheets=css)
        # Images and stylesheets are loaded during the layout; what remains to be fetched
        # while writing are attachments (<a rel="attachment">, <link rel="attachment">).
        fetcher.refuse_all()
        rendered.metadata.attachments = []
        with compact_fonts():
            return rendered.write_pdf(finisher=renumber_glyphs, **PDF_OPTIONS)


def print_stylesheet() -> CSS | None:
    """``static/print/print.css`` parsed with the process-wide font configuration.

    Parsed on first use and kept for the process; parsed again only when the file's
    modification time or size changes (a deploy, an edit while developing). Found the way
    :class:`StaticFilesURLFetcher` finds static files; None (logged as an error) when missing.
    Called by :func:`html_to_pdf` with the render lock held.
    """
    global _print_css
    path = StaticFilesURLFetcher._find(PRINT_STYLESHEET)
    if path is None:
        logger.error("PDF renderer: the print stylesheet %s is missing", PRINT_STYLESHEET)
        return None
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if _print_css is None or _print_css[0] != key:
        url = _static_url_prefixes()[0] + PRINT_STYLESHEET
        css = CSS(string=path.read_text(encoding="utf-8"), base_url=url,
                  url_fetcher=StaticFilesURLFetcher(), font_config=font_configuration())
        _print_css = (key, css)
    return _print_css[1]


def render_pdf(
    template_name: str,
    context: Mapping[str, Any] | None,
    *,
    request: HttpRequest | None = None,
    url_fetcher: StaticFilesURLFetcher | None = None,
) -> bytes:
    """Render the Django template ``template_name`` with ``context`` and return PDF bytes.

    The template is rendered with ``render_to_string`` (context processors run when
    ``request`` is given) and the HTML goes through :func:`html_to_pdf`, with all its
    guarantees (``url_fetcher`` is passed on).
    """
    html = render_to_string(template_name, dict(context or {}), request=request)
    return html_to_pdf(html, url_fetcher=url_fetcher)
