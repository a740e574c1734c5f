"""Role-change requests as an approval target (第十二条, 第十一条): decided by the general
manager in person. Registered in AccountsConfig.ready(); see approvals/targets.py."""

from django.utils.translation import gettext_lazy as _

from accounts.models import RoleChangeRequest, _role_label
from accounts.roles import GM
from accounts.services import role_change_apply, role_change_close
from approvals.targets import ApprovalTarget, register_target


class RoleChangeTarget(ApprovalTarget):
    # Routes of role changes accept only steps decided by holders of this role, in person.
    decider_role = GM

    def concerns(self, change: RoleChangeRequest) -> int | None:
        return change.user_id  # a GM never decides a change of his own roles

    def summary(self, change: RoleChangeRequest) -> dict:
        # The inbox shows the title only: it carries the whole request, reason included.
        return {"title": _("%(change)s “%(role)s”: %(user)s (%(username)s). Reason: %(reason)s")
                % {"change": change.get_action_display(), "role": _role_label(change.role),
                   "user": change.user, "username": change.user.username,
                   "reason": change.reason},
                "number": f"JS-{change.pk}"}

    def submitted(self, change: RoleChangeRequest, *, request, by) -> None:
        """Filed as pending: the groups change only on the GM's approval."""

    def approved(self, change: RoleChangeRequest, *, request, by) -> None:
        role_change_apply(role_change=change, approval=request, by=by)

    def rejected(self, change: RoleChangeRequest, *, request, by) -> None:
        role_change_close(role_change=change, approval=request,
                          status=RoleChangeRequest.Status.REJECTED, by=by)

    def withdrawn(self, change: RoleChangeRequest, *, request, by) -> None:
        role_change_close(role_change=change, approval=request,
                          status=RoleChangeRequest.Status.WITHDRAWN, by=by)


register_target(RoleChangeRequest, RoleChangeTarget())
