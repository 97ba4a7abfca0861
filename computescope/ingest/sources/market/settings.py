"""CoinGecko market data: which coins to ask for, and the token and network each one is."""

SOURCE = "market"

MARKETS_RESOURCE = "coins-markets"
MARKETS_PATH = "/coins/markets"
VS_CURRENCY = "usd"

# CoinGecko coin id -> (our token symbol, our network)
COINS: dict[str, tuple[str, str]] = {
    "akash-network": ("AKT", "akash"),
    "io-net": ("IO", "ionet"),
    "render-token": ("RENDER", "render"),
    "aethir": ("ATH", "aethir"),
    "gensyn": ("AI", "gensyn"),
}
