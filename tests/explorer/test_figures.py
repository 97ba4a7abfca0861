"""Figure builders: a single reading is its number and date, legend colours are the colours drawn, greys read on both themes."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from computescope.explorer.figures.inventory import inventory_history
from computescope.explorer.figures.tokens import incentives_chart
from computescope.explorer.figures.utilization import utilization_lines
from computescope.explorer.theme import CLOUD_GREYS, NETWORK_COLORS, NEUTRAL


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_cloud_greys_and_neutral_lines_read_on_light_and_dark_pages() -> None:
    for colour in [*CLOUD_GREYS.values(), NEUTRAL]:
        assert _contrast(colour, "#ffffff") >= 3 and _contrast(colour, "#242424") >= 3, colour


def test_one_utilization_reading_per_series_is_a_number_with_its_date() -> None:
    series = pl.DataFrame({"network": ["akash"], "gpu_model": ["*"], "bucket": [datetime(2026, 10, 1, tzinfo=UTC)], "utilization": [0.8]})
    figure = utilization_lines(series, "GPUs in use")
    assert isinstance(figure, dict)
    assert figure["layout"]["annotations"][0]["text"] == "Akash Network · all models: 80.0% (2026-10-01)"
    assert figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"


def test_each_demand_bar_has_its_own_legend_entry_in_its_colour() -> None:
    rows = [{"symbol": "AKT", "network": "akash", "emission_usd_per_year": 14e6, "demand_usd_per_year": 3e6},
            {"symbol": "AI", "network": "gensyn", "emission_usd_per_year": 20e6, "demand_usd_per_year": None},
            {"symbol": "IO", "network": "ionet", "emission_usd_per_year": 74e6, "demand_usd_per_year": 14e6}]
    figure = incentives_chart(rows)
    legend = {t.name: t.marker.color for t in figure.data}
    assert legend == {"incentives: emissions (USD/year)": NEUTRAL, "AKT demand: revenue or burns": NETWORK_COLORS["akash"],
                      "IO demand: revenue or burns": NETWORK_COLORS["ionet"]}
    assert {t.offsetgroup for t in figure.data[1:]} == {"demand"}


def test_two_counts_two_years_apart_are_markers_not_a_trend() -> None:
    history = pl.DataFrame({"measure": ["total", "total"], "gpus": [378.0, 421.0], "source_url": ["a", "b"],
                            "observed_at": [datetime(2024, 6, 12, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)]})
    assert inventory_history(history, "Akash", "#D55E00").data[0].mode == "markers"
