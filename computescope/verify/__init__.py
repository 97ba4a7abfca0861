"""Node verification on the explorer server: the signed write path, the node reads and the collector API."""
