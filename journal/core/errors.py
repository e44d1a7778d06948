"""The error boundary's vocabulary: what library code raises, and how findings are collected.

Library code never prints or exits. Structural problems become `JournalError`s (one per file
and line) gathered by a `Report` and raised together, so a user fixes a trip in one pass;
content problems are warnings the render carries on through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from journal.core.models import Problem, Severity

log = logging.getLogger(__name__)

T = TypeVar("T")


class JournalError(Exception):
    """A problem that stops the command; printed by the CLI as one `error:` line each."""

    def __init__(
        self, path: Path | str | None, message: str, line: int | None = None, *, code: str = ""
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        self.code = code
        super().__init__(str(self))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return (Problem(self.path, self.message, self.line, code=self.code),)

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return str(Problem(self.path, self.message, self.line))[len("error: ") :]


class TripErrors(JournalError):
    """Several errors found in one pass over a trip folder (with the warnings met on the way,
    when the caller passes them: the user sees the whole report)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._problems = tuple(problems)
        first = next((p for p in self._problems if p.severity is Severity.ERROR), self._problems[0])
        super().__init__(first.path, first.message, first.line)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def __str__(self) -> str:
        return "\n".join(str(p)[len("error: ") :] for p in self._problems)


@dataclass
class Report:
    """Collects findings while a trip loads and renders; errors are raised together at the end.

    `results` are lines telling what the command did beyond its output folder (what it
    wrote into a blog), shown after the problems."""

    problems: list[Problem] = field(default_factory=list)
    results: list[str] = field(default_factory=list)

    def error(
        self, path: Path | None, message: str, line: int | None = None, *, code: str = ""
    ) -> None:
        self.problems.append(Problem(path, message, line, Severity.ERROR, code))

    def warn(
        self, path: Path | None, message: str, line: int | None = None, *, code: str = ""
    ) -> None:
        log.debug("warning: %s: %s", path, message)
        self.problems.append(Problem(path, message, line, Severity.WARNING, code))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def raise_errors(self) -> None:
        if self.errors:
            raise TripErrors(self.errors)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def summary(self) -> str:
        """`2 errors, 5 warnings`, in the words a terminal user expects."""
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def guarded(path: Path | None, parse: Callable[[], T]) -> T:
    """`parse()` run on a stranger's bytes, any exception it raises made one JournalError
    naming the file.

    The parsers journal calls (json, XML, gpxpy, fitdecode) raise more than they document on
    hostile input: a FIT whose field types lie raises TypeError, JSON nested 100,000 deep a
    RecursionError. Whatever they raise, the command goes on with the other files."""
    try:
        return parse()
    except JournalError:
        raise
    except RecursionError:
        raise JournalError(path, "nested too deeply to read; not read") from None
    except MemoryError:
        raise JournalError(path, "too large to read in memory; not read") from None
    except Exception as exc:  # noqa: BLE001 - the boundary: any parser fault is the file's
        why = str(exc).strip() or type(exc).__name__
        raise JournalError(path, f"cannot be read ({why}); not read") from None
