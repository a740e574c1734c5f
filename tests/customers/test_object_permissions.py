"""The customer archive's grant check goes through core.permissions, the one object-permission
rule (第十一条: an approved access request = a grant in force and guardian's permission)."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, remove_perm

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from customers import services
from customers.selectors import customer_access, customer_list
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


def test_a_customer_grant_needs_the_object_permission_core_permissions_sees(gm, staff_user):
    """customers.selectors asks core.permissions: a grant in force opens the customer only while
    guardian's view permission holds (directly or through a group)."""
    customer = make_customer(by=staff_user)
    request = services.access_request_create(
        requester=make_customer().sales_rep, customers=[customer], purpose="核对投诉",
        scope="view", days=1)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)
    reader = request.requester
    assert customer_access(user=reader, customer=customer) is not None
    assert customer in customer_list(user=reader)

    remove_perm("customers.view_customer", reader, customer)
    assert customer_access(user=reader, customer=customer) is None
    assert customer not in customer_list(user=reader)

    group = Group.objects.create(name="readers")
    reader.groups.add(group)
    assign_perm("customers.view_customer", group, customer)
    assert customer_access(user=reader, customer=customer) is not None
    assert customer in customer_list(user=reader)
