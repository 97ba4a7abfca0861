"""Node verification figures: pure DataFrame -> Figure builders (availability per hour, challenge latency, reputation and stake)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import plotly.graph_objects as go
import polars as pl

PASS, FAIL, WARN = "#009E73", "#D55E00", "#E69F00"


def availability_timeline(timeline: pl.DataFrame, title: str, sla: float) -> go.Figure:
    """One bar per UTC hour: the share of expected 60 s slots the node was up (grace applied); no bar before registration."""
    data = timeline.filter(pl.col("availability").is_not_null())
    pct = (data["availability"] * 100).to_list()
    fig = go.Figure(
        go.Bar(
            x=data["hour"].to_list(),
            y=pct,
            marker_color=[PASS if v >= sla * 100 else (WARN if v >= 90 else FAIL) for v in pct],
            customdata=data["expected_slots"].to_list(),
            hovertemplate="%{x|%Y-%m-%d %H:00} UTC: %{y:.1f}% of %{customdata:,} slots<extra></extra>",
        )
    )
    # the SLA line as a plain layout shape (add_hline's axis-spanning machinery costs more than the whole figure)
    fig.update_layout(title=title, yaxis_title="availability (%)", yaxis_range=[0, 102], height=300, showlegend=False, bargap=0.05,
                      shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": sla * 100, "y1": sla * 100,
                               "line": {"dash": "dot", "color": "#666"}}],
                      annotations=[{"text": f"SLA {sla * 100:.1f}%", "xref": "paper", "x": 1, "xanchor": "right", "yref": "y",
                                    "y": sla * 100, "yanchor": "top", "showarrow": False}])
    if timeline.height:
        # The whole period stays on the axis, so hours with no bar read as "not yet registered", not as missing data.
        fig.update_xaxes(type="date", range=[timeline["hour"].min(), timeline["hour"].max() + timedelta(hours=1)])
    if data.is_empty():
        fig.add_annotation(text="no full 60 s slot since registration yet", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    return fig


def challenge_latency(challenges: pl.DataFrame, title: str) -> go.Figure:
    """Issue-to-commitment latency of each settled challenge in milliseconds, coloured by verdict."""
    fig = go.Figure()
    settled = challenges.filter(pl.col("verdict").is_not_null())
    for verdict, color, symbol in (("pass", PASS, "circle"), ("fail", FAIL, "x")):
        part = settled.filter(pl.col("verdict") == verdict)
        if part.is_empty():
            continue
        latency = part["latency_s"].fill_null(0.0) * 1000
        fig.add_trace(
            go.Scatter(
                x=part["issued_at"].to_list(),
                y=latency.to_list(),
                mode="markers",
                name=verdict,
                marker={"color": color, "symbol": symbol, "size": 9},
                customdata=list(zip(part["n"].to_list(), part["reason"].fill_null("").to_list(), strict=True)),
                hovertemplate=f"{verdict}: %{{y:,.1f}} ms<br>n = %{{customdata[0]}} %{{customdata[1]}}<br>%{{x|%Y-%m-%d %H:%M:%S}} UTC<extra></extra>",
            )
        )
    fig.update_layout(title=title, yaxis_title="latency (ms)", yaxis_rangemode="tozero", height=300)
    return fig


def reputation_stake(events: pl.DataFrame, title: str, now: float | None = None) -> go.Figure:
    """Reputation after each outcome (%) and the stake it leaves (local ledger units), over time; both held until `now`
    (epoch seconds), so a node whose every event fell in one moment still reads across the time since."""
    data = events.sort("observed_at", *(["step"] if "step" in events.columns else []))
    rep = data.filter(pl.col("kind") == "reputation")
    moves = data.filter(pl.col("kind").is_in(["bond", "slash"])).with_columns(
        pl.when(pl.col("kind") == "slash").then(-pl.col("amount")).otherwise(pl.col("amount")).cum_sum().alias("stake")
    )
    if now is not None:
        until = datetime.fromtimestamp(now, UTC)
        rep = pl.concat([rep, rep.tail(1).with_columns(pl.lit(until).cast(rep.schema["observed_at"]).alias("observed_at"))])
        moves = pl.concat([moves, moves.tail(1).with_columns(pl.lit(until).cast(moves.schema["observed_at"]).alias("observed_at"))])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=rep["observed_at"].to_list(), y=(rep["value"] * 100).to_list(), name="reputation (%)", mode="lines+markers",
                             line={"shape": "hv", "color": "#0072B2"}, hovertemplate="reputation %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(x=moves["observed_at"].to_list(), y=moves["stake"].to_list(), name="stake (units)", mode="lines+markers",
                             yaxis="y2", line={"shape": "hv", "color": WARN}, hovertemplate="stake %{y:,.0f} units<extra></extra>"))
    fig.update_layout(title=title, height=300, yaxis={"title": "reputation (%)", "range": [0, 102]},
                      yaxis2={"title": "stake (units)", "overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False})
    return fig
