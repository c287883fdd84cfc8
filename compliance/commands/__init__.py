"""The command-line commands' bodies: each runs one command from its parsed arguments and returns an exit code.

`compliance.cli` builds the parser and dispatches here; the heavy modules are imported inside the bodies
so that `--help` answers at once.
"""
