"""The scheduler job that evaluates operators' alert subscriptions once a minute (nothing is sent without a subscription)."""

from __future__ import annotations

import logging

from computescope.alerts.store import Channels, evaluate
from computescope.db import Database
from computescope.ingest.scheduler import Job

log = logging.getLogger(__name__)
EVERY_MINUTES = 1.0


def alerts_job(db: Database, channels: Channels | None = None) -> Job:
    """A Job for Scheduler.start; SMTP from COMPUTESCOPE_SMTP_HOST, _PORT, _FROM, _USER, _PASSWORD, _STARTTLS."""
    out = channels or Channels()

    def run() -> None:
        try:
            for row in evaluate(db, out):
                if row["status"] != "delivered":
                    log.warning("alert %s to %s failed after %d attempts: %s", row["kind"], row["channel"], row["attempts"], row["error"])
        except Exception:  # a fault in one pass must not stop the schedule
            log.exception("alert evaluation failed")

    return Job("alerts:evaluate", EVERY_MINUTES, run)
