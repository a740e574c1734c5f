"""Part A: sample sizes, proportional strata, reproducible draws from the frozen frame."""

from decimal import Decimal

import pytest

from complaints.surveys import sampling
from complaints.surveys.models import Campaign, Respondent, SampleFrame
from complaints.surveys.services.campaigns import (
    CODE_ALPHABET,
    CODE_LENGTH,
    campaign_draw_sample,
    campaign_redraw,
)
from tests.customers.factories import make_account, make_customer
from tests.surveys.factories_collect import make_customers, office_user, planned_campaign


@pytest.mark.parametrize(("population", "expected"), [(60_000, 382), (500, 218)])
def test_cochran_with_the_finite_population_correction(population, expected):
    assert sampling.cochran_size(population) == expected
    assert sampling.cochran_size(population, confidence=Decimal("0.95"),
                                 margin=Decimal("0.05")) == expected


def test_cochran_never_asks_more_than_the_population():
    assert sampling.cochran_size(10) == 10
    assert sampling.cochran_size(0) == 0
    assert sampling.cochran_size(1_000_000, confidence=Decimal("0.99"),
                                 margin=Decimal("0.03")) == 1840  # n0 1843.03


def test_allocation_is_proportional_by_largest_remainder():
    # quotas 50.0, 30.0, 20.0 → exact; 33.3/33.3/33.3 → one extra to the largest remainder.
    assert sampling.allocate({"a": 500, "b": 300, "c": 200}, 100) == {"a": 50, "b": 30, "c": 20}
    shares = sampling.allocate({"a": 100, "b": 100, "c": 100}, 100)
    assert sum(shares.values()) == 100 and sorted(shares.values()) == [33, 33, 34]
    shares = sampling.allocate({"res": 55_000, "com": 4_000, "ind": 990, "pub": 10}, 382)
    assert sum(shares.values()) == 382
    assert shares == {"res": 350, "com": 25, "ind": 6, "pub": 1}


def test_every_non_empty_stratum_gets_one_when_the_size_allows():
    shares = sampling.allocate({"big": 10_000, "tiny": 1, "empty": 0}, 5)
    assert shares == {"big": 4, "tiny": 1, "empty": 0}
    assert sum(sampling.allocate({"a": 1, "b": 1, "c": 1}, 2).values()) == 2


def test_the_draw_is_reproducible_from_seed_and_frame():
    frame = {"a": list(range(1, 1001)), "b": list(range(2000, 2100))}
    sizes = {"a": 30, "b": 5}
    first = sampling.draw(frame, 7, sizes)
    assert first == sampling.draw(frame, 7, sizes)
    assert first != sampling.draw(frame, 8, sizes)
    data, digest = sampling.frame_encode(frame)
    assert sampling.redraw(data, 7, sizes, digest) == first
    with pytest.raises(ValueError):
        sampling.frame_decode(data, "0" * 64)


def test_a_census_draw_takes_everyone():
    frame = {"a": [3, 1, 2]}
    assert sampling.draw(frame, 1, {"a": 3}) == {"a": [1, 2, 3]}


@pytest.mark.django_db
def test_drawing_a_campaigns_sample_freezes_the_frame_and_gives_codes():
    make_customers(30)
    make_customers(6, category="commercial")
    office = office_user()
    campaign = planned_campaign(by=office, confidence=Decimal("0.95"), margin=Decimal("0.2"))
    campaign = campaign_draw_sample(campaign=campaign, by=office, seed=123)
    frame = SampleFrame.objects.get(campaign=campaign)
    assert campaign.frame_size == 36 and campaign.seed == 123
    expected = sampling.cochran_size(36, confidence=Decimal("0.95"), margin=Decimal("0.2"))
    assert campaign.sample_size == expected
    assert frame.strata["residential"]["population"] == 30
    assert frame.strata["commercial"]["sample"] >= 1
    respondents = Respondent.objects.filter(campaign=campaign)
    assert respondents.count() == expected
    codes = list(respondents.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01OI") & set("".join(codes))
    # The audit: the same respondents again from the stored frame and seed.
    redrawn = campaign_redraw(Campaign.objects.get(pk=campaign.pk))
    stored = {}
    for stratum, customer_id in respondents.values_list("stratum", "customer_id"):
        stored.setdefault(stratum, []).append(customer_id)
    assert {key: sorted(ids) for key, ids in stored.items()} == {
        key: ids for key, ids in redrawn.items() if ids}
    # Each respondent has a history row naming the office member.
    assert Respondent.history.filter(campaign_id=campaign.pk,
                                     history_user=office).count() == expected


@pytest.mark.django_db
def test_a_census_takes_every_customer_and_skips_closed_and_upstream():
    customers = make_customers(5)
    make_customer(category="upstream", name="上游气源")
    office = office_user()
    campaign = campaign_draw_sample(campaign=planned_campaign(by=office, is_census=True),
                                    by=office, seed=1)
    assert set(Respondent.objects.filter(campaign=campaign).values_list(
        "customer_id", flat=True)) == {c.pk for c in customers}


@pytest.mark.django_db
def test_strata_by_district_come_from_the_premises_of_the_first_account():
    customer = make_customer()
    make_account(customer=customer)
    make_customer()  # no account: no district
    office = office_user()
    campaign = planned_campaign(by=office, is_census=True, stratify_by_district=True)
    campaign = campaign_draw_sample(campaign=campaign, by=office, seed=5)
    strata = set(campaign.frame.strata)
    assert "residential/五华区" in strata and "residential/-" in strata
    assert Respondent.objects.get(campaign=campaign, customer=customer).stratum == (
        "residential/五华区")


@pytest.mark.django_db
def test_the_sample_is_drawn_once():
    make_customers(3)
    office = office_user()
    campaign = campaign_draw_sample(campaign=planned_campaign(by=office, is_census=True),
                                    by=office)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        campaign_draw_sample(campaign=campaign, by=office)


@pytest.mark.django_db
def test_a_campaigns_strata_are_proportional_and_redrawn_identically():
    make_customers(40)
    make_customers(10, category="commercial")
    office = office_user()
    campaign = planned_campaign(by=office, margin=Decimal("0.2"))
    campaign = campaign_draw_sample(campaign=campaign, by=office, seed=2026)

    strata = campaign.frame.strata
    size = campaign.sample_size
    assert size == sampling.cochran_size(50, margin=Decimal("0.2"))
    assert strata["residential"]["sample"] + strata["commercial"]["sample"] == size
    assert abs(strata["residential"]["sample"] - size * 40 / 50) < 1
    # A second draw with the recorded seed from the frozen frame, after the archive changed,
    # gives the same customers.
    make_customers(5)
    redrawn = campaign_redraw(Campaign.objects.get(pk=campaign.pk))
    assert sorted(sum(redrawn.values(), [])) == sorted(
        Respondent.objects.filter(campaign=campaign).values_list("customer_id", flat=True))
