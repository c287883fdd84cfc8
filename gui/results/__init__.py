"""The results table: compact store, model, order and filters, chips, and the detail pane."""
