import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """Customers made in these tests go to the sales director's confirmation route."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])
