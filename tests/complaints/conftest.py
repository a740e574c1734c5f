import pytest

from tests.accounts.factories import UserFactory
from tests.complaints.factories import make_desk


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """Customers made in these tests go to the sales director's confirmation route."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])


@pytest.fixture
def desk(db):
    return make_desk()
