"""The simulator's cost budget: timesteps and path-steps are bounded, and an over-budget request names the limit."""

from __future__ import annotations

import pytest

from computescope.core.tokenomics.validation import (
    DEFAULTS,
    MAX_PATH_STEPS,
    MAX_TIMESTEPS,
    validate_simulate_params,
)


@pytest.mark.parametrize(
    ("years", "steps", "runs", "message"),
    [
        (20, 365, 1, "years × steps_per_year is at most 2,600"),
        (8, 365, 1, "8 × 365 = 2,920"),
        (20, 365, 1000, "years × steps_per_year"),
        (20, 52, 1000, "runs × years × steps_per_year is at most 250,000 (about 1,000 ms of work), not 1000 × 20 × 52 = 1,040,000"),
    ],
)
def test_over_budget_requests_name_the_limit(years: int, steps: int, runs: int, message: str) -> None:
    with pytest.raises(ValueError, match="at most") as refused:
        validate_simulate_params("bme", DEFAULTS["bme"], years=years, steps_per_year=steps, runs=runs, seed=1)
    assert message in str(refused.value)


def test_the_largest_allowed_shapes_pass() -> None:
    for years, steps, runs in ((7, 365, 97), (20, 130, 96), (20, 12, 1000), (1, 365, 684)):
        assert years * steps <= MAX_TIMESTEPS and years * steps * runs <= MAX_PATH_STEPS
        assert validate_simulate_params("sfa", None, years=years, steps_per_year=steps, runs=runs, seed=1)[1:4] == (years, steps, runs)
