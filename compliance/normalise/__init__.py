"""Cells as traders write them -> countries, dates, HS codes, numbers, terms; a row made ready for the rules."""
