"""CoinGecko market data: which coins to ask for, and the token and network each one is."""

from computescope.core.catalog.networks import NETWORKS
from computescope.settings import SourceIdentity

SOURCE = "market"
IDENTITY = SourceIdentity(SOURCE, 'CoinGecko market data', 'https://api.coingecko.com/api/v3', 60)

MARKETS_RESOURCE = "coins-markets"
MARKETS_PATH = "/coins/markets"
VS_CURRENCY = "usd"

# CoinGecko coin id -> (our token symbol, our network), from the one list of networks
COINS: dict[str, tuple[str, str]] = {n.coingecko_id: (n.token, n.slug) for n in NETWORKS if n.coingecko_id and n.token}
