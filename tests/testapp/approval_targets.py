"""The test-only Application as an approval target: its status follows the round."""

from approvals.targets import ApprovalTarget, register_target
from core.services import save_recorded
from tests.testapp.models import Application


def _set_status(application: Application, status: str, reason: str, by) -> None:
    application.status = status
    save_recorded(application, reason, by)


class ApplicationTarget(ApprovalTarget):
    def summary(self, application: Application) -> dict:
        return {"number": f"SQ-{application.pk:04d}", "customer": "测试客户",
                "amount": application.amount}

    def submitted(self, application: Application, *, request, by) -> None:
        _set_status(application, Application.Status.IN_APPROVAL, "submitted", by)

    def approved(self, application: Application, *, request, by) -> None:
        _set_status(application, Application.Status.APPROVED, "approved", by)

    def rejected(self, application: Application, *, request, by) -> None:
        _set_status(application, Application.Status.REJECTED, "rejected", by)

    def withdrawn(self, application: Application, *, request, by) -> None:
        _set_status(application, Application.Status.DRAFT, "withdrawn", by)


register_target(Application, ApplicationTarget())
