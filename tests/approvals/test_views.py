import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRequest, ApprovalStep, Decider, Decision, Delegation
from approvals.services import approval_decide, approval_submit
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]

INBOX = "/approvals/"


def _submit(by, **application):
    return approval_submit(target=ApplicationFactory(**application), by=by)


# --- The inbox --------------------------------------------------------------------------
def test_the_inbox_shows_waiting_steps_to_role_holders(client, staff_user, market_manager):
    """The market manager sees the row with type, number, customer, amount and submitter."""
    route({"role": "market_manager"})
    request = _submit(staff_user, title="燃气申请甲", amount=12345)
    client.force_login(market_manager)

    html = client.get(INBOX).content.decode()

    assert "燃气申请甲" in html
    assert request.number in html and "测试客户" in html and "12,345.00" in html
    assert str(staff_user) in html


def test_the_inbox_hides_steps_from_users_without_the_role(client, staff_user, market_manager,
                                                            finance_user):
    """Finance sees nothing of a market-manager step."""
    route({"role": "market_manager"})
    _submit(staff_user, title="燃气申请甲")
    client.force_login(finance_user)

    html = client.get(INBOX).content.decode()

    assert "燃气申请甲" not in html


def test_the_inbox_hides_a_users_own_request(client, market_manager):
    """The submitter does not see their own request waiting, even holding the role."""
    UserFactory(roles=["market_manager"])
    route({"role": "market_manager"})
    _submit(market_manager, title="自己的申请")
    client.force_login(market_manager)

    assert "自己的申请" not in client.get(INBOX).content.decode()


def test_the_inbox_shows_a_delegates_steps_only_within_the_dates(client, staff_user,
                                                                  market_manager):
    """A delegate sees the delegator's steps while the delegation runs, not after."""
    deputy = UserFactory()
    delegation = DelegationFactory(delegator=market_manager, delegate=deputy)
    route({"role": "market_manager"})
    _submit(staff_user, title="委托审批")
    client.force_login(deputy)

    assert "委托审批" in client.get(INBOX).content.decode()

    delegation.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    delegation.starts_on = delegation.ends_on - datetime.timedelta(days=3)
    delegation.save()
    assert "委托审批" not in client.get(INBOX).content.decode()


def test_the_inbox_shows_department_steps_only_to_that_departments_manager(client, staff_user):
    """A department-role step is invisible to the same role in another department."""
    sales, other = DepartmentFactory(code="sales"), DepartmentFactory(code="other")
    own = UserFactory(roles=["market_manager"], department=sales)
    foreign = UserFactory(roles=["market_manager"], department=other)
    route({"role": "market_manager", "decider": Decider.DEPARTMENT_ROLE,
           "department_field": "department"})
    _submit(staff_user, title="部门申请", department=sales)

    client.force_login(foreign)
    assert "部门申请" not in client.get(INBOX).content.decode()
    client.force_login(own)
    assert "部门申请" in client.get(INBOX).content.decode()


def test_gm_edits_a_route_and_its_steps_in_the_admin_with_history(client, gm):
    """A route with a step is added in the admin without code; the edit is in history."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from approvals.models import ApprovalRoute
    from tests.testapp.models import Application

    gm.is_staff = True
    gm.save()
    client.force_login(gm)
    target = ContentType.objects.get_for_model(Application)
    prefix = "steps"
    response = client.post(reverse("admin:approvals_approvalroute_add"), {
        "name": "大额申请", "target": target.pk, "condition": "testapp.big",
        "description": "测试", "is_active": "on",
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-rank": "40", f"{prefix}-0-decider": "role",
        f"{prefix}-0-role": Group.objects.get(name="gm").pk, f"{prefix}-0-mode": "one",
        f"{prefix}-0-time_limit_hours": "8", f"{prefix}-0-is_active": "on",
    })

    assert response.status_code == 302, response.context["adminform"].form.errors
    created = ApprovalRoute.objects.get(name="大额申请")
    assert created.steps.get().role.name == "gm"
    assert created.history.get().history_user == gm
    assert client.get(reverse("admin:approvals_approvalroute_delete",
                              args=[created.pk])).status_code == 403


def test_the_route_admin_refuses_an_unknown_condition(client, gm):
    """Only registered conditions can be chosen."""
    from django.contrib.contenttypes.models import ContentType

    gm.is_staff = True
    gm.save()
    client.force_login(gm)

    response = client.post(reverse("admin:approvals_approvalroute_add"), {
        "name": "错误", "target": ContentType.objects.first().pk, "condition": "no.such",
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    assert "condition" in response.context["adminform"].form.errors


def test_the_inbox_filters_by_overdue(client, staff_user, market_manager):
    """The overdue filter keeps only steps past their time limit, flagged as such."""
    route({"role": "market_manager"})
    late = _submit(staff_user, title="逾期申请")
    _submit(staff_user, title="按时申请")
    ApprovalStep.objects.filter(request=late).update_unrecorded(due_at=timezone.now()
                                                     - datetime.timedelta(hours=1))
    client.force_login(market_manager)

    html = client.get(INBOX, {"overdue": "on"}).content.decode()

    assert "逾期申请" in html and "按时申请" not in html
    assert "table-warning" in html


def test_the_inbox_filters_by_type(client, staff_user, market_manager):
    """Filtering by another type hides these rows."""
    from django.contrib.contenttypes.models import ContentType

    from tests.testapp.models import Memo

    application_type = route({"role": "market_manager"}).target
    memo_type = ContentType.objects.get_for_model(Memo)
    route({"role": "market_manager"}).__class__.objects.create(
        name="备忘审批", target=memo_type, condition="approvals.always")
    _submit(staff_user, title="类型筛选")
    client.force_login(market_manager)

    assert "类型筛选" in client.get(INBOX, {"type": application_type.pk}).content.decode()
    response = client.get(INBOX, {"type": memo_type.pk})
    assert "类型筛选" not in response.content.decode()


def test_the_inbox_query_count_does_not_grow_with_rows(client, staff_user, market_manager):
    """A page of 50 rows costs exactly the queries of a page of 5 (delegations included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DelegationFactory(delegate=market_manager, delegator=UserFactory(roles=["ops_vp"]))
    route({"role": "market_manager"})
    client.force_login(market_manager)
    client.get(INBOX)  # warms the per-process content-type cache, which only the first page fills
    counts = {}
    for rows in (5, 50):
        while ApprovalStep.objects.filter(status="pending").count() < rows:
            _submit(staff_user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(INBOX)
        assert response.content.decode().count('class="decide-form"') == rows
        counts[rows] = len(captured)

    assert counts[5] == counts[50]
    assert counts[50] <= 16


def test_the_navigation_shows_how_many_steps_wait(client, staff_user, market_manager):
    """The inbox entry carries the number of waiting steps."""
    route({"role": "market_manager"})
    _submit(staff_user)
    _submit(staff_user)
    client.force_login(market_manager)

    html = client.get("/").content.decode()

    import re

    badge = re.search(r'id="nav-badge-2"[^>]*>(\d+)</span>', html)
    assert badge and badge.group(1) == "2"


def test_a_decision_refreshes_the_navigation_count(client, staff_user, market_manager):
    """The htmx decision asks the page to refresh the badge, which then counts one less."""
    route({"role": "market_manager"})
    step = _submit(staff_user).steps.get()
    _submit(staff_user)
    client.force_login(market_manager)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "approve"}, HTTP_HX_REQUEST="true")
    badge = client.get(reverse("approvals:badge"), {"id": "2"}).content.decode()

    assert response["HX-Trigger"] == "nav-changed"
    assert ">1</span>" in badge and 'hx-trigger="nav-changed from:body"' in badge


# --- Deciding -------------------------------------------------------------------------------
def test_approving_from_the_inbox_row_with_htmx_returns_the_updated_row(client, staff_user,
                                                                         market_manager):
    """An htmx POST approves and returns the row saying the decision is recorded."""
    route({"role": "market_manager"})
    request = _submit(staff_user)
    step = request.steps.get()
    client.force_login(market_manager)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "approve", "comment": ""}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="step-{step.pk}"' in html and "<html" not in html
    request.refresh_from_db()
    assert request.status == "approved"


def test_rejecting_without_a_comment_shows_the_error_in_the_row(client, staff_user,
                                                                market_manager):
    """The row explains that a rejection needs a reason; nothing is recorded."""
    route({"role": "market_manager"})
    step = _submit(staff_user).steps.get()
    client.force_login(market_manager)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "reject", "comment": ""}, HTTP_HX_REQUEST="true")

    assert "alert-danger" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_second_approver_is_told_who_decided_first(client, staff_user):
    """The row of a late approver names the first decider instead of recording twice."""
    first = UserFactory(roles=["market_manager"], last_name="周", first_name="杰")
    second = UserFactory(roles=["market_manager"])
    route({"role": "market_manager"})
    step = _submit(staff_user).steps.get()
    approval_decide(step=step, by=first, approve=True)
    client.force_login(second)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "approve"}, HTTP_HX_REQUEST="true")

    assert "周杰" in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_non_decider_cannot_even_see_that_the_step_exists(client, staff_user, market_manager,
                                                            finance_user):
    """Posting a decision on someone else's step is a 404."""
    route({"role": "market_manager"})
    step = _submit(staff_user).steps.get()
    client.force_login(finance_user)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})

    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_deciding_from_the_object_page_returns_there(client, staff_user, market_manager):
    """The timeline's form decides and goes back to the object's page with a message."""
    route({"role": "market_manager"})
    request = _submit(staff_user)
    url = request.target.get_absolute_url()
    client.force_login(market_manager)

    page = client.get(url).content.decode()
    response = client.post(reverse("approvals:decide", args=[request.steps.get().pk]),
                           {"decision": "approve", "next": url})

    assert 'id="timeline-decide"' in page
    assert response.status_code == 302 and response["Location"] == url


def test_anonymous_users_are_sent_to_sign_in(client):
    """The inbox needs a signed-in user."""
    response = client.get(INBOX)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_done_tab_lists_the_users_past_decisions(client, staff_user, market_manager):
    """已办 shows what the user decided, with the comment."""
    route({"role": "market_manager"})
    request = _submit(staff_user, title="已办申请")
    approval_decide(step=request.steps.get(), by=market_manager, approve=False, comment="退回")
    client.force_login(market_manager)

    html = client.get(reverse("approvals:done")).content.decode()

    assert "已办申请" in html and "退回" in html


def test_the_submitter_withdraws_from_the_object_page(client, staff_user, market_manager):
    """Withdraw is offered to the submitter and works; others get a 404."""
    route({"role": "market_manager"})
    request = _submit(staff_user)
    client.force_login(market_manager)
    assert client.post(reverse("approvals:withdraw", args=[request.pk])).status_code == 404

    client.force_login(staff_user)
    page = client.get(request.target.get_absolute_url()).content.decode()
    client.post(reverse("approvals:withdraw", args=[request.pk]))

    assert 'id="timeline-withdraw"' in page
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.WITHDRAWN


# --- Timeline and route preview ----------------------------------------------------------
def test_the_timeline_shows_every_round_step_decider_and_comment(client, staff_user,
                                                                market_manager, ops_vp):
    """Round 1 rejected and round 2 waiting are both on the object's page."""
    route({"role": "market_manager", "rank": 20}, {"role": "ops_vp", "rank": 30})
    application = ApplicationFactory()
    first = approval_submit(target=application, by=staff_user)
    approval_decide(step=first.steps.get(position=1), by=market_manager, approve=False,
                    comment="资料不全")
    approval_submit(target=application, by=staff_user)
    client.force_login(staff_user)

    html = client.get(application.get_absolute_url()).content.decode()

    assert "第 1 轮" in html and "第 2 轮" in html
    assert "资料不全" in html and str(market_manager) in html
    assert "经营副总经理" in html and "尚未开始" in html


def test_the_route_preview_shows_roles_and_reasons_before_submission(client, staff_user,
                                                                     market_manager):
    """The drafter sees which roles will approve and which conditions matched."""
    route({"role": "market_manager"}, condition="testapp.big", name="大额申请")
    application = ApplicationFactory(amount=50000)
    client.force_login(staff_user)

    html = client.get(application.get_absolute_url()).content.decode()

    assert "市场部经理" in html and "金额不低于一万元" in html


# --- Notifications -----------------------------------------------------------------------
def test_submission_mails_only_the_people_who_can_decide(staff_user,
                                                         django_capture_on_commit_callbacks):
    """The market manager of the department and their delegate are mailed, not other
    departments' managers nor the submitter."""
    sales, other = DepartmentFactory(code="sales"), DepartmentFactory(code="other")
    own = UserFactory(roles=["market_manager"], department=sales)
    UserFactory(roles=["market_manager"], department=other, email="foreign@example.com")
    deputy = UserFactory(email="deputy@example.com")
    DelegationFactory(delegator=own, delegate=deputy)
    route({"role": "market_manager", "decider": Decider.DEPARTMENT_ROLE,
           "department_field": "department"})

    with django_capture_on_commit_callbacks(execute=True):
        _submit(staff_user, title="通知测试", department=sales)

    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([own.email, "deputy@example.com"])
    assert "通知测试" in mail.outbox[0].subject


def test_the_submitter_is_mailed_the_final_decision(staff_user, market_manager,
                                                    django_capture_on_commit_callbacks):
    """A rejection mails the submitter with the comment."""
    route({"role": "market_manager"})
    request = _submit(staff_user, title="结果通知")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(step=request.steps.get(), by=market_manager, approve=False,
                        comment="请补充图纸")

    assert [message.to for message in mail.outbox] == [[staff_user.email]]
    assert "请补充图纸" in mail.outbox[0].body


def test_reminders_mail_overdue_steps_once_a_day(staff_user, market_manager):
    """send_approval_reminders mails the deciders of an overdue step, and not twice a day."""
    route({"role": "market_manager"})
    request = _submit(staff_user, title="提醒测试")
    _submit(staff_user, title="未逾期")
    ApprovalStep.objects.filter(request=request).update_unrecorded(
        due_at=timezone.now() - datetime.timedelta(hours=2))
    mail.outbox.clear()

    call_command("send_approval_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_approval_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1
    assert "提醒测试" in mail.outbox[0].subject and mail.outbox[0].to == [market_manager.email]


# --- Delegations page --------------------------------------------------------------------
def test_a_manager_delegates_and_revokes_from_the_delegations_page(client, market_manager):
    """The page creates a delegation for the signed-in user and revokes it."""
    deputy = UserFactory()
    client.force_login(market_manager)
    today = timezone.localdate()

    response = client.post(reverse("approvals:delegations"), {
        "delegate": deputy.pk, "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=5)).isoformat(), "reason": "休假"})
    delegation = Delegation.objects.get()
    client.post(reverse("approvals:delegation_revoke", args=[delegation.pk]))

    assert response.status_code == 302
    assert (delegation.delegator, delegation.delegate) == (market_manager, deputy)
    delegation.refresh_from_db()
    assert delegation.is_active is False
    assert delegation.history.first().history_user == market_manager


def test_a_delegation_with_dates_in_the_wrong_order_is_refused(client, market_manager):
    """The form names the end date."""
    client.force_login(market_manager)
    today = timezone.localdate()

    response = client.post(reverse("approvals:delegations"), {
        "delegate": UserFactory().pk, "starts_on": today.isoformat(),
        "ends_on": (today - datetime.timedelta(days=1)).isoformat(), "reason": "休假"})

    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    assert not Delegation.objects.exists()


def test_nobody_revokes_someone_elses_delegation(client, market_manager):
    """Revoking another person's delegation is a 404."""
    delegation = DelegationFactory()
    client.force_login(market_manager)

    response = client.post(reverse("approvals:delegation_revoke", args=[delegation.pk]))

    assert response.status_code == 404
    delegation.refresh_from_db()
    assert delegation.is_active


def test_the_done_tab_is_filtered_searched_and_sorted(client, staff_user, market_manager):
    """已办: the FilterSet narrows the user's own decisions; an unknown sort key is ignored."""
    route({"role": "market_manager"})
    approved = _submit(staff_user, title="同意的申请")
    rejected = _submit(staff_user, title="驳回的申请")
    approval_decide(step=approved.steps.get(), by=market_manager, approve=True)
    approval_decide(step=rejected.steps.get(), by=market_manager, approve=False, comment="退回")
    client.force_login(market_manager)
    done = reverse("approvals:done")

    only_rejected = client.get(done, {"outcome": "reject"}).content.decode()
    searched = client.get(done, {"q": "同意的"}).content.decode()
    unknown = client.get(done, {"sort": "decided_by__password"})

    assert "驳回的申请" in only_rejected and "同意的申请" not in only_rejected
    assert "同意的申请" in searched and "驳回的申请" not in searched
    assert unknown.status_code == 200
    assert [r.title for r in (rejected, approved)] == re.findall(
        r">(同意的申请|驳回的申请)</a>", unknown.content.decode())


def test_the_done_tab_costs_the_same_queries_for_5_and_50_decisions(client, staff_user,
                                                                      market_manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from approvals.filters import SORTS

    route({"role": "market_manager"})
    client.force_login(market_manager)
    counts = {}
    for rows in (5, 50):
        while Decision.objects.count() < rows:
            request = _submit(staff_user)
            approval_decide(step=request.steps.get(), by=market_manager, approve=True)
        counts[rows] = []
        for key in (*SORTS, *(f"-{key}" for key in SORTS)):
            client.get(reverse("approvals:done"), {"sort": key})
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("approvals:done"), {"sort": key, "outcome": "approve"})
            counts[rows].append(len(captured))

    assert counts[5] == counts[50]
