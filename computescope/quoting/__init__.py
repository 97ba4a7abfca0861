"""Quotes across every network and cloud: the order's fields, the offers in the database, the typed answer."""
