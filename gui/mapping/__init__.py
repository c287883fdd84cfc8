"""The column mapping: how a workbook was read, and the dialog that corrects it."""
