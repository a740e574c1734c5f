"""Customer archives and access requests as approval targets: the sales director's archive
confirmation (审批确认) and the GM's access grant (第十一条). Registered in
CustomersConfig.ready(); see approvals/targets.py for the protocol."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import GM
from approvals.targets import ApprovalTarget, register_target
from customers.models import AccessRequest, Customer
from customers.services import (
    access_request_closed,
    access_request_granted,
    customer_on_archive_decided,
    customer_on_archive_submitted,
    customer_on_archive_withdrawn,
)


class CustomerArchiveTarget(ApprovalTarget):
    def summary(self, customer: Customer) -> dict:
        return {"title": _("Customer archive %(number)s %(name)s")
                % {"number": customer.number, "name": customer.name},
                "number": customer.number, "customer": customer.name}

    def submitted(self, customer: Customer, *, request, by) -> None:
        customer_on_archive_submitted(customer=customer, by=by)

    def approved(self, customer: Customer, *, request, by) -> None:
        customer_on_archive_decided(customer=customer, approved=True, by=by)

    def rejected(self, customer: Customer, *, request, by) -> None:
        customer_on_archive_decided(customer=customer, approved=False, by=by)

    def withdrawn(self, customer: Customer, *, request, by) -> None:
        customer_on_archive_withdrawn(customer=customer, by=by)


class AccessRequestTarget(ApprovalTarget):
    # 第十一条: routes of access requests accept only steps decided by the GM, in person.
    decider_role = GM

    def summary(self, access_request: AccessRequest) -> dict:
        names = "、".join(customer.name for customer in access_request.customers.all()[:3])
        return {"title": _("Access to customer archives: %(names)s") % {"names": names},
                "number": f"CX-{access_request.pk}", "customer": names}

    def submitted(self, access_request: AccessRequest, *, request, by) -> None:
        """The request was filed as pending: nothing changes until the GM decides."""

    def approved(self, access_request: AccessRequest, *, request, by) -> None:
        access_request_granted(access_request=access_request, by=by)

    def rejected(self, access_request: AccessRequest, *, request, by) -> None:
        access_request_closed(access_request=access_request,
                              status=AccessRequest.Status.REJECTED, by=by)

    def withdrawn(self, access_request: AccessRequest, *, request, by) -> None:
        access_request_closed(access_request=access_request,
                              status=AccessRequest.Status.WITHDRAWN, by=by)


register_target(Customer, CustomerArchiveTarget())
register_target(AccessRequest, AccessRequestTarget())
