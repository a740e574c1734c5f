"""The inbox's narrow SQL (`steps_awaiting`, `inbox_count`, the inbox pages) lists exactly the
steps `step_actions` lets the user decide, for every kind of seat: an own role, a role in the
department, a named user, a delegator's seat of each kind (several delegators, overlapping
delegations, a delegator who is also the user's own role), expired, revoked and deactivated
delegations, a delegator's own request, a seat that already voted, and a target decided in
person (issue 10: the query was rewritten, the rule stays the one of step_actions)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone

from accounts import services as account_services
from approvals.inbox import InboxSteps, inbox_steps
from approvals.models import ApprovalRoute, ApprovalStep, Decider, Mode
from approvals.selectors import inbox_count, step_actions, steps_awaiting
from approvals.services import approval_decide, approval_submit, delegation_revoke
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route
from tests.testapp.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]

MM, GM = "market_manager", "gm"


def _decidable(user) -> list[int]:
    """The pending steps step_actions offers `user` a decision on (or refuses only because
    the request concerns him: the inbox lists those, without buttons), by (due_at, id)."""
    steps = ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING).select_related(
        "request").prefetch_related("decisions").order_by("due_at", "id")
    return [step.pk for step in steps
            if (actions := step_actions(user=user, step=step)).decide
            or actions.refusal == "own_case"]


def _submit(by, routes_on=(), **application):
    """Submit an Application with only `routes_on` of its routes active (each round freezes
    its steps, so the routes may change between rounds)."""
    routes = ApprovalRoute.objects.filter(target=ContentType.objects.get_for_model(Application))
    routes.exclude(pk__in=[r.pk for r in routes_on]).update_unrecorded(is_active=False)
    routes.filter(pk__in=[r.pk for r in routes_on]).update_unrecorded(is_active=True)
    return approval_submit(target=ApplicationFactory(**application), by=by).steps.get(
        status=ApprovalStep.Status.PENDING)


@pytest.fixture
def people(db):
    east, west = DepartmentFactory(code="east"), DepartmentFactory(code="west")
    p = {
        "clerk": UserFactory(roles=["staff"], department=east),
        "mm_east": UserFactory(roles=[MM], department=east),
        "mm_east2": UserFactory(roles=[MM], department=east),
        "mm_west": UserFactory(roles=[MM], department=west),
        "mm_nowhere": UserFactory(roles=[MM], department=None),
        "mm_gone": UserFactory(roles=[MM], department=east),
        "reviewer": UserFactory(department=west),
        "deputy": UserFactory(department=west),
        "east_deputy": UserFactory(department=west),  # only mm_east's seat
        "mm_deputy": UserFactory(roles=[MM], department=west),
        "expired": UserFactory(), "revoked": UserFactory(), "orphan": UserFactory(),
        "nowhere_deputy": UserFactory(),
        "gm": UserFactory(roles=[GM]), "gm2": UserFactory(roles=[GM]),
        "sysadmin": UserFactory(roles=["sysadmin"], is_staff=True),
    }
    today = timezone.localdate()
    for delegator, delegate in [("mm_east", "deputy"), ("mm_east", "deputy"),  # overlapping
                                ("mm_west", "deputy"), ("reviewer", "deputy"), ("gm", "deputy"),
                                ("mm_east", "mm_deputy"), ("mm_east", "east_deputy"),
                                ("mm_nowhere", "nowhere_deputy"),
                                ("mm_gone", "orphan"), ("gm", "gm2")]:
        DelegationFactory(delegator=p[delegator], delegate=p[delegate])
    DelegationFactory(delegator=p["mm_east"], delegate=p["expired"],
                      starts_on=today - datetime.timedelta(days=5),
                      ends_on=today - datetime.timedelta(days=1))
    delegation_revoke(delegation=DelegationFactory(delegator=p["mm_west"], delegate=p["revoked"]),
                      by=p["mm_west"])
    return p


@pytest.fixture
def steps(people):
    """Pending steps of every kind; the keys say whose seat they are meant for."""
    p = people
    east, west = p["mm_east"].department, p["mm_west"].department
    plain = route({"role": MM})
    by_department = route({"role": MM, "decider": Decider.DEPARTMENT_ROLE,
                           "department_field": "department"})
    named = route({"decider": Decider.FIELD_USER, "user_field": "reviewer"})
    all_of = route({"role": MM, "mode": Mode.ALL})
    made = {
        "role": _submit(p["clerk"], [plain]),
        "department_east": _submit(p["clerk"], [by_department], department=east),
        "department_west": _submit(p["clerk"], [by_department], department=west),
        "named": _submit(p["clerk"], [named], reviewer=p["reviewer"]),
        "delegators_own_request": _submit(p["mm_east"], [plain]),
        "deputys_own_request": _submit(p["deputy"], [plain]),
        "all_of_voted_by_mm_east": _submit(p["clerk"], [all_of]),
        "department_none": _submit(p["clerk"], [by_department], department=east),
    }
    approval_decide(step=made["all_of_voted_by_mm_east"], by=p["mm_east"], approve=True)
    # A department-role step without a department (not made by the engine): the ORM's seat
    # rule matches it to holders without a department, and so must the SQL.
    ApprovalStep.objects.filter(pk=made["department_none"].pk).update_unrecorded(
        department=None)
    account_services.role_change_request(  # decided by the GM in person (第十一条)
        user=p["clerk"], role=Group.objects.get(name="staff"), action="remove",
        reason="调岗", by=p["sysadmin"])
    p["mm_gone"].is_active = False
    p["mm_gone"].save()
    return made


def test_the_inbox_lists_exactly_the_steps_step_actions_lets_each_user_decide(people, steps):
    """For every user, steps_awaiting, the badge count and the inbox pages (two rows each)
    give the same steps, in (due_at, id) order, as step_actions over all pending steps."""
    assert len(_decidable(people["deputy"])) >= 5  # the scenario reaches the delegated arms

    for name, user in people.items():
        expected = _decidable(user)
        pages = InboxSteps(user, page_size=2)
        listed = [step.pk for start in range(0, max(pages.count(), 1), 2)
                  for step in pages[start:start + 2]]

        assert list(steps_awaiting(user).values_list("pk", flat=True)) == expected, name
        assert inbox_count(user) == len(expected), name
        assert pages.count() == len(expected), name
        assert listed == expected, name


def test_each_inbox_row_offers_exactly_the_buttons_of_step_actions(people, steps):
    """The rows are read as values, not steps: their approve/reject flags still equal
    step_actions' for every user and step, the GM's own role change (own_case) included."""
    account_services.role_change_request(  # about the GM himself: listed, not his to decide
        user=people["gm"], role=Group.objects.get(name="staff"), action="add",
        reason="兼任", by=people["sysadmin"])
    offered_none = 0
    for name, user in people.items():
        pages = InboxSteps(user, page_size=50)
        for row in pages[0:50]:
            step = ApprovalStep.objects.select_related("request").get(pk=row.pk)
            actions = step_actions(user=user, step=step)
            assert (row.approve, row.reject) == (actions.approve, actions.reject), (name, row)
            offered_none += not (row.approve or row.reject)
    assert offered_none  # the scenario holds a listed step without buttons (own_case)


@pytest.mark.parametrize(("user", "meant_for"), [
    ("deputy", {"role", "department_east", "department_west", "named", "all_of_voted_by_mm_east",
                "delegators_own_request"}),
    ("mm_deputy", {"role", "department_east", "department_west", "delegators_own_request",
                   "all_of_voted_by_mm_east", "deputys_own_request"}),
    ("mm_east", {"role", "department_east", "deputys_own_request"}),
    ("east_deputy", {"role", "department_east", "deputys_own_request"}),
    ("nowhere_deputy", {"role", "department_none", "delegators_own_request",
                        "all_of_voted_by_mm_east", "deputys_own_request"}),
    ("expired", set()), ("revoked", set()), ("orphan", set()),
])
def test_each_seat_reaches_the_steps_meant_for_it(people, steps, user, meant_for):
    """Delegators' seats of every kind reach their steps once each; the user's own seat and a
    delegator's seat on the same step count once; expired, revoked and deactivated
    delegators' seats reach nothing; a seat that voted is done."""
    awaiting = set(steps_awaiting(people[user]).values_list("pk", flat=True))

    assert awaiting == {steps[key].pk for key in meant_for}
    assert inbox_count(people[user]) == len(meant_for)


def test_a_delegate_never_reaches_a_target_decided_in_person(people, steps):
    """The GM's role-change step waits for the GMs in person, never for the GM's deputy."""
    in_person = ApprovalStep.objects.filter(
        status=ApprovalStep.Status.PENDING, decider=Decider.ROLE, role__name=GM).get()

    assert steps_awaiting(people["gm"]).filter(pk=in_person.pk).exists()
    assert steps_awaiting(people["gm2"]).filter(pk=in_person.pk).exists()  # in his own seat
    assert not steps_awaiting(people["deputy"]).filter(pk=in_person.pk).exists()


def test_the_inbox_filters_count_and_page_the_same_steps(people, steps):
    """The type and overdue filters narrow the count and the pages alike."""
    deputy = people["deputy"]
    late = steps["named"]
    ApprovalStep.objects.filter(pk=late.pk).update_unrecorded(
        due_at=timezone.now() - datetime.timedelta(hours=1))

    overdue = inbox_steps(deputy, page_size=50, due_before=timezone.now())
    of_type = inbox_steps(deputy, page_size=50, content_type=late.request.content_type)

    assert [step.pk for step in overdue[0:50]] == [late.pk] and overdue.count() == 1
    assert of_type.count() == inbox_count(deputy)


def test_an_inactive_user_awaits_nothing(people, steps):
    """A deactivated user has no seat: nothing waits for him."""
    mm_east = people["mm_east"]
    mm_east.is_active = False
    mm_east.save()

    assert not steps_awaiting(mm_east).exists()
    assert inbox_count(mm_east) == 0


def test_the_inbox_costs_the_same_queries_for_5_and_500_waiting_steps(client):
    """A page of the inbox reads its count and ids in one query and its 50 rows in one more,
    however many steps wait: 500 cost what 5 cost, delegations included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clerk, manager = UserFactory(roles=["staff"]), UserFactory(roles=[MM])
    DelegationFactory(delegate=manager, delegator=UserFactory(roles=["ops_vp"]))
    route({"role": MM})
    client.force_login(manager)
    counts = {}
    for waiting in (5, 500):
        while ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING).count() < waiting:
            approval_submit(target=ApplicationFactory(), by=clerk)
        client.get("/approvals/")  # the session's last-seen write, the content-type cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/approvals/", {"page": 2} if waiting > 50 else {})
        assert response.content.decode().count('class="decide-form"') == min(waiting, 50)
        counts[waiting] = len(captured)

    assert counts[5] == counts[500]
    # session, user, frame, count and ids, the rows, content types, the bell's unread count
    assert counts[500] <= 7


def test_a_long_inbox_counts_up_to_the_cap_and_says_so(client, monkeypatch):
    """Beyond COUNT_CAP the inbox stops counting: it pages through the first COUNT_CAP steps
    (by due date) and says that more are waiting; the badge is unaffected."""
    monkeypatch.setattr("approvals.inbox.COUNT_CAP", 3)
    clerk, manager = UserFactory(roles=["staff"]), UserFactory(roles=[MM])
    route({"role": MM})
    made = [approval_submit(target=ApplicationFactory(), by=clerk).steps.get().pk
            for _ in range(5)]

    pages = InboxSteps(manager, page_size=2)
    client.force_login(manager)
    html = client.get("/approvals/").content.decode()

    assert (pages.count(), pages.capped) == (3, True)
    paginator = Paginator(pages, 2)
    assert [row.pk for number in paginator.page_range
            for row in paginator.page(number)] == made[:3]
    assert 'id="inbox-capped"' in html and inbox_count(manager) == 5


def test_the_badge_reads_a_request_only_for_a_step_it_counts_on_postgresql(people, steps):
    """The badge counts at most BADGE_CAP steps: each step it reaches looks its request up by
    key (a subplan), so a director with 10,000 waiting steps costs what one with none costs.
    As a join, PostgreSQL hashed every pending request first: 9 ms more on every page of the
    sales director at 10,000 steps (bench/customers.py, badge)."""
    from django.db import connection

    from approvals.selectors import badge_rows_sql

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    for user in people.values():
        sql, params = badge_rows_sql(user)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_nestloop = off")  # as if joining were cheaper
            cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) c", params)
            plan = [row[0] for row in cursor.fetchall()]
        scans = [line for line in plan if "on approvals_approvalrequest" in line]
        subplans = [line for line in plan if "SubPlan" in line and "->" not in line]
        assert "Hash Join" not in "\n".join(plan), "\n".join(plan)
        assert len(scans) <= len(subplans), "\n".join(plan)


def test_the_inbox_rows_and_the_navigation_each_read_the_csrf_token_once(client):
    """The Jinja2 templates (the rows, the navigation) read the request's CSRF token once:
    Django's Jinja2 backend gives it as a lazy value that masks the secret anew, with 32
    random characters, on every read (about 150 µs each, for every row of the inbox)."""
    import re

    clerk, manager = UserFactory(roles=["staff"]), UserFactory(roles=[MM])
    route({"role": MM})
    for _ in range(3):
        approval_submit(target=ApplicationFactory(), by=clerk)
    client.force_login(manager)

    html = client.get("/approvals/").content.decode()
    token = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    rows = re.findall(r'class="decide-form">\s*<input type="hidden" ' + token, html)
    nav = html[html.index("<nav"):html.index("</nav>")]

    assert len(rows) == 3 and len(set(rows)) == 1
    assert len(re.findall(token, nav)) == 2 and len(set(re.findall(token, nav))) == 1
