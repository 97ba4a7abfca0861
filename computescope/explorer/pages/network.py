"""A network's page: its place in the framework, live metrics, token summary, published figures and sources."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import dcc, html, register_page

from computescope.core.catalog.networks import REAL_NETWORKS as NETWORKS
from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat, price_stat
from computescope.explorer.components.provenance import missing, provenance, source_title
from computescope.explorer.data import frame, metrics, missing_reason, network_cards
from computescope.explorer.figures.inventory import inventory_history
from computescope.explorer.theme import color_for

register_page(__name__, path_template="/networks/<slug>", name="Network", title="computescope · Network", nav=False)


PUBLISHED_GRAIN = "network · newest publication"
SELF_UNITS = ("USD", "USD/year", "USD/GPU-h", "fraction")  # units the formatted value already says


def _value(row: dict[str, Any]) -> str:
    """A published figure in the format every page shows its metric in, with its unit unless the format says it."""
    return fmt.metric(row) if row["unit"] in SELF_UNITS else f"{fmt.metric(row)} {row['unit'] or ''}".strip()


def _kv_table(pairs: list[tuple[str, Any]]) -> dmc.Table:
    return dmc.Table(
        dmc.TableTbody([dmc.TableTr([dmc.TableTh(k, w=200), dmc.TableTd(v if v not in (None, "") else fmt.DASH)]) for k, v in pairs]),
        striped=True,
        withTableBorder=True,
    )


def _rows_table(header: list[str], rows: list[list[Any]], table_id: str) -> dmc.Table:
    return dmc.Table(
        [dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in header])), dmc.TableTbody([dmc.TableTr([dmc.TableTd(c) for c in r]) for r in rows])],
        striped=True,
        withTableBorder=True,
        id=table_id,
    )


def _section(title: str, *children: Any) -> dmc.Paper:
    return dmc.Paper([dmc.Title(title, order=4, mb="xs"), *children], withBorder=True, radius="md", p="md", mt="md")


def _unknown(slug: str) -> html.Div:
    known = ", ".join(f"/networks/{s}" for s in NETWORKS)
    return html.Div([dmc.Title("No such network", order=2, mt="md"), dmc.Text(f"{slug!r} is not one of the networks we track: {known}.")], id="network-unknown")


def layout(slug: str | None = None, **_query: str) -> html.Div:
    if slug not in NETWORKS:
        return _unknown(str(slug))
    card = next(c for c in network_cards("H100") if c["network"] == slug)
    meta = frame("networks_list").filter(network=slug).to_dicts()
    info = meta[0] if meta else {}
    token = card["token"] or {}
    token_model = fmt.metric(card["token_model"]) if card["token_model"] else None
    history = frame("network_inventory_history", {"network": slug})
    # the network's other published figures, each the newest publication of its one metric (sql/views/metrics.sql)
    facts = metrics(slug).filter(grain=PUBLISHED_GRAIN).sort("observed_at", "name", descending=[True, False])
    revenue = frame("network_revenue", {"network": slug})
    sources = frame("network_sources", {"network": slug})

    gpu_stats = [create_stat(f"GPUs ({measure}, {r['observed_at']:%Y-%m-%d})", fmt.metric(r), r) for measure, r in card["gpus"].items()] or [
        create_stat("GPUs", missing(missing_reason(slug, "gpus")), None)
    ]
    util = card["utilization"]
    util_stat = create_stat("GPU utilization", fmt.metric(util), util) if util else create_stat(
        "GPU utilization", missing(missing_reason(slug, "utilization")), None
    )
    chart: Any = dmc.Text("One observation or none: no history to draw yet.", size="sm", c="dimmed")
    if history.height > 1:
        chart = dcc.Graph(figure=inventory_history(history, f"{card['name']}: published GPU counts (GPUs, log scale)", color_for(slug)), config={"displaylogo": False})

    return html.Div(
        [
            html.Div(className="page-accent", style={"background": color_for(slug)}),
            dmc.Group([dmc.Title(card["name"], order=2, id="network-title"), dmc.Badge(info.get("layer") or "", variant="light"), dmc.Badge(token_model or "", variant="outline")], mt="md"),
            dmc.Group([dmc.Anchor("website", href=info.get("website") or "#", target="_blank"), dmc.Anchor("explorer", href=info.get("explorer_url") or "#", target="_blank"), dmc.Anchor("providers and their history", href=f"/providers/{slug}", id="network-providers")], gap="md", mb="sm"),
            dmc.SimpleGrid([*gpu_stats, util_stat, price_stat(card, "H100")], cols={"base": 1, "sm": 2, "lg": 4}, id="network-metrics"),
            _section(
                "In the framework",
                _kv_table([
                    ("Supply mainly from", info.get("supply_source")), ("Customers mainly", info.get("customers")), ("Layer", info.get("layer")),
                    ("Main business", info.get("main_business")), ("Token model", token_model),
                ]),
                dmc.Text(provenance(info.get("source"), info.get("source_url"), info.get("observed_at")), size="xs", c="dimmed", mt=4),
            ),
            _section("GPU counts over time", chart),
            _section(
                f"Token · {card['symbol'] or 'none'}",
                _kv_table([
                    ("Chain", token.get("chain")), ("Max supply", fmt.tokens(token.get("max_supply"), card["symbol"] or "") if token.get("max_supply") else "no cap"),
                    ("Circulating", fmt.tokens(token.get("circulating"), card["symbol"] or "") if token.get("circulating") else None),
                    ("Emission", token.get("emission")), ("Burn", token.get("burn_rule")), ("Staking", token.get("staking_rule")),
                ]) if token else dmc.Text("No token facts in the data yet.", c="dimmed"),
            ),
            _section(
                "Published figures",
                _rows_table(
                    ["Figure", "Value", "As of", "Source"],
                    [[html.Span(r["name"].replace("_", " "), title=r["name"]), html.Span(_value(r), id=f"network-fact-{r['name']}"),
                      f"{r['observed_at']:%Y-%m-%d}", provenance(r["source"], r["source_url"], r["observed_at"])] for r in facts.iter_rows(named=True)],
                    "network-facts",
                ) if facts.height else dmc.Text("No other published figures.", c="dimmed"),
            ),
            _section(
                "Revenue (USD)",
                _rows_table(
                    ["Period", "Metric", "USD", "Source"],
                    [[f"{r['period']} from {r['period_start']:%Y-%m-%d}", r["metric"], fmt.usd(r["usd"]), provenance(r["source"], r["source_url"], r["observed_at"])]
                     for r in revenue.iter_rows(named=True)],
                    "network-revenue",
                ) if revenue.height else dmc.Text("No revenue figure published." if slug != "aethir" else "Aethir's revenue is undisclosed beyond company claims.", c="dimmed"),
            ),
            _section(
                "Data sources and their ages",
                _rows_table(
                    ["Dataset", "Source", "Rows", "Newest"],
                    [[r["dataset"], html.A(source_title(r["source"], r["source_url"]), href=r["source_url"], target="_blank") if r["source_url"] else source_title(r["source"]),
                      fmt.count(r["rows"]), f"{fmt.exact_time(r['newest'])} ({fmt.age(r['newest'])})"] for r in sources.iter_rows(named=True)],
                    "network-sources",
                ),
            ),
        ]
    )
