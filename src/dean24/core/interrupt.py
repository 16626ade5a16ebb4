"""SIGTERM and SIGINT as an exception, so a stopped run cleans up its temporary files.

`handle_signals()` turns both signals into `Interrupted` for the duration of a command;
`deferred()` holds them back while a group of renames must finish or be undone as a whole.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


class Interrupted(BaseException):
    """The run was asked to stop by a signal; like KeyboardInterrupt, not an error of the run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, as shells report them."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        return NAMES.get(signal.Signals(self.signum), str(self.signum))


_state = threading.local()


def _depth() -> int:
    return int(getattr(_state, "depth", 0))


def _handler(signum: int, frame: FrameType | None) -> None:
    if _depth() > 0:
        _state.pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def handle_signals() -> Iterator[None]:
    """Raise Interrupted on SIGTERM and SIGINT while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back until the block ends, then raise Interrupted if one came."""
    _state.depth = _depth() + 1
    try:
        yield
    finally:
        _state.depth = _depth() - 1
        pending = getattr(_state, "pending", None)
        if _depth() == 0 and pending is not None:
            _state.pending = None
            raise Interrupted(pending)
