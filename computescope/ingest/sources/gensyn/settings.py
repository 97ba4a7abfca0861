"""Gensyn RL Swarm dashboard API: the JSON endpoints that carry network facts."""

from computescope.settings import SourceIdentity

SOURCE = "gensyn"
IDENTITY = SourceIdentity(SOURCE, 'Gensyn testnet dashboard', 'https://dashboard.gensyn.ai', 1440)
NETWORK = "gensyn"

ROUND_RESOURCE = "round-and-stage"
ROUND_PATH = "/api/round_and_stage"
LEADERBOARD_RESOURCE = "leaderboard"
LEADERBOARD_PATH = "/api/leaderboard"

METRIC_ROUND = "swarm_round"
METRIC_STAGE = "swarm_stage"
METRIC_PARTICIPANTS = "swarm_participants"

NOT_SERVED = (
    "not served at this base URL; the RL Swarm dashboard API runs on a swarm node "
    "(set COMPUTESCOPE_GENSYN_BASE_URL to one that serves it)"
)
