"""Campaigns and their samples (issue 12, part 2): the office plans the year's campaign, draws
the sample once (stratified, a recorded seed, a frozen frame), starts and ends the collection.
The report's approval completes the campaign (services/report.py, part B)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from complaints.surveys import sampling
from complaints.surveys.actions.campaign import campaign_action_require
from complaints.surveys.models import Campaign, Respondent, SampleFrame
from complaints.surveys.selectors.access import runs_surveys
from complaints.surveys.selectors.frame import frame_build, stratum_label
from core.sequences import next_number
from core.services import save_recorded

# Respondent codes: 8 characters of an alphabet without 0/O and 1/I (read off paper, typed
# back): 32⁸ ≈ 10¹² codes, drawn with `secrets` so that a code cannot be guessed from another.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
BATCH_SIZE = 2_000

PLAN_FIELDS = ("title", "year", "questionnaire", "is_census", "confidence", "margin",
               "stratify_by_district", "categories", "collection_ends_on", "token_valid_days")


def _locked(campaign: Campaign, *, by, action: str) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign_action_require(by, locked, action)
    return locked


@transaction.atomic
def campaign_create(*, by, **plan) -> Campaign:
    """A planned campaign numbered MY-<year>-<3 digits>."""
    if not runs_surveys(by):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the company office runs the satisfaction surveys."))
    campaign = Campaign(created_by=by, **{name: plan[name] for name in PLAN_FIELDS
                                          if name in plan})
    campaign.full_clean(exclude=["number"])
    campaign.number = f"MY-{campaign.year}-{next_number('surveys.campaign', campaign.year):03d}"
    save_recorded(campaign, "campaign_planned", by)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by, **plan) -> Campaign:
    """Change the plan until the sample is drawn."""
    campaign = _locked(campaign, by=by, action="edit")
    for name in PLAN_FIELDS:
        if name in plan and name != "year":
            setattr(campaign, name, plan[name])
    save_recorded(campaign, "campaign_plan_edited", by)
    return campaign


def new_codes(count: int, taken: set[str] | None = None) -> list[str]:
    """`count` distinct random respondent codes, none among the stored ones nor `taken`."""
    taken = set(taken or ())
    codes: list[str] = []
    while len(codes) < count:
        wanted = count - len(codes)
        batch = {"".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                 for _ in range(wanted)} - taken
        for start in range(0, len(batch), 5_000):
            part = sorted(batch)[start:start + 5_000]
            batch -= set(Respondent.objects.filter(code__in=part).values_list("code", flat=True))
        codes.extend(sorted(batch))
        taken |= batch
    return codes[:count]


@transaction.atomic
def campaign_draw_sample(*, campaign: Campaign, by, seed: int | None = None) -> Campaign:
    """Build the frame from the archive (one query), freeze it (zlib + SHA-256), size the sample
    (Cochran with the finite-population correction, or a census), allocate it to the strata in
    proportion, draw it with the recorded seed and give each sampled customer a respondent
    code (bulk-created with their history rows, in batches)."""
    campaign = _locked(campaign, by=by, action="draw_sample")
    frame = frame_build(campaign)
    populations = {key: len(ids) for key, ids in frame.items()}
    population = sum(populations.values())
    if population == 0:
        raise ValidationError(_("No customer of the chosen categories is in the archive: "
                                "there is nobody to survey."), code="empty_frame")
    size = population if campaign.is_census else sampling.cochran_size(
        population, confidence=campaign.confidence, margin=campaign.margin)
    sizes = sampling.allocate(populations, size)
    campaign.seed = sampling.new_seed() if seed is None else seed
    sample = sampling.draw(frame, campaign.seed, sizes)
    data, digest = sampling.frame_encode(frame)
    strata = {key: {"label": stratum_label(key), "population": populations[key],
                    "sample": len(sample[key])} for key in sorted(frame)}
    save_recorded(SampleFrame(campaign=campaign, data=data, digest=digest, strata=strata,
                              created_by=by), "sampling_frame_frozen", by)
    _create_respondents(campaign, sample, by=by)
    campaign.sampled_at = timezone.now()
    campaign.frame_size = population
    campaign.sample_size = sum(len(ids) for ids in sample.values())
    save_recorded(campaign, "sample_drawn", by)
    return campaign


def _create_respondents(campaign: Campaign, sample: dict[str, list[int]], *, by) -> None:
    pairs = [(key, pk) for key in sorted(sample) for pk in sample[key]]
    codes = new_codes(len(pairs))
    for start in range(0, len(pairs), BATCH_SIZE):
        batch = [Respondent(campaign=campaign, customer_id=pk, stratum=key, code=code,
                            created_by=by)
                 for (key, pk), code in zip(pairs[start:start + BATCH_SIZE],
                                            codes[start:start + BATCH_SIZE], strict=True)]
        bulk_create_with_history(batch, Respondent, batch_size=BATCH_SIZE, default_user=by,
                                 default_change_reason="sampled")


def campaign_redraw(campaign: Campaign) -> dict[str, list[int]]:
    """The audit: the sample drawn again from the frozen frame and the recorded seed (raises
    ValueError when the stored frame no longer matches its SHA-256)."""
    frame = campaign.frame
    sizes = {key: value["sample"] for key, value in frame.strata.items()}
    return sampling.redraw(frame.data, campaign.seed, sizes, frame.digest)


def _move(campaign: Campaign, *, by, action: str, target, reason: str, stamp: str) -> Campaign:
    campaign = _locked(campaign, by=by, action=action)
    campaign.move_to(target)
    setattr(campaign, stamp, timezone.now())
    save_recorded(campaign, reason, by)
    return campaign


@transaction.atomic
def campaign_start_collection(*, campaign: Campaign, by) -> Campaign:
    return _move(campaign, by=by, action="start_collection", target=Campaign.Status.COLLECTING,
                 reason="collection_started", stamp="started_at")


@transaction.atomic
def campaign_end_collection(*, campaign: Campaign, by) -> Campaign:
    return _move(campaign, by=by, action="end_collection", target=Campaign.Status.ANALYSING,
                 reason="collection_ended", stamp="collection_ended_at")


@transaction.atomic
def campaign_reopen_collection(*, campaign: Campaign, by) -> Campaign:
    campaign = _locked(campaign, by=by, action="reopen_collection")
    campaign.move_to(Campaign.Status.COLLECTING)
    campaign.collection_ended_at = None
    save_recorded(campaign, "collection_reopened", by)
    return campaign
