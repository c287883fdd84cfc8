"""The shapes every subsystem shares: source rows, fields, findings, verdicts, statuses, errors."""
