import factory

from tests.testapp.models import Memo


class MemoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Memo

    title = factory.Sequence(lambda n: f"备忘{n}")
