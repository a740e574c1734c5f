"""Writes of accounts: role changes go through the general manager's approval (第十一条, 第十二条).

The system administrator runs the accounts but does not decide who holds which role: he files a
`RoleChangeRequest`, the GM decides it in person in the approval inbox, and only then are the
user's groups changed (with the user's history naming the decider and the request).
Code and data migrations (`setup_roles`, `seed_demo`, test factories) still write groups directly.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import RoleChangeRequest, User
from accounts.roles import GM, ROLE_CODES, SYSADMIN
from core.reasons import reason
from core.services import save_recorded

FILE_ROLE_CHANGE = "accounts.add_rolechangerequest"


def gm_decision_require(*, target, subject=None):
    """The decisions of the last approval round of `target`, refused unless every one of them
    was made in person (seat == decided_by, no delegate) by an active holder of `gm` — read
    inside the deciding transaction, so "holds gm" is at decision time — and, when `subject`
    is given, by someone other than `subject` (nobody decides his own case).

    Raises ValidationError (the caller's transaction rolls back); returns the decisions.
    """
    from approvals.models import ApprovalRequest, Decision

    content_type = ContentType.objects.get_for_model(target)
    approval = (ApprovalRequest.objects.filter(content_type=content_type, object_id=target.pk)
                .order_by("-round").first())
    decisions = list(Decision.objects.filter(step__request=approval)
                     .select_related("decided_by")) if approval else []
    if not decisions:
        raise ValidationError(_("Only the general manager's decision in the approval inbox can "
                                "authorise this."), code="no_gm_decision")
    for decision in decisions:
        if decision.seat_id != decision.decided_by_id:
            raise ValidationError(_("The general manager must decide this in person; a "
                                    "delegate cannot."), code="delegated")
        decider = decision.decided_by
        if not (decider.is_active and decider.groups.filter(name=GM).exists()):
            raise ValidationError(_("Only a holder of the general manager's role can decide "
                                    "this."), code="not_gm")
        if subject is not None and decider.pk == subject.pk:
            raise ValidationError(_("Nobody can decide a request that concerns himself."),
                                  code="own_roles")
    return decisions


@transaction.atomic
def role_change_request(*, user: User, role: Group, action: str, reason: str,
                        by: User) -> RoleChangeRequest:
    """File a request to give `user` the business role `role` (action "add") or take it away
    ("remove") and submit it to the GM's approval. Nothing changes until the GM approves.

    Refused (ValidationError naming the field) when the role is not a business role, the
    change changes nothing, the same change is already pending, the reason is empty, `by`
    asks for himself, or no GM other than `user` and `by` could decide it.
    """
    from approvals.services import approval_submit

    if not by.has_perm(FILE_ROLE_CHANGE):
        raise PermissionDenied
    errors = {}
    if user is not None and user.pk == by.pk:
        errors["user"] = _("A change of your own roles must be filed by someone else.")
    elif user is not None and not user.is_active:
        errors["user"] = _("This user is deactivated.")
    if role is not None and role.name not in ROLE_CODES:
        errors["role"] = _("Choose one of the business roles.")
    elif role is not None and user is not None and "user" not in errors:
        holds = user.groups.filter(pk=role.pk).exists()
        if action == RoleChangeRequest.Action.ADD and holds:
            errors["role"] = _("The user already holds this role.")
        elif action == RoleChangeRequest.Action.REMOVE and not holds:
            errors["role"] = _("The user does not hold this role.")
        elif RoleChangeRequest.objects.filter(user=user, role=role,
                                              status=RoleChangeRequest.Status.PENDING).exists():
            errors["role"] = _("A change of this role for this user is already awaiting "
                               "approval.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the role should change.")
    if errors:
        raise ValidationError(errors)
    others = User.objects.with_role(GM).exclude(pk__in=[user.pk, by.pk])
    if not others.exists():
        raise ValidationError(_("No general manager other than the user concerned can decide "
                                "this change; ask the superuser."), code="no_gm")
    change = RoleChangeRequest(user=user, role=role, action=action, reason=reason.strip(),
                               requested_by=by, created_by=by)
    change.full_clean(exclude=["created_by"])
    change._change_reason = "filed"
    change.save()
    if approval_submit(target=change, by=by, comment=change.reason) is None:
        raise ValidationError(_("No approval route for role changes is configured; ask the "
                                "superuser."), code="no_route")
    return change


@transaction.atomic
def role_change_apply(*, role_change: RoleChangeRequest, approval, by) -> RoleChangeRequest:
    """On the GM's approval (`by` decided it): check the decision was the GM's own (not a
    delegate's, not the subject's), then change the user's groups; the user's history records
    the change with the decider and the request number."""
    decisions = gm_decision_require(target=role_change, subject=role_change.user)
    decider = decisions[-1].decided_by
    user = role_change.user
    user._history_user = decider
    user._change_reason = reason(
        "role_given" if role_change.action == RoleChangeRequest.Action.ADD else "role_taken",
        f"#{role_change.pk} {role_change.role.name}")
    if role_change.action == RoleChangeRequest.Action.ADD:
        user.groups.add(role_change.role)
    else:
        user.groups.remove(role_change.role)
    role_change.status = RoleChangeRequest.Status.APPROVED
    save_recorded(role_change, "approved", by)
    return role_change


@transaction.atomic
def role_change_close(*, role_change: RoleChangeRequest, approval, status: str, by
                      ) -> RoleChangeRequest:
    """Rejected (by the GM in person, not the subject) or withdrawn (by the submitter): the
    groups stay; `by` is recorded in the request's history."""
    if status == RoleChangeRequest.Status.REJECTED:
        gm_decision_require(target=role_change, subject=role_change.user)
    role_change.status = status
    save_recorded(role_change, status, by)
    return role_change


def may_lift_lockouts(user) -> bool:
    """Who lifts a sign-in lock-out (the lock-out page sends the user to him): the system
    administrator (sysadmin), or a superuser."""
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or SYSADMIN in user.role_codes))


def lockout_failures(user: User) -> int:
    """The failed sign-ins django-axes counts against `user`'s username (all addresses)."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    return (AccessAttempt.objects.filter(username=user.username)
            .aggregate(total=Sum("failures_since_start"))["total"] or 0)


@transaction.atomic
def lockout_reset(*, user: User, by) -> int:
    """Lift the django-axes lock-out of `user`'s username (its failed attempts from every
    address are removed, axes.utils.reset) and record in the user's history who lifted it and
    how many failures were cleared. Returns that number. PermissionDenied unless `by` may
    (may_lift_lockouts). A lock of an address over many usernames (accounts.lockout) is not
    a user's: it ends with the cool-off time."""
    from axes.utils import reset

    if not may_lift_lockouts(by):
        raise PermissionDenied
    failures = lockout_failures(user)
    reset(username=user.username)
    user._change_reason = reason("lockout_reset", str(failures))
    user._history_user = by
    user.save(update_fields=["last_login"])  # no field changes: the history row records it
    return failures
