"""A token's page: real supply, burns and emissions, P* against the price, and the BME / SFA what-if simulator."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import dash_mantine_components as dmc
from dash import Input, Output, callback, dcc, html, no_update, register_page

from computescope.core.catalog.networks import BY_SLUG
from computescope.core.tokenomics.params import describe_params
from computescope.explorer import fmt
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.provenance import kind_badge, provenance
from computescope.explorer.data import frame, metric_index, metrics
from computescope.explorer.figures.tokens import (
    MODEL_LABEL,
    burn_vs_emission,
    pstar_vs_price,
    simulation_bands,
    supply_series,
)
from computescope.explorer.scenario import DEFAULT_RUN, SCENARIOS_KEPT, ScenarioError, run_scenario
from computescope.explorer.tokenview import balance

register_page(__name__, path_template="/tokens/<symbol>", name="Token", title="computescope · Token", nav=False)

PAGE = "token"
FIELDS: list[tuple[str, str, dict[str, Any]]] = [
    ("years", "Years", {"min": 1, "max": 20, "step": 1}),
    ("runs", "Monte Carlo runs", {"min": 1, "max": 1000, "step": 50}),
    ("seed", "Seed", {"min": 0, "step": 1}),
    ("demand_growth", "Demand growth (per year)", {"min": -1, "max": 5, "step": 0.05, "decimalScale": 3}),
    ("demand_volatility", "Demand volatility", {"min": 0, "max": 2, "step": 0.05, "decimalScale": 3}),
    ("emission_per_year", "Emission (tokens/year)", {"min": 0, "step": 1_000_000, "thousandSeparator": ","}),
    ("stake_per_gpu", "Stake per GPU (tokens)", {"min": 0, "step": 100, "thousandSeparator": ","}),
]
URL_KEYS = [name for name, _, _ in FIELDS] + ["price_model"]


def _token(symbol: str) -> dict[str, Any] | None:
    rows = frame("tokens_list").filter(symbol=symbol.upper()).to_dicts()
    return rows[0] if rows else None


def _facts(token: dict[str, Any], index: dict[tuple[str, str | None], dict[str, Any]]) -> dmc.Table:
    pairs = [("Network", token["network"]), ("Chain", token["chain"]), ("Token model", fmt.metric(index.get(("token_model", token["symbol"])))),
             ("Max supply", fmt.tokens(token["max_supply"], token["symbol"]) if token["max_supply"] else "no cap"),
             ("Circulating", fmt.tokens(token["circulating"], token["symbol"]) if token["circulating"] else fmt.DASH),
             ("Emission", token["emission"]), ("Burn", token["burn_rule"]), ("Staking", token["staking_rule"])]
    return dmc.Table(dmc.TableTbody([dmc.TableTr([dmc.TableTh(k, w=160), dmc.TableTd(v or fmt.DASH)]) for k, v in pairs]), striped=True, withTableBorder=True)


def _series(symbol: str) -> list[Any]:
    flows = frame("token_flow_series", {"symbol": symbol})
    table = balance(flows)
    supply = frame("token_supply_api", {"symbol": symbol})
    out: list[Any] = []
    if table.height:
        last = table.tail(1).row(0, named=True)
        out += [
            dmc.SimpleGrid([
                _stat("Burned ÷ emitted, newest period", fmt.pct(last["coverage"]), f"period {last['period']}", "token-period-coverage"),
                _stat("Net supply change", f"{last['net_change']:+,.0f} {symbol}", f"period {last['period']}", "token-net"),
                _stat("P* (equilibrium price)", f"${last['p_star']:.4f}" if last["p_star"] is not None else fmt.DASH, "demand USD ÷ emitted tokens", "token-pstar"),
                _stat("Price paid in burns", f"${last['burn_price']:.4f}" if last["burn_price"] is not None else fmt.DASH, "burn USD ÷ burned tokens", "token-burnprice"),
            ], cols={"base": 2, "md": 4}, mt="md"),
            dmc.Paper(dcc.Graph(id="token-burns", figure=burn_vs_emission(table, symbol), config={"displaylogo": False}), withBorder=True, p="sm", mt="md"),
            dmc.Paper(dcc.Graph(id="token-pstar-chart", figure=pstar_vs_price(table, symbol), config={"displaylogo": False}), withBorder=True, p="sm", mt="md"),
        ]
    else:
        out.append(dmc.Alert(f"No burn and emission series for {symbol} in the data yet: the network publishes none, or its source has not run (see Status).", color="gray", mt="md"))
    if supply.height:
        out.append(dmc.Paper(dcc.Graph(id="token-supply", figure=supply_series(supply, symbol), config={"displaylogo": False}), withBorder=True, p="sm", mt="md"))
    if flows.height:
        newest = flows.sort("observed_at").tail(1).row(0, named=True)
        out.append(dmc.Text(f"Sources: {', '.join(sorted(set(', '.join(flows['source']).split(', '))))}; newest observation {fmt.exact_time(newest['observed_at'])} ({fmt.age(newest['observed_at'])}).", size="xs", c="dimmed"))
    return out


def _stat(label: str, value: str, detail: Any, stat_id: str, kind: str | None = None) -> dmc.Paper:
    badge = kind_badge(kind)
    return dmc.Paper([dmc.Text([label, badge] if badge else label, size="xs", c="dimmed", tt="uppercase", fw=600),
                      html.Div(value, className="stat-value", id=stat_id), dmc.Text(detail, size="xs", c="dimmed")], withBorder=True, p="sm")


SHARED = [("token_model", "Token model", "token-model"), ("token_emission_next_year", "Emission, next 12 months (tokens)", "token-emission"),
          ("token_burned_total", "Burned, all time (tokens)", "token-burned"), ("demand_coverage", "Demand ÷ emissions (yearly, USD)", "token-coverage")]


def _shared(symbol: str, index: dict[tuple[str, str | None], dict[str, Any]]) -> dmc.SimpleGrid:
    """The token's figures from the metrics layer: the same value, format and kind as on every other page."""
    stats = []
    for name, label, stat_id in SHARED:
        row = index.get((name, symbol))
        detail = provenance(row["source"], row["source_url"], row["observed_at"]) if row and row["observed_at"] else (
            "calibration value" if row else "not in the data yet")
        stats.append(_stat(label, fmt.metric(row), detail, stat_id, row["kind"] if row else None))
    return dmc.SimpleGrid(stats, cols={"base": 2, "md": 4}, mt="md")


def layout(symbol: str | None = None, **query: str) -> html.Div:
    token = _token(symbol or "")
    if token is None:
        return html.Div([dmc.Title("No such token", order=2, mt="md"), dmc.Text(f"{symbol!r} is not a token we track."), dmc.Anchor("All tokens", href="/tokens")], id="token-unknown")
    sym = token["symbol"]
    defaults = {**DEFAULT_RUN, **{k: v for k, v in query.items() if k in URL_KEYS}}
    inputs = [dmc.NumberInput(id=f"token-{name}", label=label, value=_as_number(defaults.get(name)), w=170, placeholder="calibrated", **props)
              for name, label, props in FIELDS]
    index = metric_index(metrics())
    head = [
        dmc.Group([dmc.Title(f"{sym} · {token['name'] or token['network']}", order=2, id="token-title"),
                   dmc.Badge(fmt.metric(index.get(("token_model", sym))), variant="light")], mt="md"),
        _facts(token, index),
        _shared(sym, index),
        *_series(sym),
    ]
    network = BY_SLUG.get(token["network"])
    if network is not None and network.simulated:
        # the local network's token: its own figures, marked simulated, and no calibration to run a what-if from
        banner = dmc.Alert(f"{sym} is simulated: the local network's token, minted and burned on this machine. Its figures are never "
                           "added into real totals.", color="violet", title="Simulated", mt="sm", id="token-simulated")
        return html.Div([head[0], banner, *head[1:]])
    params = describe_params(token["network"])
    return html.Div(
        [
            url_keys_store(PAGE, URL_KEYS),
            dcc.Store(id="token-symbol", data={"symbol": sym, "network": token["network"]}),
            *head,
            dmc.Title("What if? Supply, float and provider income", order=3, mt="xl"),
            dmc.Text("Monte Carlo runs of the network's calibrated model against burn-and-mint and stake-for-access, same demand. "
                     "Leave a field empty to keep the calibrated value; the link reproduces the scenario.", c="dimmed", size="sm"),
            dmc.Group([*inputs, dmc.Select(id="token-price_model", label="Price path", value=defaults.get("price_model"), clearable=True, w=170, placeholder="calibrated",
                                           data=[{"value": "reflexive", "label": "reflexive"}, {"value": "gbm", "label": "random walk (GBM)"}]),
                       create_copy_link(PAGE)], align="flex-end", gap="sm", mt="sm"),
            html.Div(id="token-sim-error"),
            dcc.Loading([html.Div(id="token-sim-summary"),
                         dmc.SimpleGrid([dcc.Graph(id="token-sim-supply"), dcc.Graph(id="token-sim-float"), dcc.Graph(id="token-sim-income"), dcc.Graph(id="token-sim-price")], cols={"base": 1, "lg": 2})]),
            dmc.Title("Calibration and its sources", order=4, mt="lg"),
            dmc.Table([dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in ("Parameter", "Value", "Unit", "Source", "Assumption")])),
                       dmc.TableTbody([dmc.TableTr([dmc.TableTd(p["name"]), dmc.TableTd(str(p["value"])), dmc.TableTd(p["unit"]), dmc.TableTd(p["source"]),
                                                    dmc.TableTd(p["note"] if p["assumption"] else "")]) for p in params])],
                      striped=True, withTableBorder=True, fz="xs", id="token-params"),
        ]
    )


def _as_number(value: Any) -> float | int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


@callback(
    Output("token-sim-supply", "figure"), Output("token-sim-float", "figure"), Output("token-sim-income", "figure"), Output("token-sim-price", "figure"),
    Output("token-sim-summary", "children"), Output("token-sim-error", "children"),
    Input("token-symbol", "data"), *[Input(f"token-{name}", "value") for name in URL_KEYS],
)
def simulate_view(token: dict[str, str], *values: Any) -> tuple[Any, ...]:
    query = tuple((name, str(v)) for name, v in zip(URL_KEYS, values, strict=True) if v not in (None, ""))
    return _simulated(str(token["symbol"]), str(token["network"]), query)


@lru_cache(maxsize=SCENARIOS_KEPT)
def _simulated(sym: str, network: str, query: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:
    """The simulator's figures for one parameter set, drawn once: they depend on the parameters alone, not on the data."""
    try:
        scenario = run_scenario(sym, network, dict(query), strict=True)
    except ScenarioError as exc:
        alert = dmc.Alert(str(exc), color="red", title="Check the parameters", id="token-sim-alert")
        return no_update, no_update, no_update, no_update, no_update, alert
    steps = scenario.steps_per_year
    figures = [
        simulation_bands({m: b["supply"] for m, b in scenario.bands.items()}, "supply", f"{sym}: supply (tokens)", sym, steps),
        simulation_bands({m: b["float"] for m, b in scenario.bands.items()}, "float", f"{sym}: float, not staked (tokens)", sym, steps),
        simulation_bands({m: b["provider_income_usd"] for m, b in scenario.bands.items()}, "income", "Provider income per step (USD)", "USD", steps),
        simulation_bands({m: b["price"] for m, b in scenario.bands.items()}, "price", f"{sym}: price (USD)", "USD", steps),
    ]
    lines = [f"{MODEL_LABEL[m]}: median supply after {scenario.years} y {scenario.final(m, 'supply')['p50']:,.0f} {sym} "
             f"(5–95 %: {scenario.final(m, 'supply')['p05']:,.0f} – {scenario.final(m, 'supply')['p95']:,.0f})" for m in scenario.bands]
    summary = dmc.Stack([dmc.Text(line, size="sm") for line in lines], gap=2, mt="sm", id="token-sim-text")
    return *figures, summary, None


bind_url(PAGE, [Input(f"token-{name}", "value") for name in URL_KEYS])
