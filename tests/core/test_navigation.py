import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.module_loading import import_string

from core import navigation
from core.navigation import NavItem, items_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm_only_item():
    item = NavItem("总经理专用入口", "core:home", roles=frozenset({"gm"}), order=50)
    navigation.register(item)
    yield item
    navigation._ITEMS.remove(item)


def test_navigation_shows_an_entry_only_to_its_roles(gm_only_item, gm, staff_user):
    """An entry registered for the GM appears for the GM and not for staff."""
    assert "总经理专用入口" in [entry["label"] for entry in items_for(gm)]
    assert "总经理专用入口" not in [entry["label"] for entry in items_for(staff_user)]


def test_administration_entry_is_only_for_admin_users(sysadmin, staff_user):
    """The admin link shows for sysadmin (is_staff) only."""
    with translation.override("zh-hans"):
        assert "系统管理" in [str(entry["label"]) for entry in items_for(sysadmin)]
    assert all(entry["url"] != "/admin/" for entry in items_for(staff_user))


def test_home_page_shows_the_users_roles_and_department(client, gm):
    """首页 lists the user's roles and department."""
    client.force_login(gm)

    html = client.get("/").content.decode()

    assert "总经理" in html
    assert gm.department.name in html
    assert 'id="nav-roles"' in html


def test_every_registered_entry_reverses_in_the_projects_urlconf():
    """Each entry the apps register (and its badge) names a route of the real URLconf and a
    badge function that exists, so no entry depends on a test's URLconf."""
    entries = list(navigation._ITEMS)

    urls = {item.url_name: reverse(item.url_name, urlconf=settings.ROOT_URLCONF)
            for item in entries}
    badge_urls = [reverse(item.badge_url_name, urlconf=settings.ROOT_URLCONF)
                  for item in entries if item.badge_url_name]
    badges = [import_string(item.badge) for item in entries if item.badge]

    assert {"core:home", "customers:list", "contracts:list", "approvals:inbox"} <= set(urls)
    assert all(url.startswith("/") for url in [*urls.values(), *badge_urls])
    assert all(callable(badge) for badge in badges)


def test_an_entry_naming_a_missing_route_fails_loudly(staff_user):
    """A registered entry whose route does not exist raises instead of vanishing."""
    item = NavItem("无此页面", "core:no_such_page", order=60)
    navigation.register(item)

    try:
        with pytest.raises(NoReverseMatch):
            items_for(staff_user)
    finally:
        navigation._ITEMS.remove(item)


def test_the_navigation_escapes_what_a_user_typed(client):
    """{% page_nav %} marks the Jinja2 output safe: the name and the path in it are escaped by
    the template's autoescape, never printed raw."""
    from tests.accounts.factories import UserFactory

    user = UserFactory(roles=["staff"], first_name='<b id="x">', last_name="")
    client.force_login(user)

    nav = client.get("/", {"q": '"><i id="y">'}).content.decode()
    nav = nav[nav.index("<nav"):nav.index("</nav>")]

    assert '<b id="x">' not in nav and "&lt;b id=&#34;x&#34;&gt;" in nav
    assert '<i id="y">' not in nav
    assert 'value="/?q=%22%3E%3Ci+id%3D%22y%22%3E"' in nav  # the path is URL-encoded


def test_the_jinja_url_reverses_a_route_without_arguments_once():
    """`url()` of the Jinja2 templates gives what reverse gives; a route without arguments is
    reversed once per URLconf, script prefix and language, one with arguments every time."""
    from unittest import mock

    from django.template import engines

    url = engines["jinja2"].env.globals["url"]
    reversing = mock.Mock(wraps=reverse)
    with (mock.patch.dict(navigation._URLS, clear=True),
          mock.patch("core.navigation.reverse", reversing),
          mock.patch("core.jinja.reverse", reversing)):
        first, second = url("notifications:list"), url("notifications:list")
        with translation.override("en"):
            english, again = url("notifications:list"), url("notifications:list")
        assert reversing.call_count == 2  # once per language
        with_args = url("customers:detail", 7), url("customers:detail", 7)
        assert reversing.call_count == 4

    assert first == second == english == again == reverse("notifications:list")
    assert with_args == (reverse("customers:detail", args=[7]),) * 2


def test_the_list_frame_tags_print_nothing_without_a_page():
    """{% list_toolbar %} and {% list_pages %} on a page whose list is absent print nothing,
    as the Django includes they replace did, instead of failing."""
    from django.template import Context, Template

    html = Template("{% load core_frame %}[{% list_toolbar %}][{% list_pages %}]").render(
        Context({}))

    assert html == "[][]"


def test_the_navigation_printed_once_is_each_pages_own(client, staff_user, market_manager):
    """The bar is printed once for the same values and kept (core_frame._nav_printed); each
    page still gets its own path, CSRF token, user, roles and counts."""
    import re

    from approvals.services import approval_decide, approval_submit
    from core.templatetags import core_frame
    from tests.accounts.factories import UserFactory
    from tests.approvals.factories import ApplicationFactory, route

    def nav(user, path):
        client.force_login(user)
        html = client.get(path).content.decode()
        page_token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
        html = html[html.index("<nav"):html.index("</nav>")]
        return html, page_token

    route({"role": "market_manager"})
    steps = [approval_submit(target=ApplicationFactory(), by=staff_user).steps.get()
             for _ in range(3)]
    twin = UserFactory(roles=["staff"], first_name="孪生", last_name="专员")
    core_frame._nav_printed.cache_clear()

    first, token = nav(market_manager, "/customers/")
    again, again_token = nav(market_manager, "/customers/")
    assert core_frame._nav_printed.cache_info().hits == 1
    assert again.replace(again_token, token) == first and again_token != token
    assert first.count(f'name="csrfmiddlewaretoken" value="{token}"') == 2  # sign-out, language
    badge = 'text-bg-warning">{}</span>'  # the inbox entry's count (the bell has an id)
    assert 'value="/customers/"' in first and badge.format(3) in first
    assert str(market_manager) in first and "孪生" not in first

    other, _ = nav(twin, "/customers/?page=2")
    assert "孪生" in other and str(market_manager) not in other
    assert 'value="/customers/?page=2"' in other and badge.format(3) not in other

    approval_decide(step=steps[0], by=market_manager, approve=True)
    after, _ = nav(market_manager, "/customers/")
    assert badge.format(2) in after and badge.format(3) not in after
    assert "\ue000" not in first + other + after  # no stand-in left


def test_the_frames_static_links_are_djangos_and_made_once(client, staff_user):
    """base.html's stylesheets and scripts are the URLs {% static %} and {% htmx_script %}
    give, asked of the static storage once per file, not on every page."""
    from unittest import mock

    from django.templatetags.static import static
    from django_htmx.jinja import htmx_script

    from core.templatetags import core_frame

    client.force_login(staff_user)
    client.get("/")
    with mock.patch("core.templatetags.core_frame.static", side_effect=AssertionError), \
            mock.patch("core.templatetags.core_frame.htmx_script", side_effect=AssertionError):
        html = client.get("/").content.decode()

    for path in ("bootstrap/css/bootstrap.min.css", "core/app.css",
                 "bootstrap/js/bootstrap.bundle.min.js"):
        assert f'"{static(path)}"' in html
        assert core_frame.frame_static(path) == static(path)
    assert htmx_script(version=2, minified=True, extensions="", nonce=None) in html


def test_the_kept_navigation_escapes_the_path_as_the_template_does(client, staff_user):
    """The path put into the kept bar is escaped as the template's autoescape escapes it."""
    from markupsafe import escape

    client.force_login(staff_user)
    response = client.get("/customers/", {"a": "1", "b": "'x'&<y>"})
    html = response.content.decode()

    assert f'name="next" value="{escape(response.wsgi_request.get_full_path())}"' in html
    assert "&amp;b=" in html and "&b=" not in html[html.index("<nav"):html.index("</nav>")]
