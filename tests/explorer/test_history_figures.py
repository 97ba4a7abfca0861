"""History figures: one day is a marker in the middle of a three-day axis, a missing series says why, percentages stay 0-100."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from computescope.explorer.figures.history import (
    operator_price_vs_market,
    provider_availability,
    provider_market,
)


def test_one_day_sits_in_the_middle_of_a_three_day_axis_as_markers() -> None:
    days = pl.DataFrame({"day": [date(2026, 3, 2)], "availability": [0.5], "uptime_1d": [0.9]})
    fig = provider_availability(days, "Online per day", "#D55E00")
    assert fig.layout.xaxis.range == (datetime(2026, 2, 28, 12), datetime(2026, 3, 3, 12))
    assert [t.mode for t in fig.data] == ["markers", "markers"]
    assert [list(t.y) for t in fig.data] == [[50.0], [90.0]]
    assert fig.layout.yaxis.range == (0, 102)


def test_a_long_daily_series_is_a_line_and_an_unleased_day_is_left_out() -> None:
    days = pl.DataFrame({"day": pl.date_range(date(2026, 3, 1), date(2026, 3, 10), eager=True),
                         "usd_per_gpu_hour": [1.5, None, *[1.6] * 8], "market_usd_per_gpu_hour": [2.0] * 10,
                         "ask_usd_per_gpu_hour": [1.7] * 10})
    fig = operator_price_vs_market(days, "Price", "#56B4E9")
    assert [(t.name, t.mode, len(t.x)) for t in fig.data] == [
        ("earned per leased GPU-hour", "lines", 9), ("market, same models", "lines", 10), ("your ask (GPU-weighted)", "lines", 10)]


def test_no_price_in_the_range_draws_the_reason_instead_of_a_zero() -> None:
    days = pl.DataFrame({"day": [date(2026, 3, 1)], "market_usd_per_gpu_hour": [None]}, schema_overrides={"market_usd_per_gpu_hour": pl.Float64})
    fig = provider_market(days, "Median bid", "— Akash providers bid per deployment")
    assert fig["layout"]["annotations"][0]["text"] == "— Akash providers bid per deployment"
    assert "data" not in fig
