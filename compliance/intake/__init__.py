"""Reading the officer's files: vetting, header detection, streamed rows."""
