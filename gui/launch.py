"""The program's entry point: the `screen` command runs in the terminal, anything else opens the app.

Qt is imported only on the app's path, so `screen` and `--help` start at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from compliance.cli import main as cli_main
from compliance.cli import wants_cli


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the desktop app."""
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(args):
        return cli_main(args)
    from gui.app import run_app

    return run_app(args)
