"""Benchmark of the explorer at network scale: every page callback and API endpoint over HTTP on a backfilled database."""
