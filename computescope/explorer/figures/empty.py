"""The figure drawn in place of a chart that has no data: its title and, in the middle, why."""

from __future__ import annotations

from typing import Any


def empty_figure(title: str, why: str) -> dict[str, Any]:
    return {
        "layout": {
            "title": {"text": title},
            "annotations": [{"text": why, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 300,
        }
    }
