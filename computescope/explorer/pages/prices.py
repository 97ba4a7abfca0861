"""Prices: how much cheaper than the cloud, per GPU model? Networks and clouds side by side in USD per GPU-hour."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.controls import bind_url, create_copy_link, split_list, url_keys_store
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import KIND_REASONS, source_title
from computescope.explorer.data import frame, hyperscaler_median
from computescope.explorer.figures.empty import empty_figure
from computescope.explorer.figures.prices import price_history, provider_type_bars
from computescope.explorer.gpuview import gpu_href
from computescope.explorer.pricing import (
    baselines,
    filter_prices,
    parse_variant,
    provider_summary,
    variant_label,
    with_discounts,
)

register_page(__name__, path="/prices", name="Prices", title="computescope · Prices", order=3, nav=True)

PAGE = "prices"
URL_KEYS = ["model", "kind", "types", "regions"]
TYPES = [("on_demand", "On-demand"), ("spot", "Spot"), ("bid", "Network bids"), ("list", "List")]
PCT = {"function": "params.value == null ? '—' : (params.value * 100).toFixed(1) + '%'"}
USD = {"function": "params.value == null ? '—' : '$' + params.value.toFixed(2)"}
COLUMNS = [
    {"field": "provider_name", "headerName": "Provider", "pinned": "left", "minWidth": 130, "cellRenderer": "markdown"},
    {"field": "gpu_model", "headerName": "Model", "cellRenderer": "markdown"},
    {"field": "provider_kind", "headerName": "Provider kind"},
    {"field": "kind", "headerName": "Data kind", "tooltipField": "kind_reason"},
    {"field": "price_type", "headerName": "Price type"},
    {"field": "usd_per_gpu_hour", "headerName": "USD/GPU-h", "type": "numericColumn", "valueFormatter": USD, "sort": "asc"},
    {"field": "vs_hyperscaler", "headerName": "vs hyperscaler median (% cheaper)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "vs_cheapest_cloud", "headerName": "vs cheapest cloud (% cheaper)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "region", "headerName": "Region", "tooltipField": "region_name"},  # the macro-region; the provider's own name on hover
    {"field": "zone", "headerName": "Zone"},
    {"field": "vram_gb", "headerName": "VRAM (GB)", "type": "numericColumn"},
    {"field": "interface", "headerName": "Interface"},
    {"field": "instance_type", "headerName": "Instance"},
    {"field": "gpu_count", "headerName": "GPUs in instance", "type": "numericColumn"},
    {"field": "source_label", "headerName": "Source", "tooltipField": "source_url", "minWidth": 200},
    {"field": "observed", "headerName": "Observed (UTC)"},
]


def variants() -> list[dict[str, str]]:
    """Every model over all its memory sizes (the grain of the shared metrics), then each priced variant."""
    models = frame("price_models")
    whole = models.group_by("gpu_model", maintain_order=True).agg(pl.len().alias("sizes"))
    out = [{"value": r["gpu_model"], "label": f"{r['gpu_model']} · all memory sizes"} for r in whole.iter_rows(named=True) if r["sizes"] > 1]
    return out + [{"value": f"{r['gpu_model']}|{r['vram_gb']:g}" if r["vram_gb"] else r["gpu_model"],
                   "label": f"{variant_label(r['gpu_model'], r['vram_gb'])} · {r['providers']} providers"}
                  for r in models.iter_rows(named=True) if r["vram_gb"] or r["gpu_model"] not in set(whole.filter(pl.col("sizes") > 1)["gpu_model"])]


def layout(model: str | None = None, kind: str | None = None, types: str | None = None, regions: str | None = None, **_q: str) -> html.Div:
    options = variants()
    values = {o["value"] for o in options}
    chosen = model if model in values else ("H100" if "H100" in values else (options[0]["value"] if options else None))
    return html.Div(
        [
            url_keys_store(PAGE, URL_KEYS),
            dmc.Group([dmc.Title("GPU prices: networks against the clouds", order=2), create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text("How much cheaper than the cloud, per GPU model? Every price is USD per GPU-hour: instance price ÷ GPUs in it; "
                     "network prices are the network's own statistics.", c="dimmed", mb="sm"),
            dmc.Group(
                [
                    dmc.Select(id="prices-model", label="GPU model", data=options, value=chosen, searchable=True, allowDeselect=False, w=260),
                    dmc.SegmentedControl(id="prices-kind", value=kind if kind in ("network", "cloud") else "all",
                                         data=[{"value": "all", "label": "All"}, {"value": "network", "label": "Networks"}, {"value": "cloud", "label": "Clouds"}],
                                         **{"aria-label": "provider kind"}),
                    dmc.MultiSelect(id="prices-types", label="Price types", data=[{"value": v, "label": lbl} for v, lbl in TYPES],
                                    value=split_list(types) or [v for v, _ in TYPES], w=300, clearable=True),
                    dmc.MultiSelect(id="prices-regions", label="Regions (clouds)", data=[], value=split_list(regions), searchable=True,
                                    clearable=True, placeholder="all regions", w=300),
                ],
                align="flex-end",
                gap="md",
            ),
            dcc.Loading(html.Div(id="prices-kpis"), type="dot"),
            dmc.Paper(dcc.Loading(dcc.Graph(id="prices-bars", config={"displaylogo": False})), withBorder=True, p="sm", mt="md"),
            dmc.Paper(dcc.Loading(dcc.Graph(id="prices-history", config={"displaylogo": False})), withBorder=True, p="sm", mt="md"),
            dmc.Title("Every price", order=4, mt="lg", mb="xs"),
            create_grid("prices-grid", [], COLUMNS, height=460, file_name="prices.csv"),
        ]
    )


def kpis(model: str, data: pl.DataFrame, median: dict[str, Any] | None) -> dmc.SimpleGrid:
    """The page's four figures, each with its source, age and kind: the same definitions as the GPU model's page."""
    base = baselines(data)
    network, cloud = base.cheapest_network_row, base.cheapest_cloud_row
    usd = median["usd_per_gpu_hour"] if median else None
    discount = 1 - network["usd_per_gpu_hour"] / usd if network and usd else None
    return dmc.SimpleGrid(
        [
            create_stat("Cheapest network", fmt.usd_per_gpu_hour(network["usd_per_gpu_hour"]) if network else fmt.DASH, network,
                        f"{network['provider_name']} · {network['price_type'].replace('_', ' ')}" if network else "no network price",
                        "prices-kpi-network"),
            create_stat("Hyperscaler median", fmt.usd_per_gpu_hour(usd), median if median and "source" in median else None,
                        "on-demand, AWS · GCP · Azure, all regions", "prices-kpi-hyper"),
            create_stat("Cheapest cloud", fmt.usd_per_gpu_hour(cloud["usd_per_gpu_hour"]) if cloud else fmt.DASH, cloud,
                        f"{cloud['provider_name']} · {cloud['price_type'].replace('_', ' ')} · {cloud['region'] or 'any region'}" if cloud
                        else "no cloud price", "prices-kpi-cloud"),
            create_stat("Network vs hyperscalers", fmt.pct(abs(discount)) if discount is not None else fmt.DASH, None,
                        f"{network['provider_name']} {'cheaper' if discount >= 0 else 'dearer'} than the hyperscaler median"
                        if network and discount is not None else "no figure to compare", "prices-kpi-discount"),
        ],
        cols={"base": 2, "md": 4},
        mt="md",
        **{"aria-label": f"{model} price summary"},
    )


@callback(
    Output("prices-kpis", "children"),
    Output("prices-bars", "figure"),
    Output("prices-history", "figure"),
    Output({"type": "grid", "grid": "prices-grid"}, "rowData"),
    Output("prices-regions", "data"),
    Input("prices-model", "value"),
    Input("prices-kind", "value"),
    Input("prices-types", "value"),
    Input("prices-regions", "value"),
)
def update(variant: str | None, kind: str, types: list[str] | None, regions: list[str] | None) -> tuple[Any, ...]:
    model, vram = parse_variant(variant)
    label = variant_label(model, vram)
    latest = frame("prices_for_model", {"model": model, "vram": vram})
    real = latest.filter(pl.col("kind") != "simulated")  # the local network is shown, labelled, but never a baseline
    region_options = sorted(r for r in latest.filter(pl.col("provider_kind") == "cloud")["region"].unique().to_list() if r)
    data = filter_prices(latest, [] if kind == "all" else [kind], types or [], regions or [])
    if data.is_empty():
        empty = dmc.Alert(f"No {label} prices match these filters.", color="gray", mt="md", id="prices-empty")
        blank = empty_figure(f"{label}: prices", "no prices match these filters")
        return empty, blank, blank, [], region_options
    # the model's hyperscaler median is the shared metric; a single memory size takes the median of its own rows
    shared = hyperscaler_median(model) if vram is None else None
    real_base = baselines(real)
    median = shared or ({"usd_per_gpu_hour": real_base.hyperscaler_median} if real_base.hyperscaler_median is not None else None)
    discounted = with_discounts(data, replace(real_base, hyperscaler_median=median["usd_per_gpu_hour"] if median else None))
    rows = discounted.with_columns(
        pl.Series("gpu_model", [f"[{m}]({gpu_href(m)})" for m in discounted["gpu_model"]], dtype=pl.Utf8),
        # a network's name opens its providers and their history
        pl.Series("provider_name", [f"[{n}](/providers/{p})" if k == "network" else n for n, p, k in
                                    zip(discounted["provider_name"], discounted["provider"], discounted["provider_kind"], strict=True)], dtype=pl.Utf8),
        pl.Series("source_label", [source_title(s, u) for s, u in zip(discounted["source"], discounted["source_url"], strict=True)], dtype=pl.Utf8),
        pl.col("observed_at").dt.strftime("%Y-%m-%d %H:%M").alias("observed"),
        pl.col("kind").replace_strict(KIND_REASONS, default="observed: read from a live source").alias("kind_reason"),
    ).drop("observed_at")
    history = frame("price_history", {"model": model, "vram": vram})
    history = filter_prices(history.with_columns(pl.lit("").alias("region")), [] if kind == "all" else [kind], types or [], [])
    bars = provider_type_bars(provider_summary(data), f"{label}: USD per GPU-hour by provider and price type", median["usd_per_gpu_hour"] if median else None)
    return kpis(label, data.filter(pl.col("kind") != "simulated"), median), bars, price_history(history, f"{label}: price history (USD/GPU-h, daily median)"), rows.to_dicts(), region_options


bind_url(PAGE, [Input("prices-model", "value"), Input("prices-kind", "value"), Input("prices-types", "value"), Input("prices-regions", "value")])
