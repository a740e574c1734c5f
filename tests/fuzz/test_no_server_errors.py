"""Property-based fuzz of every view of the URLconf: for each route (the project's pages, the
admin, the language switch), hypothesis picks a role (anonymous, superuser, one user per role of
the demo), fills the path parameters with ids of real demo records or hostile values, and sends
a GET with a hostile query string and a POST with hostile values for every field the view reads
(its forms' fields and the raw request keys in its source, see discovery.py). No answer may be a
server error: bad input gets a form error naming the field, a 400, 403 or 404.

Bounded and reproducible: `derandomize=True`, a fixed number of examples per route, no example
database. FUZZ_EXAMPLES (FUZZ_ADMIN_EXAMPLES) sets the number of examples per route of the
project (of the admin); FUZZ_COLLECT=<file> appends every failure to that file instead of stopping
at the first one (to count the causes).
"""

import os
import traceback
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from tests.fuzz.discovery import discover

# Examples per route: the admin's ~130 generic pages get fewer than the project's own views.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
ADMIN_EXAMPLES = int(os.environ.get("FUZZ_ADMIN_EXAMPLES", "3"))
COLLECT = os.environ.get("FUZZ_COLLECT", "")
ROUTES = discover()

HOSTILE = [
    "", " ", "\x00", "a\x00b", "x" * 10_000, "9" * 300, "abc", "-1", "0", "-0", "1.5",
    "NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "2147483648",
    "9223372036854775808", "99999999999999999999", "9999-12-31", "0000-00-00", "0001-01-01",
    "2026-02-30", "9999-12-31 23:59:59", "{}", "{0}", "{0.__class__}", "{premises.__init__}",
    "%s%n", "../../etc/passwd", "' OR '1'='1", "\"; DROP TABLE x; --", "<script>x</script>",
    "中文😀\u202e", "\r\n", "foo", "//evil.example", "http://evil.example/", "javascript:x",
    "true", "on", "[]",
]
HOSTILE_INTS = [0, 2**31, 2**63, 10**25]
HOSTILE_SLUGS = ["x", "-", "a" * 300, "__init__", "post", "get"]
FILE_NAMES = ["a.xlsx", "a.csv", "a.pdf", "../../a.pdf", "a\x00.pdf", "a" * 300 + ".pdf", "a"]


DATES = ["2026-06-01", "2026-11-30", "2027-01-31"]
NUMBERS = ["1", "2", "100", "12.50", "1200"]


def _real(demo, route, name):
    """A plausible value for the field `name`, so that some requests pass the forms and reach
    the services: dates, amounts, ids of demo records, business numbers, the view's literals."""
    lowered = name.lower()
    if lowered.endswith(("_on", "date", "_at")) or "date" in lowered:
        choices = DATES
    elif any(word in lowered for word in ("amount", "quantity", "price", "days", "reading",
                                          "digits", "percent", "flow", "pressure", "daily")):
        choices = NUMBERS
    elif "number" in lowered or lowered in ("customer", "q", "code"):
        choices = demo["texts"]
    else:
        choices = [*map(str, demo["pks"][:40]), *route.slugs, *demo["texts"][:40], *NUMBERS]
    return st.sampled_from(choices or NUMBERS)


def _hostile(demo, route, name):
    """A hostile or random value, or a plausible one spoiled (NUL, 10,000 characters, quotes)."""
    spoiled = st.builds(lambda real, tail: real + tail, _real(demo, route, name),
                        st.sampled_from(["\x00", "x" * 10_000, "'", "{0}", ".5", "e309"]))
    return st.one_of(st.sampled_from(HOSTILE), spoiled, st.text(max_size=30),
                     st.one_of(st.integers(), st.floats()).map(str))


def _field_value(demo, route, name, *, hostile):
    value = _hostile(demo, route, name) if hostile else _real(demo, route, name)
    if name == "file":
        upload = st.builds(lambda n, b: SimpleUploadedFile(n, b), st.sampled_from(FILE_NAMES),
                           st.binary(max_size=200))
        return st.one_of(value, upload)
    if hostile:
        return st.one_of(value, st.lists(value, min_size=2, max_size=3))
    return value


def _path_value(demo, route, converter):
    if converter in ("int", "path"):
        own = demo["pks_by_model"].get(route.model) or ["1"]
        return st.one_of(st.sampled_from(own), st.sampled_from(own),
                         st.sampled_from([*map(str, demo["pks"]), *map(str, HOSTILE_INTS)]))
    if converter == "slug":
        return st.sampled_from(route.slugs + HOSTILE_SLUGS)
    return st.one_of(st.sampled_from(HOSTILE), st.sampled_from(demo["texts"])).filter(bool)


def _url(route, values):
    url = "/" + route.route
    for name, converter in route.params.items():
        placeholder = f"<{converter}:{name}>" if f"<{converter}:{name}>" in url else f"<{name}>"
        url = url.replace(placeholder, quote(values[name], safe=""))
    return url


def _request(client, method, url, data):
    """The status code, or the exception the view raised (the test client re-raises it)."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, data)
            transaction.set_rollback(True)
        return response.status_code, None
    except Exception as exc:  # noqa: BLE001 - every exception is a finding
        return 500, exc


def _record(route, role, method, url, data, status, exc):
    where = ""
    if exc is not None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if "/.venv/" not in f.filename and "site-packages" not in f.filename]
        frame = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{frame.filename.rsplit('/wt/', 1)[-1]}:{frame.lineno}"
    shown = {k: (v if len(repr(v)) < 80 else repr(v)[:77] + "...") for k, v in data.items()}
    return (f"{status} {type(exc).__name__ if exc else ''} at {where} | {route.id} as {role}: "
            f"{method.upper()} {url[:120]} {shown}")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_no_server_error(route, demo, db):
    """Hostile and random input to any view, from any role, never gives a 5xx."""
    users = {name: User.objects.get(username=name) for name in demo["roles"] if name}
    failures = []

    examples = ADMIN_EXAMPLES if route.id.startswith("admin:") else EXAMPLES

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data):
        role = data.draw(st.sampled_from(demo["roles"]), label="role")
        path = {name: data.draw(_path_value(demo, route, conv), label=name)
                for name, conv in route.params.items()}
        names = data.draw(st.lists(st.sampled_from(route.fields), unique=True,
                                   min_size=min(len(route.fields), 1)) if route.fields
                          else st.just([]), label="fields")
        # Half of the examples: every field hostile or random; the other half: plausible values
        # with one hostile field, to get past the forms into the services.
        all_hostile = data.draw(st.booleans(), label="all hostile")
        target = data.draw(st.sampled_from(names), label="target") if names else None
        fields = {name: data.draw(_field_value(demo, route, name,
                                               hostile=all_hostile or name == target), label=name)
                  for name in names}
        fields["next"] = data.draw(st.sampled_from(HOSTILE), label="next")
        query = {name: value for name, value in fields.items()
                 if isinstance(value, str | list) and name != "file"}
        client = Client(raise_request_exception=True)
        if role:
            client.force_login(users[role])
        url = _url(route, path)
        for method, payload in (("get", query), ("post", fields)):
            target = url if method == "post" else f"{url}?{urlencode(payload, doseq=True)}"
            status, exc = _request(client, method, target, payload if method == "post" else {})
            if status >= 500:
                failures.append(_record(route, role, method, target, payload, status, exc))
                if not COLLECT:
                    raise AssertionError(failures[-1]) from exc

    run()
    if COLLECT and failures:
        with open(COLLECT, "a") as out:
            out.write("\n".join(failures) + "\n")
    assert not failures, failures[0]
