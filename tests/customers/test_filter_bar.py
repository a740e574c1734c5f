"""The customer list's filter bar (customers.views.listing.filter_fields) is given again when
everything it is made of is the same, and made anew when anything differs: the language, the
custodian choices, a submitted value (and so an error it causes)."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from customers.filters import CustomerFilter
from customers.models import Customer
from customers.views import listing
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _bar(query: str = "", *, custodians=None, language: str = "zh-hans") -> dict[str, str]:
    request = RequestFactory().get("/customers/", QueryDict(query))
    request.user = UserFactory(roles=["staff"])
    filterset = CustomerFilter(request.GET or None, queryset=Customer.objects.all(),
                               request=request)
    form = filterset.form
    if filterset.is_bound:
        form.is_valid()
    names = custodians if custodians is not None else {
        user.pk: str(user) for user in form.fields["custodian"].queryset}
    with translation.override(language):
        return {name: str(html) for name, html in
                listing.filter_fields(form, custodians=names).items()}


@pytest.fixture(autouse=True)
def _no_bars_kept():
    listing._BARS.clear()


def test_the_same_inputs_give_the_bar_made_before_without_rendering_it(monkeypatch):
    first = _bar("q=王秀英", custodians={7: "李档案"})
    made = []
    monkeypatch.setattr(listing, "_widget_html", lambda *args: made.append(args) or "")

    assert _bar("q=王秀英", custodians={7: "李档案"}) == first
    assert made == []


def test_a_submitted_value_is_shown_in_its_own_bar():
    plain, searched = _bar(custodians={7: "李档案"}), _bar("q=王秀英", custodians={7: "李档案"})
    chosen = _bar("custodian=7&status=draft", custodians={7: "李档案"})

    assert 'value="王秀英"' in searched["q"] and "王秀英" not in plain["q"]
    assert '<option value="7" selected>李档案</option>' in chosen["custodian"]
    assert '<option value="7">李档案</option>' in plain["custodian"]
    assert 'value="draft" selected' in chosen["status"]
    assert "selected" not in plain["status"].replace('value="" selected', "")


def test_an_invalid_value_is_marked_in_its_own_bar_only():
    bad = _bar("category=nonsense", custodians={})

    assert "is-invalid" in bad["category"]
    assert "is-invalid" not in _bar("category=", custodians={})["category"]


def test_new_custodian_choices_make_a_new_bar():
    before = _bar(custodians={7: "李档案"})
    after = _bar(custodians={7: "李档案", 8: "王新人"})

    assert "王新人" not in before["custodian"] and "王新人" in after["custodian"]


def test_each_language_has_its_own_bar():
    chinese, english = _bar(custodians={}), _bar(custodians={}, language="en")

    assert "状态" in chinese["status"] and "Status" in english["status"]


def test_the_bars_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(listing, "_BARS_KEPT", 3)
    for number in range(6):
        _bar(f"q=K{number}", custodians={})

    assert len(listing._BARS) == 3


def test_the_filter_form_class_is_made_once_and_still_reads_new_custodians():
    """customers.filters.CustomerFilter makes its form class once (core.listing.FormClassOnce);
    each form still reads the active users when it is made."""
    first = _form_custodians()
    newcomer = UserFactory(roles=["archivist"], username="zz_newcomer")
    second = _form_custodians()

    assert type(first[0]) is type(second[0])
    assert newcomer.pk not in first[1] and newcomer.pk in second[1]


def _form_custodians():
    request = RequestFactory().get("/customers/")
    request.user = UserFactory(roles=["staff"])
    form = CustomerFilter(None, queryset=Customer.objects.all(), request=request).form
    return form, {user.pk for user in form.fields["custodian"].queryset}
