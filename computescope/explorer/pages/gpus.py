"""GPU models: every model seen in any price, inventory or utilization, with its offers and cheapest price; each links to its page."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.provenance import kind_badge, provenance
from computescope.explorer.data import frame
from computescope.explorer.gpuview import gpu_href

register_page(__name__, path="/gpus", name="GPUs", title="computescope · GPU models", order=3.5, nav=True)

HEADER = ["Model", "Seen in", "Offers", "Networks", "Clouds", "Cheapest (USD/GPU-h)", "Cheapest from", "Source", "Local network (simulated)"]


def _cheapest(row: dict[str, Any]) -> list[Any]:
    if row["cheapest_usd"] is None:
        return [fmt.DASH, "no price in the data", ""]
    badge = kind_badge(row["cheapest_kind"])
    return [
        f"${row['cheapest_usd']:,.2f}",
        html.Span([f"{row['cheapest_provider']} · {row['cheapest_price_type'].replace('_', ' ')}", badge] if badge else
                  f"{row['cheapest_provider']} · {row['cheapest_price_type'].replace('_', ' ')}"),
        provenance(row["cheapest_source"], row["cheapest_source_url"], row["cheapest_observed_at"]),
    ]


def _simulated(row: dict[str, Any]) -> Any:
    if not row["simulated_offers"]:
        return fmt.DASH
    price = f"{fmt.usd_per_gpu_hour(row['simulated_usd'])} · " if row["simulated_usd"] is not None else ""
    when = f" · {row['simulated_observed_at']:%Y-%m-%d}" if row["simulated_observed_at"] else ""
    return html.Span([f"{price}{row['simulated_offers']} offers{when}", kind_badge("simulated")])


def layout(**_query: str) -> html.Div:
    models = frame("gpu_index")
    rows = [
        dmc.TableTr([
            dmc.TableTd(dcc.Link(r["gpu_model"], href=gpu_href(r["gpu_model"]), className="gpu-link")),
            dmc.TableTd(r["seen_in"]),
            dmc.TableTd(fmt.count(r["offers"]), ta="right"),
            dmc.TableTd(fmt.count(r["networks"]), ta="right"),
            dmc.TableTd(fmt.count(r["clouds"]), ta="right"),
            *[dmc.TableTd(c) for c in _cheapest(r)],
            dmc.TableTd(_simulated(r)),
        ])
        for r in models.iter_rows(named=True)
    ]
    table: Any = dmc.Table(
        [dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in HEADER])), dmc.TableTbody(rows)],
        striped=True, highlightOnHover=True, withTableBorder=True, id="gpus-table",
    ) if rows else dmc.Alert("No GPU model is in the data yet: load the snapshot or run a source (see Status).", color="gray", id="gpus-empty")
    return html.Div([
        dmc.Title("GPU models", order=2, mt="md"),
        dmc.Text("Every GPU model seen in a price, an inventory count or a utilization figure. Offers are the newest real price rows "
                 "(provider × variant × region × type); the cheapest is the lowest price that can stand for its provider: a cloud's "
                 "on-demand or list price (not spot), a network's list, on-demand or bid price (not its lowest bid), as on Prices. The simulated local network is counted apart and never in the real figures.",
                 c="dimmed", mb="sm"),
        dmc.ScrollArea(table, type="auto"),
    ])
