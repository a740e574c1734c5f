"""Separation of duties (issue 8, point 1; 第十一条, 第十二条): the system administrator manages
accounts but cannot make himself, or anyone, the general manager, a superuser or a reader of
customer archives. Business roles change only through a request the GM decides in person."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import RoleChangeRequest, User
from approvals.models import ApprovalRoute, RouteStep
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from customers import services as customer_services
from customers.models import AccessGrant, AccessRequest
from tests.accounts.factories import UserFactory
from tests.approvals.factories import DelegationFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


def _group(code):
    return Group.objects.get(name=code)


def _user_form(client, user, **changes):
    """The user admin's change form as the browser would post it back, with `changes`."""
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    data = {key: value for key, value in page.context["adminform"].form.initial.items()
            if value is not None and key not in ("password", "user_permissions")}
    data.update({"date_joined_0": "2026-01-05", "date_joined_1": "09:00:00",
                 "username": user.username})
    if "groups" in data:
        data["groups"] = [group.pk for group in data["groups"]]
    for key, value in changes.items():
        data[key] = value
    return data


def _access_route():
    return ApprovalRoute.objects.get(condition="customers.access_request")


def _role_route():
    return ApprovalRoute.objects.get(condition="accounts.role_change")


def _inbox_decide(client, approval, **data):
    step = approval.steps.get(status="pending")
    return client.post(reverse("approvals:decide", args=[step.pk]),
                       {"decision": "approve", **data})


# --- The user admin ---------------------------------------------------------------------------
def test_sysadmin_adding_himself_to_gm_in_the_user_admin_changes_nothing(client, sysadmin):
    """Groups are read-only in the user admin for a non-superuser: posting gm has no effect."""
    client.force_login(sysadmin)
    data = _user_form(client, sysadmin, groups=[_group("gm").pk, _group("sysadmin").pk])

    client.post(reverse("admin:accounts_user_change", args=[sysadmin.pk]), data)

    assert set(User.objects.get(pk=sysadmin.pk).groups.values_list("name", flat=True)) == {
        "sysadmin"}


def test_sysadmin_adds_a_user_without_roles(client, sysadmin):
    """A new user made by the sysadmin gets no role group, whatever the form posts."""
    client.force_login(sysadmin)

    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newbie", "password1": "Very-long-pass-2026",
        "password2": "Very-long-pass-2026",
        "last_name": "新", "first_name": "人", "groups": [_group("gm").pk]})

    assert response.status_code == 302
    assert not User.objects.get(username="newbie").groups.exists()


def test_sysadmin_cannot_make_a_user_staff_or_superuser(client, sysadmin):
    """is_staff and is_superuser are read-only for a non-superuser."""
    other = UserFactory(username="li")
    client.force_login(sysadmin)
    data = _user_form(client, other, is_staff="on", is_superuser="on")

    client.post(reverse("admin:accounts_user_change", args=[other.pk]), data)

    other.refresh_from_db()
    assert (other.is_staff, other.is_superuser) == (False, False)


def test_the_user_admin_offers_no_single_permissions(client, sysadmin):
    """Single permissions (user_permissions) are not in the user form at all."""
    other = UserFactory(username="li")
    client.force_login(sysadmin)
    perm = Permission.objects.get(codename="view_accesslog", content_type__app_label="core")

    page = client.get(reverse("admin:accounts_user_change", args=[other.pk]))
    client.post(reverse("admin:accounts_user_change", args=[other.pk]),
                _user_form(client, other, user_permissions=[perm.pk]))

    assert "user_permissions" not in page.context["adminform"].form.fields
    assert not other.user_permissions.exists()


@pytest.mark.parametrize("holder", ["gm", "sales_director", "superuser"])
def test_sysadmin_cannot_set_the_password_of_the_gm_or_a_superuser(client, sysadmin, holder):
    """The admin's password page for a GM (or the sales director, who also reads every
    archive) or a superuser is 403 for a non-superuser: no signing in as them after a reset."""
    target = (UserFactory(username="root", is_staff=True, is_superuser=True)
              if holder == "superuser" else UserFactory(username="boss", roles=[holder]))
    before = target.password
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[target.pk])

    page = client.get(url)
    post = client.post(url, {"password1": "Hijack-pass-2026", "password2": "Hijack-pass-2026",
                             "usable_password": "true"})

    assert (page.status_code, post.status_code) == (403, 403)
    target.refresh_from_db()
    assert target.password == before


def test_sysadmin_cannot_change_the_gms_account(client, sysadmin, gm):
    """The GM's e-mail or name cannot be changed by the sysadmin (no takeover by reset)."""
    client.force_login(sysadmin)
    data = _user_form(client, gm, email="attacker@example.com")

    response = client.post(reverse("admin:accounts_user_change", args=[gm.pk]), data)

    assert response.status_code == 403
    assert client.get(reverse("admin:accounts_user_change", args=[gm.pk])).status_code == 200
    gm.refresh_from_db()
    assert gm.email != "attacker@example.com"


def test_the_superuser_sets_the_gms_password(client, superuser, gm):
    """The superuser (or the GM himself, through his own password page) still can."""
    client.force_login(superuser)

    response = client.get(reverse("admin:auth_user_password_change", args=[gm.pk]))

    assert response.status_code == 200


def test_sysadmin_cannot_deactivate_the_gm(client, sysadmin, gm):
    """The deactivate action skips accounts only a superuser may change."""
    client.force_login(sysadmin)

    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "deactivate", "_selected_action": [gm.pk]})

    gm.refresh_from_db()
    assert gm.is_active


def test_sysadmin_still_sets_an_ordinary_users_password(client, sysadmin):
    """An ordinary user's forgotten password is still reset by the sysadmin."""
    other = UserFactory(username="li", roles=["staff"])
    client.force_login(sysadmin)

    response = client.get(reverse("admin:auth_user_password_change", args=[other.pk]))

    assert response.status_code == 200


# --- Groups -----------------------------------------------------------------------------------
def test_sysadmin_cannot_edit_group_permissions_or_names(client, sysadmin):
    """Adding view_contract to his own group, or renaming gm, is refused."""
    group = _group("sysadmin")
    before = set(group.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(codename="view_accesslog", content_type__app_label="core")
    client.force_login(sysadmin)

    client.post(reverse("admin:auth_group_change", args=[group.pk]), {
        "name": "gm2", "permissions": [*before, extra.pk],
        "role-TOTAL_FORMS": "1", "role-INITIAL_FORMS": "1", "role-MIN_NUM_FORMS": "0",
        "role-MAX_NUM_FORMS": "1", "role-0-group": group.pk, "role-0-name": "网络管理员",
        "role-0-name_en": "System administrator", "role-0-description": ""})

    group.refresh_from_db()
    assert group.name == "sysadmin"
    assert set(group.permissions.values_list("pk", flat=True)) == before


# --- Role-change requests ---------------------------------------------------------------------
def test_a_role_change_filed_in_the_admin_is_approved_by_the_gm_in_his_inbox(client, sysadmin,
                                                                              gm):
    """Sysadmin files "add market_manager" → nothing changes yet → the GM approves in the
    inbox → the user holds the role, and the user's history names the GM and the request."""
    other = UserFactory(username="li", roles=["staff"])
    client.force_login(sysadmin)

    response = client.post(reverse("admin:accounts_rolechangerequest_add"), {
        "user": other.pk, "role": _group("market_manager").pk, "action": "add",
        "reason": "调任市场部经理"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    change = RoleChangeRequest.objects.get()
    assert change.status == RoleChangeRequest.Status.PENDING
    assert change.requested_by == sysadmin
    assert not other.groups.filter(name="market_manager").exists()

    client.force_login(gm)
    assert str(other) in client.get(reverse("approvals:inbox")).content.decode()
    _inbox_decide(client, pending_request_for(change))

    change.refresh_from_db()
    assert change.status == RoleChangeRequest.Status.APPROVED
    assert other.groups.filter(name="market_manager").exists()
    latest = other.history.latest()
    assert latest.history_user == gm
    assert f"#{change.pk}" in latest.history_change_reason


def test_the_user_page_links_to_a_prefilled_role_change_request(client, sysadmin):
    """From a user's admin page the sysadmin reaches the request form with the user chosen."""
    other = UserFactory(username="li", roles=["staff"])
    client.force_login(sysadmin)

    page = client.get(reverse("admin:accounts_user_change", args=[other.pk])).content.decode()
    url = reverse("admin:accounts_rolechangerequest_add") + f"?user={other.pk}"
    form = client.get(url)

    assert url in page.replace("&amp;", "&")
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["user"] == str(other.pk)


def test_a_refused_role_change_shows_on_the_admin_form(client, sysadmin, gm):
    """Asking for a role the user already holds is an error on the form, not a 500."""
    other = UserFactory(username="li", roles=["staff"])
    client.force_login(sysadmin)

    response = client.post(reverse("admin:accounts_rolechangerequest_add"), {
        "user": other.pk, "role": _group("staff").pk, "action": "add", "reason": "重复"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not RoleChangeRequest.objects.exists()


def test_a_rejected_role_change_changes_nothing(sysadmin, gm):
    """Rejected by the GM: the groups stay as they were."""
    other = UserFactory(username="li", roles=["staff"])
    change = services.role_change_request(user=other, role=_group("staff"), action="remove",
                                          reason="离职", by=sysadmin)

    approval_decide(step=pending_request_for(change).steps.get(), by=gm, approve=False,
                    comment="仍在岗")

    change.refresh_from_db()
    assert change.status == RoleChangeRequest.Status.REJECTED
    assert other.groups.filter(name="staff").exists()


def test_the_gms_delegate_cannot_decide_a_role_change(client, sysadmin, gm):
    """A delegation lets the deputy decide other steps, never a role change."""
    deputy = UserFactory(username="deputy", roles=["office"])
    DelegationFactory(delegator=gm, delegate=deputy)
    other = UserFactory(username="li", roles=["staff"])
    change = services.role_change_request(user=other, role=_group("gm"), action="add",
                                          reason="代理总经理", by=sysadmin)
    client.force_login(deputy)

    inbox = client.get(reverse("approvals:inbox")).content.decode()
    _inbox_decide(client, pending_request_for(change))

    assert "JS-" not in inbox  # not even listed for the deputy

    change.refresh_from_db()
    assert change.status == RoleChangeRequest.Status.PENDING
    assert not other.groups.filter(name="gm").exists()
    with pytest.raises(ValidationError):
        approval_decide(step=pending_request_for(change).steps.get(), by=deputy, approve=False,
                        comment="不同意")


def test_nobody_decides_his_own_role_change(sysadmin, gm):
    """A GM cannot decide a change of his own roles; another GM can."""
    second = UserFactory(username="gm2", roles=["gm"])
    change = services.role_change_request(user=gm, role=_group("gm"), action="remove",
                                          reason="退休", by=sysadmin)
    step = pending_request_for(change).steps.get()

    with pytest.raises(ValidationError):
        approval_decide(step=step, by=gm, approve=False, comment="不退")
    approval_decide(step=step, by=second, approve=True)

    assert not gm.groups.filter(name="gm").exists()


def test_nobody_files_a_role_change_for_himself(sysadmin, gm):
    """The sysadmin cannot even ask for gm for himself: someone else must file it."""
    with pytest.raises(ValidationError):
        services.role_change_request(user=sysadmin, role=_group("gm"), action="add",
                                     reason="我要", by=sysadmin)


def test_a_role_change_names_a_known_role_and_a_real_change(sysadmin, gm):
    """Adding a role the user has, or removing one he has not, is refused naming the field."""
    other = UserFactory(username="li", roles=["staff"])

    with pytest.raises(ValidationError) as exc:
        services.role_change_request(user=other, role=_group("staff"), action="add",
                                     reason="重复", by=sysadmin)

    assert "role" in exc.value.message_dict


def test_role_groups_can_still_be_written_by_code():
    """Factories and data migrations still set groups directly."""
    user = UserFactory(roles=["gm", "staff"])

    assert user.role_codes == {"gm", "staff"}


# --- Protected routes ------------------------------------------------------------------------
def test_sysadmin_cannot_edit_the_access_request_route(client, sysadmin):
    """The route that protects confidentiality is read-only for the sysadmin (403 on post)."""
    route = _access_route()
    step = route.steps.get()
    client.force_login(sysadmin)

    response = client.post(reverse("admin:approvals_approvalroute_change", args=[route.pk]), {
        "name": route.name, "target": route.target_id, "condition": route.condition,
        "is_active": "on", "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "1",
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": step.pk, "steps-0-route": route.pk, "steps-0-rank": "50",
        "steps-0-decider": "role", "steps-0-role": _group("sysadmin").pk,
        "steps-0-mode": "one", "steps-0-time_limit_hours": "16", "steps-0-is_active": "on"})
    step_page = client.post(reverse("admin:approvals_routestep_change", args=[step.pk]), {})

    assert response.status_code == 403
    assert step_page.status_code == 403
    assert client.get(reverse("admin:approvals_approvalroute_change",
                              args=[route.pk])).status_code == 200  # shown, read-only
    step.refresh_from_db()
    assert step.role.name == "gm"


def test_sysadmin_cannot_add_a_step_to_a_protected_route(client, sysadmin):
    """Not even a gm step: the route is the GM's to change."""
    route = _access_route()
    client.force_login(sysadmin)

    response = client.post(reverse("admin:approvals_routestep_add"), {
        "route": route.pk, "rank": "10", "decider": "role", "role": _group("gm").pk,
        "mode": "one", "time_limit_hours": "16", "is_active": "on"})

    assert response.status_code == 200
    assert route.steps.count() == 1


@pytest.mark.parametrize("route_getter", [_access_route, _role_route])
def test_protected_routes_accept_only_gm_steps_for_anyone(route_getter):
    """Even a superuser cannot give such a route a non-gm step, nor deactivate it."""
    route = route_getter()
    step = route.steps.get()

    step.role = _group("sysadmin")
    with pytest.raises(ValidationError) as exc:
        step.full_clean()
    assert "role" in exc.value.message_dict
    new = RouteStep(route=route, rank=10, decider="field_user", user_field="requester")
    with pytest.raises(ValidationError):
        new.full_clean()
    route.is_active = False
    with pytest.raises(ValidationError) as exc:
        route.full_clean()
    assert "is_active" in exc.value.message_dict


def test_the_superuser_is_refused_a_non_gm_step_in_the_route_admin(client, superuser):
    """The admin form shows the error instead of saving."""
    route = _access_route()
    step = route.steps.get()
    client.force_login(superuser)

    response = client.post(reverse("admin:approvals_routestep_change", args=[step.pk]), {
        "route": route.pk, "rank": "50", "decider": "role", "role": _group("sysadmin").pk,
        "mode": "one", "time_limit_hours": "16", "is_active": "on"})

    assert response.status_code == 200
    step.refresh_from_db()
    assert step.role.name == "gm"


def test_route_changes_record_the_acting_user(client, sysadmin):
    """Editing a route and its steps in the admin leaves history rows naming the editor."""
    route = ApprovalRoute.objects.get(condition="customers.archive_confirmation")
    step = route.steps.get()
    client.force_login(sysadmin)

    response = client.post(reverse("admin:approvals_approvalroute_change", args=[route.pk]), {
        "name": route.name + "（修订）", "target": route.target_id, "condition": route.condition,
        "description": route.description, "is_active": "on",
        "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "1",
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": step.pk, "steps-0-route": route.pk, "steps-0-rank": "60",
        "steps-0-decider": "role", "steps-0-role": step.role_id,
        "steps-0-mode": "one", "steps-0-time_limit_hours": "8", "steps-0-is_active": "on"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert route.history.latest().history_user == sysadmin
    assert step.history.latest().history_user == sysadmin


# --- The grant service ------------------------------------------------------------------------
def _access_request(reader):
    UserFactory(username="director", roles=["sales_director"])  # confirms new archives
    customer = make_customer()
    request = customer_services.access_request_create(
        requester=reader, customers=[customer], purpose="核对", scope="view", days=3)
    return request


def test_a_rewritten_route_lets_the_sysadmin_grant_nothing(sysadmin, gm, staff_user):
    """Route rewritten behind the admin's back (step = sysadmin): the sysadmin's approval is
    refused by the grant service and the whole decision rolls back."""
    step = _access_route().steps.get()
    step.role = _group("sysadmin")
    step.save()  # no clean(): as a raw write would
    request = _access_request(staff_user)

    with pytest.raises(ValidationError):
        approval_decide(step=pending_request_for(request).steps.get(), by=sysadmin,
                        approve=True)

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING
    assert not AccessGrant.objects.exists()


def test_the_gms_delegate_grants_no_access(gm, staff_user):
    """Access to confidential archives is authorised by the GM in person, not a deputy."""
    deputy = UserFactory(username="deputy", roles=["office"])
    DelegationFactory(delegator=gm, delegate=deputy)
    request = _access_request(staff_user)

    with pytest.raises(ValidationError):
        approval_decide(step=pending_request_for(request).steps.get(), by=deputy, approve=True)

    assert not AccessGrant.objects.exists()


def test_the_grant_service_refuses_without_a_gm_decision(staff_user):
    """Called directly, without an approved round decided by a GM, it grants nothing."""
    request = AccessRequest.objects.create(requester=staff_user, purpose="直接调用",
                                           created_by=staff_user)
    UserFactory(username="director", roles=["sales_director"])
    request.customers.set([make_customer()])

    with pytest.raises(ValidationError):
        customer_services.access_request_granted(access_request=request)

    assert not AccessGrant.objects.exists()


def test_the_gm_still_grants_access(gm, staff_user):
    """The ordinary path still works: the GM approves, the grant is made."""
    request = _access_request(staff_user)

    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)

    assert AccessGrant.objects.filter(request=request).count() == 1


def test_the_gm_is_offered_no_decision_on_his_own_role_change(client, sysadmin, gm):
    """Nobody decides his own case: the engine's one rule (step_actions) knows whom a request
    concerns, so the GM's inbox offers him no button on a change of his own roles, the decide
    URL refuses him with the rule's message, and another GM is offered the buttons."""
    from approvals.selectors import step_actions

    second = UserFactory(username="gm2", roles=["gm"])
    change = services.role_change_request(user=gm, role=_group("gm"), action="remove",
                                          reason="退休", by=sysadmin)
    step = pending_request_for(change).steps.get()

    own, other = step_actions(user=gm, step=step), step_actions(user=second, step=step)
    client.force_login(gm)
    inbox = client.get(reverse("approvals:inbox")).content.decode()

    assert (own.approve, own.reject, own.refusal) == (False, False, "own_case")
    assert (other.approve, other.reject) == (True, True)
    assert 'data-action="approve"' not in inbox
    with pytest.raises(ValidationError) as caught:
        approval_decide(step=step, by=gm, approve=True)
    assert caught.value.code == "own_case"
