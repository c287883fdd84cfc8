"""Sanctions Desk screening engine: rule packs, normalisation, evaluation, import and export."""

__version__ = "0.1.0"
