import datetime

import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from approvals.models import ApprovalRoute, Delegation, RouteStep
from tests.accounts.factories import UserFactory
from tests.testapp.models import Application


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    title = factory.Sequence(lambda n: f"申请{n}")
    amount = 500


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalRoute

    name = factory.Sequence(lambda n: f"路线{n}")
    target = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Application))
    condition = "approvals.always"


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    route = factory.SubFactory(RouteFactory)
    rank = 100
    role = factory.LazyFunction(lambda: Group.objects.get_or_create(name="market_manager")[0])


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    delegator = factory.SubFactory(UserFactory)
    delegate = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=1))
    reason = "出差"


def route(*steps, condition="approvals.always", name=None):
    """A route for Application with steps given as dicts of RouteStep fields; `role` by code."""
    route_obj = RouteFactory(condition=condition, **({"name": name} if name else {}))
    for fields in steps:
        fields = dict(fields)
        if isinstance(fields.get("role"), str):
            fields["role"] = Group.objects.get_or_create(name=fields["role"])[0]
        RouteStepFactory(route=route_obj, **fields)
    return route_obj
