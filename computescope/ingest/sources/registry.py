"""The table of ingest sources: name, default base URL, default interval and the module that fetches it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str                 # shown on pages beside every figure from this source
    base_url: str              # empty for sources that read no URL
    interval_minutes: int      # 0 = not scheduled (loaded once at start-up)
    module: str                # import path of the source package


SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        SourceSpec("snapshot", "Bundled public snapshot", "", 0, "computescope.ingest.sources.snapshot"),
        SourceSpec("localnet", "Local network (this explorer's core)", "", 0, "computescope.ingest.sources.localnet"),
        SourceSpec("akash", "Akash Console API", "https://console-api.akash.network", 60, "computescope.ingest.sources.akash"),
        SourceSpec("ionet", "io.net explorer API", "https://api.io.solutions", 60, "computescope.ingest.sources.ionet"),
        SourceSpec("render", "Render Foundation stats", "https://stats.renderfoundation.com", 360, "computescope.ingest.sources.render"),
        SourceSpec("aethir", "Aethir dashboard API", "https://dashboard-api.aethir.com", 360, "computescope.ingest.sources.aethir"),
        SourceSpec("gensyn", "Gensyn testnet dashboard", "https://dashboard.gensyn.ai", 1440, "computescope.ingest.sources.gensyn"),
        SourceSpec("market", "CoinGecko market data", "https://api.coingecko.com/api/v3", 60, "computescope.ingest.sources.market"),
        SourceSpec(
            "clouds", "SkyPilot cloud catalog", "https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs",
            720, "computescope.ingest.sources.clouds",
        ),
        SourceSpec("azure", "Azure Retail Prices API", "https://prices.azure.com/api/retail/prices", 720, "computescope.ingest.sources.azure"),
    )
}
