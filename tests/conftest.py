"""Shared fixtures: one user per role, and the demo password."""

import pytest

from accounts import roles
from tests.accounts.factories import TEST_PASSWORD, UserFactory
from tests.helpers.pdf import require_noto_cjk_sc


@pytest.fixture
def password():
    return TEST_PASSWORD


def _role_user(code):
    @pytest.fixture
    def fixture(db):
        return UserFactory(username=f"{code}_user", roles=[code])

    return fixture


staff_user = _role_user(roles.STAFF)
market_manager = _role_user(roles.MARKET_MANAGER)
ops_vp = _role_user(roles.OPS_VP)
gm = _role_user(roles.GM)
planning_user = _role_user(roles.PLANNING)
budget_user = _role_user(roles.BUDGET)
finance_user = _role_user(roles.FINANCE)
archivist = _role_user(roles.ARCHIVIST)
sales_director = _role_user(roles.SALES_DIRECTOR)
office_user = _role_user(roles.OFFICE)
production_user = _role_user(roles.PRODUCTION)


@pytest.fixture
def sysadmin(db):
    return UserFactory(username="sysadmin_user", roles=[roles.SYSADMIN], is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root_user", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _reset_axes_and_cache():
    """Axes keeps failures in the database (rolled back per test) and nothing in a cache;
    the work calendar's per-process cache would outlive a test's rolled-back rows."""
    from django.core.cache import cache

    from core.workhours import clear_calendar_cache

    cache.clear()
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def noto_cjk_sc():
    """Skip (with a reason, never silently) when the Simplified Chinese Noto faces are missing."""
    require_noto_cjk_sc()
