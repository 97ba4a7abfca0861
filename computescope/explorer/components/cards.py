"""Card factories: a network card for the Overview and a small stat block used inside it."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import html

from computescope.explorer import fmt
from computescope.explorer.components.provenance import kind_badge, missing, provenance
from computescope.explorer.data import missing_reason
from computescope.explorer.theme import color_for


def create_stat(label: str, value: Any, source_row: dict[str, Any] | None, detail: Any = None, stat_id: str | None = None) -> html.Div:
    badge = kind_badge(source_row.get("kind")) if source_row else None
    head = dmc.Text([label, badge] if badge else label, size="xs", c="dimmed", tt="uppercase", fw=600)
    body = [head, html.Div(value, className="stat-value", id=stat_id or "")]
    if detail:
        body.append(dmc.Text(detail, size="xs", c="dimmed"))
    if source_row:
        body.append(dmc.Text(provenance(source_row.get("source"), source_row.get("source_url"), source_row.get("observed_at")), size="xs", c="dimmed"))
    return html.Div(body, className="stat")


def _dated(row: dict[str, Any], word: str) -> str:
    return f"{fmt.metric(row)} {word} ({row['observed_at']:%Y-%m-%d})"


def _gpus(card: dict[str, Any]) -> html.Div:
    gpus = card["gpus"]
    if not gpus:
        return create_stat("GPUs", missing(missing_reason(card["network"], "gpus")), None)
    # each measure keeps its own date: counts from different days are never read as one breakdown
    head_measure = next(m for m in ("verified", "active", "total", "registered") if m in gpus)
    head = gpus[head_measure]
    others = " · ".join(_dated(gpus[m], m) for m in gpus if m != head_measure)
    return create_stat(f"GPUs ({head_measure})", fmt.metric(head), head, others or None, stat_id=f"card-{card['network']}-gpus")


def _utilization(card: dict[str, Any]) -> html.Div:
    row = card["utilization"]
    if row is None:
        return create_stat("GPU utilization", missing(missing_reason(card["network"], "utilization")), None)
    return create_stat("GPU utilization", fmt.metric(row), row, stat_id=f"card-{card['network']}-util")


def price_stat(card: dict[str, Any], model: str) -> html.Div:
    """A network's headline price of one model with its type, how many prices it is the median of, and its distance to the
    hyperscaler median: the same stat on the Overview card and the network's page."""
    row = card["price"]
    if row is None:
        return create_stat(f"{model} median", missing(missing_reason(card["network"], model.lower())), None)
    kind = row["price_type"].replace("_", " ")
    # a median of several prices says so: the network's cheapest single price (Prices, the GPU's page) may sit below it
    detail: list[Any] = [f"median of its {row['offers']} newest {kind} prices · "] if row.get("offers", 1) > 1 else []
    if card["discount"] is not None:
        word = "below" if card["discount"] >= 0 else "above"
        detail += [f"{abs(card['discount']) * 100:.0f}% {word} the hyperscaler median (",
                   html.Span(fmt.usd_per_gpu_hour(card["cloud_median"]), className="metric-hyperscaler-median"), ")"]
    label = f"{model} {kind}"
    return create_stat(label, fmt.metric(row), row, detail or None, stat_id=f"card-{card['network']}-price")


def _token(card: dict[str, Any]) -> html.Div:
    token = card["token"]
    if token is None:
        return create_stat("Token", missing("no token facts in the data yet"), None)
    supply = token.get("circulating")
    detail = f"max {fmt.abbrev(token['max_supply'])}" if token.get("max_supply") else "no supply cap"
    value = [dmc.Text(token["symbol"], fw=700, span=True)]
    if supply:
        value.append(dmc.Text(f" {fmt.abbrev(supply)} circulating", size="sm", span=True))
    model = html.Span(fmt.metric(card["token_model"]), id=f"card-{card['network']}-token-model") if card["token_model"] else "model unknown"
    return create_stat(["Token · ", model], value, token, detail)


def create_headlines(cards: list[dict[str, Any]], figure: str, strip_id: str) -> dmc.SimpleGrid:
    """Each network's GPU count ("gpus") or utilization ("utilization") from the metrics layer, exactly as its Overview card shows it."""
    stat = _gpus if figure == "gpus" else _utilization
    return dmc.SimpleGrid(
        [dmc.Paper([dmc.Text(card["name"], fw=600, size="sm"), stat(card)], withBorder=True, p="sm", id=f"{strip_id}-{card['network']}")
         for card in cards],
        cols={"base": 1, "sm": 3, "lg": 5},
        mt="sm",
        id=strip_id,
    )


def create_network_card(card: dict[str, Any], model: str = "H100") -> dmc.Card:
    return dmc.Card(
        [
            html.Div(className="card-accent", style={"background": color_for(card["network"])}),
            # the layer sits under the name, whole: beside it a long layer ("aggregation (claimed, incomplete)") was cut short
            dmc.Stack(
                [dmc.Anchor(dmc.Title(card["name"], order=4), href=f"/networks/{card['network']}"),
                 dmc.Badge(card["layer"] or "", variant="light", size="xs", className="card-layer")],
                gap=4,
                align="flex-start",
            ),
            dmc.Stack([_gpus(card), _utilization(card), price_stat(card, model), _token(card)], gap="sm", mt="sm"),
        ],
        withBorder=True,
        radius="md",
        padding="md",
        className="network-card",
        id=f"card-{card['network']}",
    )
