"""Render Foundation stats files: paths, token, decimals and the names of the figures taken from them."""

from computescope.settings import SourceIdentity

SOURCE = "render"
IDENTITY = SourceIdentity(SOURCE, 'Render Foundation stats', 'https://stats.renderfoundation.com', 360)
NETWORK = "render"
SYMBOL = "RENDER"
DECIMALS = 8                                 # RENDER (SPL) base units: amountDue / 10**8 = whole tokens

BURNS_RESOURCE = "epoch-burn-stats"
BURNS_PATH = "/epoch-burn-stats-data.json"
LIABILITY_RESOURCE = "liability-epochs"
LIABILITY_PATH = "/liability-epochs-data.json"

FLOW_BURN = "burn"
FLOW_EMISSION_DUE = "emission_due"

METRIC_KEYS_PAID = "wallets_paid_per_epoch"   # Solana keys listed against an epoch's channels
METRIC_OBH = "obh_per_epoch"                  # OctaneBench-hours those keys used
