"""Operator alerts: signed subscriptions to rules on their nodes, evaluated on a schedule, delivered by webhook and email."""
