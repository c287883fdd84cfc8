"""A GUI-thread timer that records how late it ticks: how long the window could not respond."""

from __future__ import annotations

import time
from typing import Final

from PySide6.QtCore import QTimer

TICK_MS: Final = 10


class TickProbe:
    """A GUI-thread timer every TICK_MS that records the gaps between its ticks."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def restart(self) -> None:
        """Forget the gaps so far and measure from now."""
        self.gaps = []
        self._last = time.perf_counter()

    def stop(self) -> None:
        """Stop ticking."""
        self._timer.stop()

    def lateness(self) -> list[float]:
        """How late each tick came beyond the interval asked for, sorted."""
        return sorted(max(0.0, g - TICK_MS / 1000) for g in self.gaps)

    def worst(self) -> float:
        """The longest the GUI thread was held up, in seconds (0 before the first tick)."""
        late = self.lateness()
        return late[-1] if late else 0.0
