"""The one list of networks: slug, name, token, the simulator's token mechanism, the market data id, and whether it is simulated."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    slug: str
    name: str
    token: str | None              # the token's symbol
    token_mechanism: str | None    # which what-if model the simulator runs for it: bme, sfa or emission_buyback
    coingecko_id: str | None       # the market data source's id for the token
    simulated: bool = False        # the local network: never added into real figures


NETWORKS: tuple[Network, ...] = (
    Network("akash", "Akash Network", "AKT", "bme", "akash-network"),
    Network("ionet", "io.net", "IO", "emission_buyback", "io-net"),
    Network("render", "Render Network", "RENDER", "bme", "render-token"),
    Network("aethir", "Aethir", "ATH", "sfa", "aethir"),
    Network("gensyn", "Gensyn", "AI", "emission_buyback", "gensyn"),
    Network("localnet", "Local network", "LOCAL", None, None, simulated=True),
)
BY_SLUG: dict[str, Network] = {n.slug: n for n in NETWORKS}

# the five real networks, slug -> name, in display order
REAL_NETWORKS: dict[str, str] = {n.slug: n.name for n in NETWORKS if not n.simulated}
# every network a page can filter on or a node can serve: the five, and the local network beside them
ALL_NETWORKS: dict[str, str] = {n.slug: n.name for n in NETWORKS}
