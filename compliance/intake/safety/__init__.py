"""Vetting a file before any parser expands it: what it really is, and what it would cost to read."""
