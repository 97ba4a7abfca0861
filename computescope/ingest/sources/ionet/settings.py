"""io.net explorer API: endpoints, the token header, and the recorded shape of the network totals."""

from computescope.settings import SourceIdentity

SOURCE = "ionet"
IDENTITY = SourceIdentity(SOURCE, 'io.net explorer API', 'https://api.io.solutions', 60)
NETWORK = "ionet"
PROVIDER = "ionet"
PROVIDER_KIND = "network"
TOKEN_SECRET = "ionet_token"                  # from COMPUTESCOPE_IONET_TOKEN

INFO_RESOURCE = "network-info"
INFO_PATH = "/v1/io-explorer/network/info"
SNAPSHOT_RESOURCE = "market-snapshot"
SNAPSHOT_PATH = "/v1/io-explorer/network/market-snapshot"

TOKEN_HEADER = "Token"                        # docs.io.net: curl ... -H "Token: {your_token}"
EXPLORER_ORIGIN = "https://explorer.io.net"   # the explorer's own requests carry it

# network/info: measure -> field under "data"; kept apart because they differ by orders of magnitude
INFO_MEASURES: dict[str, str] = {
    "registered": "total_gpus",
    "verified": "verified_gpus",
    "active": "active_gpus",
}
# market-snapshot: measure -> field of each hardware entry
SNAPSHOT_MEASURES: dict[str, str] = {"total": "total", "idle": "idle", "hired": "hired"}
PRICE_TYPE = "list"                           # the price io.net lists, USD per GPU-hour

SKIPPED = "io.net explorer API needs COMPUTESCOPE_IONET_TOKEN; skipped"
REFUSED = "the io.net explorer API refused the token (tokens last 21 days: renew COMPUTESCOPE_IONET_TOKEN)"
