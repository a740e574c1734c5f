"""Sampling of a campaign (issue 12, part 2), pure functions: the sample size by Cochran's
formula with the finite-population correction, the proportional allocation to strata, the
draw from a frozen frame with a recorded seed, and the frame's compact, hashed form.

The frame is {stratum key: [customer ids, ascending]}. With the same frame and seed,
`draw` gives the same respondents, so `redraw(frame_data, seed, sizes)` audits a sample.
The database read of the frame is `complaints.surveys.selectors.frame.frame_build`."""

import hashlib
import json
import math
import random
import zlib
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist

# The most conservative proportion: it maximises p(1 - p).
P = Decimal("0.5")


def z_value(confidence) -> float:
    """The two-sided standard normal quantile of `confidence` (0.95 → 1.95996…)."""
    return NormalDist().inv_cdf(1 - (1 - float(confidence)) / 2)


def cochran_size(population: int, *, confidence=Decimal("0.95"),
                 margin=Decimal("0.05")) -> int:
    """n0 = z² p (1 − p) / e², n = n0 / (1 + (n0 − 1) / N), rounded up, at most N.

    N = 60 000 → 382 and N = 500 → 218 at 95 % / ±5 %."""
    if population <= 0:
        return 0
    z = z_value(confidence)
    p = float(P)
    n0 = z * z * p * (1 - p) / (float(margin) ** 2)
    n = n0 / (1 + (n0 - 1) / population)
    # A hair of tolerance so that a float error never adds a respondent (382.0000000001).
    return min(population, math.ceil(n - 1e-9))


def allocate(populations: dict[str, int], size: int) -> dict[str, int]:
    """Split `size` over the strata in proportion to their population (largest remainder,
    ties to the larger population then the key). Each non-empty stratum gets at least one
    when `size` allows it (taken from the stratum furthest above its exact quota)."""
    total = sum(populations.values())
    size = min(size, total)
    if total == 0 or size <= 0:
        return dict.fromkeys(populations, 0)
    quotas = {key: Fraction(size * count, total) for key, count in populations.items()}
    shares = {key: math.floor(quota) for key, quota in quotas.items()}
    left = size - sum(shares.values())
    order = sorted(populations, key=lambda key: (-(quotas[key] - shares[key]),
                                                 -populations[key], key))
    for key in order[:left]:
        shares[key] += 1
    non_empty = [key for key, count in populations.items() if count > 0]
    if size >= len(non_empty):
        for key in sorted(non_empty):
            if shares[key]:
                continue
            donor = max((other for other in non_empty if shares[other] > 1),
                        key=lambda other: (shares[other] - quotas[other], other))
            shares[donor] -= 1
            shares[key] = 1
    return shares


def draw(frame: dict[str, list[int]], seed: int, sizes: dict[str, int]) -> dict[str, list[int]]:
    """The sample: per stratum (in key order) `random.Random(seed).sample` of its sorted ids,
    returned sorted. A stratum whose size is its population is taken whole (census)."""
    rng = random.Random(seed)
    sample = {}
    for key in sorted(frame):
        ids = frame[key]
        size = min(sizes.get(key, 0), len(ids))
        sample[key] = sorted(ids if size == len(ids) else rng.sample(ids, size))
    return sample


def frame_encode(frame: dict[str, list[int]]) -> tuple[bytes, str]:
    """The frame as canonical JSON, zlib-compressed, and the SHA-256 of that JSON."""
    raw = json.dumps({key: sorted(ids) for key, ids in frame.items()}, sort_keys=True,
                     separators=(",", ":")).encode()
    return zlib.compress(raw, 6), hashlib.sha256(raw).hexdigest()


def frame_decode(data: bytes, digest: str | None = None) -> dict[str, list[int]]:
    """The frame back from its stored form; ValueError when it does not match `digest`."""
    raw = zlib.decompress(bytes(data))
    if digest is not None and hashlib.sha256(raw).hexdigest() != digest:
        raise ValueError("The sampling frame does not match its SHA-256.")
    return json.loads(raw)


def redraw(data: bytes, seed: int, sizes: dict[str, int], digest: str | None = None
           ) -> dict[str, list[int]]:
    """Draw again from a stored frame: the same respondents as the first time."""
    return draw(frame_decode(data, digest), seed, sizes)


def new_seed() -> int:
    """A fresh seed, recorded on the campaign (63 bits: fits a BigIntegerField)."""
    return random.SystemRandom().getrandbits(63)
