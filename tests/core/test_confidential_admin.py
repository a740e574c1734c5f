"""core.admin.ConfidentialAdmin refuses a subclass without its object rule (第十一条): an
admin of customer data that forgot `scope` or `read_access` fails when it is defined."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.admin import ConfidentialAdmin


@pytest.mark.parametrize("missing", ["scope", "read_access"])
def test_a_confidential_admin_without_its_object_rule_is_refused(missing):
    hooks = {"scope": lambda self, request, queryset: queryset,
             "read_access": lambda self, request, obj: None}
    del hooks[missing]

    with pytest.raises(ImproperlyConfigured, match=missing):
        type("ForgetfulAdmin", (ConfidentialAdmin,), hooks)


def test_a_confidential_admin_with_both_hooks_is_accepted():
    admin_class = type("CarefulAdmin", (ConfidentialAdmin,), {
        "scope": lambda self, request, queryset: queryset,
        "read_access": lambda self, request, obj: None})

    assert issubclass(admin_class, ConfidentialAdmin)
