"""Progress of long steps (the photo copies): a live bar on a terminal, a few lines elsewhere.

A render of 2,000 photos takes minutes the first time; a rider watching a terminal wants a
bar, while a CI log or a cron mail wants a handful of plain lines, not thousands of
carriage returns. Nothing is shown until there is work, so a warm render stays silent.
The bar is Rich's (what Typer apps use), imported only when a terminal is there to see it.

This module only reports; it does not decide what is done or how. Its `advance` method
is the `progress` callback `webcopies.CopyRun` takes.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import Any, TextIO

log = logging.getLogger(__name__)

#: A line is written each time another tenth of the work is done.
LINE_STEP = 0.1


class Progress:
    """`with Progress("photos") as p: ... p.advance(done, total)`.

    `stream` defaults to stderr, so progress never mixes with what a command prints on
    stdout (the output folder). `tty` forces the mode; by default it follows the stream.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        step: float = LINE_STEP,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.tty = _is_terminal(self.stream) if tty is None else tty
        self.step = step
        self._bar: Any = None
        self._task: Any = None
        self._next_line = step
        self._shown = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def advance(self, done: int, total: int) -> None:
        """`done` of `total` items are finished (not a delta: callers may skip numbers)."""
        if total <= 0:
            return
        done = max(0, min(done, total))
        if self.tty and self._start_bar(total):
            self._bar.update(self._task, completed=done, total=total)
            return
        fraction = done / total
        if done != self._shown and (done == total or fraction + 1e-9 >= self._next_line):
            self.stream.write(f"{self.label}: {done}/{total} ({fraction:.0%})\n")
            self.stream.flush()
            self._shown = done
            self._next_line = (int(fraction / self.step + 1e-9) + 1) * self.step

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _start_bar(self, total: int) -> bool:
        """Start the live bar on first use; False (line mode) when Rich is missing."""
        if self._bar is not None:
            return True
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress
        except ImportError:  # pragma: no cover - Rich comes with Typer
            log.debug("rich is not installed: progress as plain lines")
            self.tty = False
            return False
        console = Console(file=self.stream, force_terminal=True)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self._task = self._bar.add_task(self.label, total=total)
        self._bar.start()
        return True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or file-like stream without a tty
        return False
