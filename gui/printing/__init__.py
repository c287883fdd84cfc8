"""The report laid out for Qt: HTML for QTextDocument, pagination, chart, fonts, the PDF process."""
