"""Sanctions Desk: `python main.py` opens the desktop app; `python main.py screen ...` screens in batch."""

import sys

from gui.launch import main

if __name__ == "__main__":
    sys.exit(main())
