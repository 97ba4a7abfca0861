"""Figure pieces every chart shares: the figure drawn in place of a chart that has no data (its title and, in the middle, why), and hatched bars."""

from __future__ import annotations

from typing import Any

from computescope.explorer.theme import TRANSPARENT

# a figure given as a dict gets no template: its background is set here so the page colour (light or dark) shows through
BACKGROUND = {"paper_bgcolor": TRANSPARENT, "plot_bgcolor": TRANSPARENT}


def empty_figure(title: str, why: str) -> dict[str, Any]:
    return {
        "layout": {
            "title": {"text": title},
            "annotations": [{"text": why, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 300,
            **BACKGROUND,
        }
    }


def single_value_figure(title: str, lines: list[str]) -> dict[str, Any]:
    """One observation per series is a number with its date, not a line: each line reads 'name: value (date)'."""
    return {
        "layout": {
            "title": {"text": title},
            "annotations": [{"text": "<br>".join(lines), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                             "font": {"size": 16}}],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 220,
            **BACKGROUND,
        }
    }


def trace_mode(points: int, span_days: float, expected_step_days: float = 1.0) -> str:
    """Markers alone for a sparse series (a few points far apart), so no line suggests values nobody observed between them."""
    if points < 2:
        return "markers"
    return "lines" if span_days / (points - 1) <= 3 * expected_step_days and points >= 8 else "markers"


def hatched(colors: list[str], shapes: list[str]) -> dict[str, Any]:
    """Bar markers, one colour per bar, the ones given a shape hatched in light lines over the bar's own colour (one look for
    indicative, spot and simulated bars on every chart)."""
    return {"color": colors, "pattern": {"shape": shapes, "bgcolor": colors, "fgcolor": "rgba(255, 255, 255, 0.75)"}}
