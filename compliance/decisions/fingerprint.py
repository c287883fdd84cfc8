"""A row's content fingerprint, what decisions are keyed to (defined with the row in `compliance.model`)."""

from compliance.model.fingerprint import RECIPE, normalised_fields, normalised_value, row_fingerprint

__all__ = ["RECIPE", "normalised_fields", "normalised_value", "row_fingerprint"]
