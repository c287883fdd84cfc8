"""The screening report as data and safe text (laid out for print by gui.printing.document)."""
