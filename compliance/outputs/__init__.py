"""What a screening writes: JSON, the Excel workbook, terminal text, and atomic, checked files."""
