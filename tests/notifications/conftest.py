import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """The archive confirmation route needs a sales director to exist."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])
