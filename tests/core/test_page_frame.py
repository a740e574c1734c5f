"""The page frame (issue 10): who the user is, their roles and today's delegations are read
once per request in one query, the navigation badge is one narrow count, and no query of the
frame runs twice. Nothing read is kept across requests (the navigation keeps only the HTML it
printed, found again by the values read afresh): a role removed or a delegation revoked shows
on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import BUDGET, MARKET_MANAGER
from approvals.selectors import inbox_count, seats_for
from approvals.services import approval_decide, approval_submit, delegation_revoke
from core import home
from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]

BADGE = "/approvals/badge/"
HTMX = {"HTTP_HX_REQUEST": "true"}
KIND = Notification.Kind.GRANT_GIVEN


def _queries(client, user, path, **headers) -> list[str]:
    """The SQL of one request of `user` for `path`, after a first request (which may write
    the session's last-seen time and fills the per-process content-type cache)."""
    client.force_login(user)
    client.get(path, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def _role_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "accounts_user_groups" in sql]


@pytest.fixture
def waiting(staff_user, market_manager):
    """Three steps waiting for the market manager."""
    route({"role": MARKET_MANAGER})
    return [approval_submit(target=ApplicationFactory(), by=staff_user).steps.get()
            for _ in range(3)]


@pytest.fixture
def deputy(market_manager):
    """A user without a role who decides the market manager's steps today."""
    user = UserFactory()
    DelegationFactory(delegator=market_manager, delegate=user)
    return user


@pytest.mark.parametrize("who", ["staff_user", "market_manager", "deputy"])
def test_the_badge_costs_four_queries_whoever_asks(client, request, waiting, who):
    """Session, user, roles with today's delegations, the count: for a user with nothing
    waiting, one with steps waiting and a delegate alike; none of them twice."""
    queries = _queries(client, request.getfixturevalue(who), BADGE, **HTMX)

    assert len(queries) <= 4
    assert len(set(queries)) == len(queries)
    assert len(_role_queries(queries)) == 1


@pytest.mark.parametrize("who", ["staff_user", "market_manager", "deputy"])
def test_a_full_page_frame_costs_four_queries(client, request, waiting, who):
    """A page with the whole navigation (menu, badge, bell) and nothing of its own (the
    password form): session, user, roles with today's delegations, and one query for both
    counts of the frame, the waiting steps and the unread notifications (core.frame.counted)."""
    user = request.getfixturevalue(who)
    notify(recipients=[user], kind=KIND, event_key="frame-test", subject="x", url="/")
    queries = _queries(client, user, "/accounts/password/")

    assert len(queries) <= 4
    assert len(_role_queries(queries)) == 1
    counts = [sql for sql in queries if "notifications_notification" in sql]
    assert len(counts) == 1 and "approvals_approvalstep" in counts[0]


@pytest.mark.parametrize("who", ["staff_user", "deputy"])
def test_the_home_page_reads_the_frame_once(client, request, waiting, who):
    """The home page adds only its own queries (the department, one count per to-do tile,
    core.home) to the frame's four (the bell counted with the badge): the roles shown in the
    menu and on the page, the entries' and tiles' visibility and the badge share one read of
    the roles and delegations, and the waiting steps are counted once for the badge and
    their tile."""
    user = request.getfixturevalue(who)
    queries = _queries(client, user, "/")
    tiles = [tile for tile in home.registered() if tile.visible_to(user)]

    assert len(queries) <= 5 + len(tiles)
    assert len(set(queries)) == len(queries)
    assert len(_role_queries(queries)) == 1
    assert len(_waiting_counts(queries)) == 1


def _waiting_counts(queries: list[str]) -> list[str]:
    """The counts of all the steps waiting (not the overdue tile's, narrowed by due time)."""
    return [sql for sql in queries if "COUNT(" in sql.upper()
            and "approvals_approvalstep" in sql and "s.due_at <" not in sql]


def test_the_inbox_counts_once_for_its_pages_and_the_badge(client, market_manager, waiting):
    """The inbox's count (with its first page's ids) also gives the badge its number."""
    queries = _queries(client, market_manager, "/approvals/")

    assert len(set(queries)) == len(queries)
    assert len(_role_queries(queries)) == 1
    assert len(_waiting_counts(queries)) == 1  # besides, the bell counts the notifications


def test_the_badge_fragment_builds_no_navigation(client, staff_user, monkeypatch):
    """The fragment renders the count alone: no entry of the navigation is reversed or
    counted for it (the navigation is built only when a page shows it)."""
    def fail(*args, **kwargs):
        raise AssertionError("the navigation was built")

    monkeypatch.setattr("core.context_processors.items_for", fail)
    client.force_login(staff_user)

    assert client.get(BADGE, **HTMX).status_code == 200
    with pytest.raises(AssertionError, match="navigation was built"):
        client.get("/")


def test_a_role_removed_shows_on_the_next_request(client):
    """The budget entry goes from the navigation on the request after the role is taken."""
    user = UserFactory(roles=[BUDGET])
    client.force_login(user)
    assert "/contracts/budgets/" in client.get("/").content.decode()

    user.groups.remove(Group.objects.get(name=BUDGET))

    assert "/contracts/budgets/" not in client.get("/").content.decode()


def test_a_revoked_delegation_shows_on_the_next_request(client, market_manager, deputy,
                                                         waiting):
    """The delegate's badge counts the delegator's steps until the delegation is revoked."""
    client.force_login(deputy)
    assert ">3</span>" in client.get(BADGE, {"id": "2"}, **HTMX).content.decode()

    delegation_revoke(delegation=deputy.delegations_received.get(), by=market_manager)

    badge = client.get(BADGE, {"id": "2"}, **HTMX).content.decode()
    assert "badge rounded-pill" not in badge


def test_the_frame_read_once_is_read_again_after_a_write(market_manager, deputy, waiting,
                                                          staff_user):
    """Within a request (or a test keeping the user object), the roles, the seats and the
    count are read once, and again after a write they depend on."""
    with CaptureQueriesContext(connection) as first:
        codes, seats, count = deputy.role_codes, seats_for(deputy), inbox_count(deputy)
        assert (deputy.role_codes, seats_for(deputy), inbox_count(deputy)) == (
            codes, seats, count)
    assert len(first) == 2  # the frame's one query, and the count

    deputy.groups.add(Group.objects.get(name=BUDGET))
    assert BUDGET in deputy.role_codes

    delegation_revoke(delegation=deputy.delegations_received.get(), by=market_manager)
    assert [seat.user_id for seat in seats_for(deputy)] == [deputy.pk]
    assert inbox_count(deputy) == 0

    approval_decide(step=waiting[0], by=market_manager, approve=True)
    assert inbox_count(market_manager) == 2


def test_the_badge_stops_counting_at_the_cap_and_shows_99_plus(client, staff_user,
                                                               market_manager):
    """With more steps waiting than BADGE_CAP, the badge reads "99+" and its count stops at
    the cap (LIMIT in the SQL), while the inbox still pages through every step."""
    from core.navigation import BADGE_CAP

    route({"role": MARKET_MANAGER})
    for _ in range(BADGE_CAP + 1):
        approval_submit(target=ApplicationFactory(), by=staff_user)

    queries = _queries(client, market_manager, BADGE, **HTMX)
    badge = client.get(BADGE, **HTMX).content.decode()

    assert f">{BADGE_CAP - 1}+</span>" in badge
    count = [sql for sql in queries if "approvals_approvalstep" in sql][0]
    assert f"LIMIT {BADGE_CAP}) c0" in count
    assert inbox_count(market_manager) == BADGE_CAP
    assert inbox_count(market_manager, cap=None) == BADGE_CAP + 1
    inbox = client.get("/approvals/").content.decode()
    assert inbox.count('class="decide-form"') == 50 and "3" in inbox.split("pagination")[1]
