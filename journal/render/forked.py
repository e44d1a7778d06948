"""Work done in a forked child process, its result read back through a pipe.

A render with nothing to copy uses one core of several, yet each language's pages can be
made apart once the texts and the days are planned. `in_child` forks (the child shares
everything computed so far, for free), runs the work there and hands back a function that
waits for its result, or raises what it raised. Where there is no fork (Windows), the work
simply runs when its result is asked for. The child writes nothing but its result: what it
would remember for the next render travels back with the result, for the parent to keep.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def in_child(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a forked child; the returned function waits for its result."""
    if not hasattr(os, "fork"):
        return work
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's exit code
        os.close(read_end)
        try:
            try:
                payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # the parent raises it, as if the work ran there
                payload = _failure(exc)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as received:
            data = received.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            raise RuntimeError(f"a page worker ended without a result (status {status})")
        done, value = pickle.loads(data)
        if not done:
            raise value
        return value

    return result


def _failure(exc: BaseException) -> bytes:
    try:
        return pickle.dumps((False, exc))
    except Exception:  # an exception that cannot travel: its words do
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
