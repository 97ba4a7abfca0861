"""One GPU model across every network and cloud: inventory by measure, prices against the cloud baseline, history, a one-node quote."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlencode

import dash_mantine_components as dmc
import polars as pl
from dash import dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.provenance import kind_badge, missing, provenance
from computescope.explorer.data import db
from computescope.explorer.figures.gpu import drawable, provider_prices, series_label, series_lines
from computescope.explorer.gpuview import GpuView, UnknownModel, gpu_view, resolve
from computescope.quoting.request import NODE_GPUS

register_page(__name__, path_template="/gpus/<model>", name="GPU model", title="computescope · GPU model", nav=False)

GRAPH = {"displaylogo": False}
NOWRAP = {"whiteSpace": "nowrap"}  # every column but the last (the source) keeps its figure on one line


def _usd(value: float | None) -> str:
    """USD in a column whose header names the unit (USD/GPU-h)."""
    return fmt.DASH if value is None else f"${value:,.2f}"


def _table(header: list[str], rows: list[list[Any]], table_id: str) -> dmc.Table:
    return dmc.Table(
        [dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in header])),
         dmc.TableTbody([dmc.TableTr([dmc.TableTd(c, style=NOWRAP if i < len(r) - 1 else None) for i, c in enumerate(r)]) for r in rows])],
        striped=True, withTableBorder=True, id=table_id,
    )


def _section(title: str, *children: Any, section_id: str) -> dmc.Paper:
    return dmc.Paper([dmc.Title(title, order=4, mb="xs"), *children], withBorder=True, radius="md", p="md", mt="md", id=section_id)


def _source(row: dict[str, Any]) -> html.Span:
    badge = kind_badge(row["kind"])
    return html.Span([provenance(row["source"], row["source_url"], row["observed_at"]), badge or f" · {row['kind']}"])


def _unknown(message: str) -> html.Div:
    return html.Div([dmc.Title("No such GPU model", order=2, mt="md"), dmc.Text(message, id="gpu-unknown"),
                     dcc.Link("Every GPU model seen in the data", href="/gpus")])


def _inventory(view: GpuView) -> list[Any]:
    def rows(df: pl.DataFrame) -> list[list[Any]]:
        return [[r["network"], r["measure"], fmt.count(r["gpus"]), f"{r['observed_at']:%Y-%m-%d}", _source(r)] for r in df.iter_rows(named=True)]

    header = ["Network", "Measure", "GPUs", "As of", "Source · kind"]
    real, sim = view.real(view.inventory), view.simulated(view.inventory)
    out: list[Any] = [dmc.Text("One row per network and measure (registered, verified, active, available, total): measures count "
                               "different things and are never added together.", size="sm", c="dimmed", mb="xs")]
    out.append(_table(header, rows(real), "gpu-inventory") if real.height else
               dmc.Text(f"No real network publishes a count of {view.model} GPUs in the data yet.", c="dimmed", id="gpu-inventory"))
    if sim.height:
        out += [dmc.Title("Local network (simulated)", order=5, mt="sm"), _table(header, rows(sim), "gpu-inventory-simulated")]
    return out


def _stats(view: GpuView) -> dmc.SimpleGrid:
    cheapest = view.cheapest_network
    base = view.baseline
    median = base["usd_per_gpu_hour"] if base else None
    cloud = view.cheapest_cloud
    stats = [
        create_stat("Cheapest network", fmt.usd_per_gpu_hour(cheapest["usd_per_gpu_hour"]), cheapest,
                    f"{cheapest['provider_name']} · {cheapest['price_type'].replace('_', ' ')}", "gpu-cheapest-network")
        if cheapest else create_stat("Cheapest network", missing(f"no network publishes a {view.model} price in the data"), None),
        create_stat("Hyperscaler median", fmt.usd_per_gpu_hour(median), base, f"on-demand, AWS · GCP · Azure, {base['prices']} prices", "gpu-hyperscaler")
        if base else create_stat("Hyperscaler median", missing(f"no hyperscaler lists a {view.model}"), None),
        create_stat("Cheapest cloud offer", fmt.usd_per_gpu_hour(cloud["usd_per_gpu_hour"]), cloud,
                    f"{cloud['provider_name']} · {cloud['price_type'].replace('_', ' ')} · {cloud['region'] or 'any region'}", "gpu-cheapest-cloud")
        if cloud else create_stat("Cheapest cloud offer", missing(f"no cloud lists a {view.model} on demand"), None),
    ]
    if cheapest and median:
        discount = 1 - cheapest["usd_per_gpu_hour"] / median
        word = "cheaper" if discount >= 0 else "dearer"
        stats.append(create_stat("Network vs hyperscalers", fmt.pct(abs(discount)), None,
                                 f"{cheapest['provider_name']} {word} than the hyperscaler median (both figures beside)", "gpu-discount"))
    return dmc.SimpleGrid(stats, cols={"base": 1, "sm": 2, "lg": 4}, mt="md", id="gpu-stats")


def _prices(view: GpuView) -> list[Any]:
    if view.prices.is_empty():
        return [dmc.Text(f"No {view.model} price in the data yet.", c="dimmed", id="gpu-prices")]
    median = view.baseline["usd_per_gpu_hour"] if view.baseline else None
    chart = dcc.Graph(figure=provider_prices(view.prices, f"{view.model}: USD per GPU-hour by provider (headline price)", median),
                      config=GRAPH, id="gpu-price-bars")
    rows = [[dmc.Anchor(r["provider_name"], href=f"/providers/{r['provider']}", size="sm") if r["provider_kind"] == "network" else r["provider_name"],
             r["provider_kind"], r["price_type"].replace("_", " "), _usd(r["usd_per_gpu_hour"]),
             fmt.pct(r["vs_hyperscaler"]) if r["vs_hyperscaler"] is not None and r["kind"] != "simulated" else fmt.DASH,
             fmt.count(r["offers"]), _source(r)] for r in view.prices.iter_rows(named=True)]
    note = dmc.Text("Each provider's headline: the median of its newest prices of the most telling type (network bid median, then "
                    "on-demand, then list). vs hyperscaler: share cheaper than the hyperscaler median (negative = dearer); the simulated "
                    "local network is never compared.", size="sm", c="dimmed", mb="xs")
    header = ["Provider", "Provider kind", "Price type", "USD/GPU-h", "vs hyperscaler median", "Offers", "Source · kind"]
    return [note, chart, _table(header, rows, "gpu-prices")]


def _history(series: pl.DataFrame, keys: list[str], value: str, unit: Any, title: str, y_title: str, hover: str, ident: str) -> list[Any]:
    if series.is_empty():
        return [dmc.Text("No observation in the data yet.", c="dimmed", id=ident)]
    out: list[Any] = []
    if drawable(series, keys):
        out.append(dcc.Graph(figure=series_lines(series, keys, value, title, y_title, hover), config=GRAPH, id=ident))
    counts = series.group_by(keys).len()
    single = series.join(counts.filter(pl.col("len") == 1), on=keys)
    if single.height:
        rows = [[series_label(r, keys), unit(r[value]), f"{r['day']:%Y-%m-%d}", _source(r)]
                for r in single.sort(keys).iter_rows(named=True)]
        out += [dmc.Text("Single observations (a number with its date, not a line):", size="sm", c="dimmed", mt="xs"),
                _table(["Series", y_title, "Date", "Source · kind"], rows, f"{ident}-single")]
    return out


def _quote(view: GpuView) -> list[Any]:
    link = dcc.Link("Change the order on the Quote page", href="/quote?" + urlencode({"gpu": view.model, "count": NODE_GPUS, "hours": 1}))
    answer = view.quote
    if answer is None:
        return [dmc.Text(f"No quote: {view.quote_note}", c="dimmed", id="gpu-quote"), link]
    lines: list[Any] = []
    if answer.allocation is not None and answer.allocation.fills:
        fills = " + ".join(f"{answer.name(f.provider)} ({f.gpus} GPUs at ${f.usd_per_gpu_hour:.2f}/GPU-h)" for f in answer.allocation.fills)
        saving = f"; ${answer.hyperscaler.total_usd - answer.allocation.total_usd:,.2f} less than the cheapest hyperscaler" if answer.hyperscaler else ""
        lines.append(dmc.Text(f"Best: {fills} = ${answer.allocation.total_usd:,.2f} for the hour{saving}.", fw=500))
    else:
        lines.append(dmc.Text("No offer with known capacity fits one node of this model.", fw=500))
    rows = [[i, o.facts.provider_name, o.facts.label, o.facts.kind, o.facts.availability, f"${o.option.usd_per_gpu_hour:.2f}", f"${o.option.total_usd:,.2f}",
             f"{o.option.observed_at:%Y-%m-%d}" if o.option.observed_at else fmt.DASH] for i, o in enumerate(answer.options[:8], start=1)]
    if rows:
        lines.append(_table(["#", "Provider", "Offer", "Kind", "Availability", "USD/GPU-h", "Total (USD)", "Observed"], rows, "gpu-quote-options"))
    if answer.rejected:
        lines.append(dmc.Text(f"{len(answer.rejected)} offers of {view.model} cannot host one node; the Quote page names each one's reason.",
                              size="sm", c="dimmed"))
    return [dmc.Text(f"{NODE_GPUS} × {view.model} on one node for 1 hour, from the quote service ({answer.status}).", size="sm", c="dimmed"),
            html.Div(lines, id="gpu-quote"), link]


def layout(model: str | None = None, **_query: str) -> html.Div:
    try:
        name = resolve(unquote(model or ""))
    except (UnknownModel, ValueError) as exc:
        return _unknown(str(exc))
    view = gpu_view(db(), name)
    spec = view.catalogued
    badges = [dmc.Badge(t, variant="light") for t in ((spec.vendor, spec.gpu_class, " / ".join(f"{m:g} GB" for m in spec.memory_gb),
                                                       " / ".join(spec.interfaces).upper()) if spec else ("not in the catalogue",)) if t]
    util_title = f"{name}: GPU utilization per network (daily mean, fraction)"
    price_title = f"{name}: price history per provider and type (USD/GPU-h, daily median)"
    return html.Div([
        dmc.Group([dmc.Title(name, order=2, id="gpu-title"), *badges], mt="md"),
        dmc.Group([dcc.Link("All GPU models", href="/gpus"), dcc.Link("Every price", href="/prices?" + urlencode({"model": name})),
                   dcc.Link("Quote", href="/quote?" + urlencode({"gpu": name}))], gap="md", mb="sm"),
        _stats(view),
        _section("Inventory by measure", *_inventory(view), section_id="gpu-inventory-section"),
        _section("Price per provider, against the cloud baseline", *_prices(view), section_id="gpu-prices-section"),
        _section("Price history", *_history(view.price_history, ["provider", "price_type"], "usd_per_gpu_hour", _usd,
                                           price_title, "USD/GPU-h", "$%{y:.2f}/GPU-h", "gpu-price-history"), section_id="gpu-history-section"),
        _section("Utilization", *_history(view.utilization, ["network"], "utilization", fmt.pct, util_title, "Utilization",
                                         "%{y:.1%}", "gpu-utilization"), section_id="gpu-utilization-section"),
        _section(f"Quote for one node ({NODE_GPUS} × {name}, 1 hour)", *_quote(view), section_id="gpu-quote-section"),
    ])
