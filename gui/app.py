"""Start the desktop app: `python main.py [FILE] [--view V] [--regime A --regime B] [--select REF]
[--designations LIST] [--screenshot OUT]`.

`--screenshot OUT.png [--size WxH] [--picture window|mapping]` screens FILE, renders the window (or its
column mapping dialog) at that size, saves the picture and exits: the README's pictures are made so.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from compliance import __version__
from compliance.commands.arguments import OneLineParser, add_as_of
from compliance.model.errors import ComplianceError
from gui.settings import APPLICATION, ORGANIZATION, Settings

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow

EXIT_OK, EXIT_BAD_INPUT = 0, 2
VIEWS = {"in-force": "current", "draft": "draft", "compare": "compare"}


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size in the form WIDTHxHEIGHT, e.g. 1366x768") from None
    if not (320 <= size[0] <= 7680 and 240 <= size[1] <= 4320):
        raise argparse.ArgumentTypeError(f"'{text}': a window from 320x240 to 7680x4320 pixels")
    return size


def build_parser() -> argparse.ArgumentParser:
    """Arguments of the desktop app."""
    parser = OneLineParser(prog="sanctions-desk", description="Open the Sanctions Desk window.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="workbook or csv file to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="screen FILE, save a picture of the window and exit")
    parser.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="with --screenshot: the window's size, e.g. 1366x768 (default: the screen's)",
    )
    parser.add_argument(
        "--picture",
        choices=("window", "mapping", "decisions"),
        default="window",
        help="with --screenshot: the window, its column mapping dialog, or the decisions list",
    )
    parser.add_argument(
        "--columns",
        metavar="KEY,KEY",
        help="with --screenshot: show only these table columns, in this order (beside the row and "
        "its verdicts), e.g. reason,party,vessel,score",
    )
    parser.add_argument(
        "--view", choices=tuple(VIEWS), default="in-force", help="which verdicts to show (default: in-force)"
    )
    parser.add_argument(
        "--regime",
        action="append",
        metavar="ID",
        default=[],
        help="compare this regime (id or scenario file): the first is the baseline, the second the alternative "
        "(default: in-force and draft-2019); see `main.py regimes list`",
    )
    parser.add_argument("--select", metavar="REF", help="select the row with this reference")
    add_as_of(parser)
    parser.add_argument(
        "--designations",
        action="append",
        metavar="LIST",
        default=[],
        help="screen names and IMO numbers against this UN list (XML or vessel CSV); repeatable; for this session only",
    )
    return parser


def application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, created once with the app's names (reused when one exists, as in tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scale factors (150 %) render crisply instead of being rounded to 1x or 2x.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([sys.argv[0] if sys.argv else "sanctions-desk", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Sanctions Desk")
    app.setApplicationVersion(__version__)
    # A bundle carries its own CJK font, so Korean and Chinese names show on a machine without one.
    from gui.printing.fonts import register_bundled_fonts

    register_bundled_fonts()
    # No style sheet and no palette of our own: the window follows the system's light/dark theme.
    return app


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return EXIT_BAD_INPUT


def run_app(argv: Sequence[str]) -> int:
    """Run the desktop app; returns the process exit code."""
    args = build_parser().parse_args(list(argv))
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.screenshot and not args.file:
        return _fail("--screenshot needs a FILE to open")
    if args.file and not Path(args.file).is_file():
        return _fail(f"{args.file}: no such file")
    for listed in args.designations:
        if not Path(listed).is_file():
            return _fail(f"{listed}: no such designation list")
    owned = QApplication.instance() is None
    app = application()
    if owned:
        # Qt's event loop never returns to Python for a KeyboardInterrupt: let Ctrl+C end the app.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    from gui.window.main_window import MainWindow  # after QApplication: widgets need it
    from gui.window.regime_choice import QUICK_PAIR, load_pair

    if len(args.regime) > 2:
        return _fail("--regime: give a baseline and an alternative, at most two")
    try:
        pair = (*args.regime, *QUICK_PAIR[len(args.regime) :])
        regimes = load_pair(pair[0], pair[1]) if args.regime else None
        window = MainWindow(Settings(), regimes, persist=not args.screenshot)
    except ComplianceError as exc:  # the rule packs themselves are broken
        return _fail(exc.one_line())
    window.ui.as_of.set_value(args.as_of)
    window.set_regime(VIEWS[args.view])
    if args.columns:
        problem = _choose_columns(window, args.columns)
        if problem:
            return _fail(problem)
    if args.screenshot:
        return _screenshot(app, window, args)
    if args.designations:
        window.parties.use(args.designations)
    window.show()
    if args.file:
        window.open_file(args.file, select=args.select)
    if os.environ.get(STARTUP_PROBE):
        _probe_start_up(app)
    return app.exec()


STARTUP_PROBE = "SANCTIONS_DESK_STARTUP_PROBE"
"""When set, the app prints the seconds from process start to its first event-loop pass, then quits."""


def _process_age() -> float:
    """Seconds since this process started (Linux: /proc; elsewhere since the interpreter's clock began)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started
    except (OSError, ValueError, IndexError):
        return time.process_time()


def _probe_start_up(app: QApplication) -> None:
    def report() -> None:
        print(f"start-up: {_process_age():.3f} s to the first event-loop pass with the window shown")  # noqa: T201
        app.quit()

    QTimer.singleShot(0, report)


def _screenshot(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    from gui.window.layout import fit_exactly

    screen = app.primaryScreen()
    if args.size is not None:
        fit_exactly(window, window.ui.splitter, *args.size)
    elif screen is not None:
        # As large as the screen allows (up to 1560 x 920), so all ten columns read well.
        room = screen.availableGeometry()
        fit_exactly(window, window.ui.splitter, min(1560, room.width()), min(920, room.height()))
    try:
        if args.designations:
            window.parties.load_now(args.designations)
        window.screen_now(args.file)  # before show(): a bad file never flashes a window
    except ComplianceError as exc:
        return _fail(exc.one_line())
    window.show()
    if args.select and not window.select_reference(args.select):
        window.close()
        return _fail(f"no row has the reference '{args.select}'")
    for _ in range(5):  # let layouts settle and the view paint before grabbing
        app.processEvents()
    if args.picture == "mapping":
        saved = _grab_mapping(app, window, args.screenshot)
    elif args.picture == "decisions":
        from gui.decisions.window import grab_decisions

        saved = grab_decisions(app, window.decision_desk.show_list, window, args.screenshot)
    else:
        saved = window.grab().save(args.screenshot)
    window.close()
    if not saved:
        return _fail(f"{args.screenshot}: could not write the picture")
    return EXIT_OK


def _choose_columns(window: MainWindow, spec: str) -> str:
    """Show only the named columns after the row and its verdicts; a problem in one line, else ''."""
    from gui.results.model import COLUMN_INDEX
    from gui.results.view import ALWAYS_SHOWN, VISUAL_ORDER

    keys = [k.strip() for k in spec.split(",") if k.strip()]
    unknown = [k for k in keys if k not in COLUMN_INDEX]
    if unknown:
        return f"--columns: no column '{unknown[0]}' (columns: {', '.join(VISUAL_ORDER)})"
    fixed = [k for k in VISUAL_ORDER if k in ALWAYS_SHOWN]
    order = fixed + [k for k in keys if k not in ALWAYS_SHOWN]
    hidden = [k for k in VISUAL_ORDER if k not in order]
    window.ui.table.restore_column_state({"order": order + hidden, "hidden": hidden})
    return ""


def _grab_mapping(app: QApplication, window: MainWindow, out: str) -> bool:
    from gui.mapping.dialog import MappingDialog
    from gui.mapping.model import mapping_view

    if window.screening is None:
        return False
    screening = window.screening
    dialog = MappingDialog(window, mapping_view(screening.run, screening.results))
    dialog.show()
    for _ in range(5):
        app.processEvents()
    try:
        return dialog.grab().save(out)
    finally:
        dialog.close()
