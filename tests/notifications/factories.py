import factory

from notifications.models import Notification
from tests.accounts.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Notification.Kind.STEP_WAITING
    subject = factory.Sequence(lambda n: f"申请{n}")
    url = "/approvals/"
    event_key = factory.Sequence(lambda n: f"test:{n}")
