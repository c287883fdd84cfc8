"""The Regimes window (what two regimes differ by) and the scenario editor (an analyst's own regime)."""
