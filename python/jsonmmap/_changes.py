"""Changes as a stream: :meth:`Reader.changes` (an iterator) and :meth:`Reader.achanges` (asyncio)."""

import asyncio
import time
from typing import TYPE_CHECKING, Any, AsyncIterator, Iterator, Optional

if TYPE_CHECKING:
    from .reader import Reader, Versioned

# await_change waits in slices of this many seconds when the caller gave no timeout
_FOREVER_SLICE = 3600.0
_FIRST_POLL = 0.0005


def changes(reader: "Reader", timeout: Optional[float], since: int, cls: Any, copy: bool) -> "Iterator[Versioned]":
    """See :meth:`Reader.changes`."""
    last = since
    while True:
        snap = reader.snapshot(cls, copy=copy)
        if snap is not None and snap.version > last:
            last = snap.version
            yield snap
            continue  # a version may have arrived while the caller worked: look again before waiting
        if timeout is None:
            while reader.await_change(last, _FOREVER_SLICE) is None:
                pass
        elif reader.await_change(last, timeout) is None:
            return


async def achanges(reader: "Reader", timeout: Optional[float], since: int, cls: Any, copy: bool,
                   max_poll: float) -> "AsyncIterator[Versioned]":
    """See :meth:`Reader.achanges`."""
    if not max_poll > 0:
        raise ValueError("max_poll must be positive, was %r" % (max_poll,))
    last = since
    pause = _FIRST_POLL
    now = time.monotonic()
    deadline = None if timeout is None else now + timeout
    next_check = now + reader.file_check_interval
    while True:
        if reader.version() > last:
            snap = reader.snapshot(cls, copy=copy)
            if snap is not None and snap.version > last:
                last = snap.version
                yield snap
                pause = _FIRST_POLL
                now = time.monotonic()
                deadline = None if timeout is None else now + timeout
                continue
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            return
        if now >= next_check:
            reader.check_file()
            next_check = now + reader.file_check_interval
        sleep = pause if deadline is None else min(pause, deadline - now)
        await asyncio.sleep(sleep)
        pause = min(pause * 2, max_poll)
