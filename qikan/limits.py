"""Per-document limits, and stopping a run cleanly.

A document that needs more than ``doc_timeout`` seconds (all its stages together) or is
larger than ``max_bytes`` is quarantined with the limit named, and the rest of its batch goes
on. The time limit is an interval timer (``SIGALRM`` via ``setitimer``) when the batch runs in
the main thread of its process: the signal interrupts Python code and the regular-expression
engine alike. In any other thread (the default thread-pool runner) a timer thread raises the
exception asynchronously in the worker thread instead; it lands at the next Python bytecode,
so a single long call into C code finishes first.

``stop_handlers`` turns SIGTERM into the same clean stop as Ctrl-C (``KeyboardInterrupt``);
``deferred_stop`` holds a stop back while a batch is being committed, so a run stopped at any
moment leaves nothing half-committed.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: Defaults of ``qikan run --doc-timeout`` / ``--max-bytes``.
DEFAULT_DOC_TIMEOUT = 300.0
DEFAULT_MAX_BYTES = 100_000_000


class LimitExceeded(Exception):
    """A document went past one of the run's limits; it goes to quarantine."""


class DocumentTimeout(LimitExceeded):
    pass


class DocumentTooLarge(LimitExceeded):
    pass


@dataclass(frozen=True)
class Limits:
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT  #: seconds per document, all stages (None: none)
    max_bytes: int | None = DEFAULT_MAX_BYTES  #: largest source in bytes (None: none)


_active = Limits()
_spent: dict[str, float] = {}  # source key → seconds its stages took so far in this batch


@contextmanager
def use(limits: Limits | None) -> Iterator[None]:
    """Apply ``limits`` to the documents processed inside (``None``: the defaults)."""
    global _active
    before, _active = _active, limits or Limits()
    _spent.clear()
    try:
        yield
    finally:
        _active = before
        _spent.clear()


def active() -> Limits:
    return _active


def check_size(key: str, size: int, limits: Limits | None = None) -> None:
    limit = (limits or _active).max_bytes
    if limit is not None and size > limit:
        raise DocumentTooLarge(
            f"size limit: {size:,} bytes is more than --max-bytes {limit:,}; "
            "split the source, or raise the limit (qikan run --max-bytes N)"
        )


@contextmanager
def guard(key: str, size: int, stage: str) -> Iterator[None]:
    """One stage of one document under the active limits (the size is checked at extract)."""
    if stage == "extract":
        check_size(key, size)
    timeout = _active.doc_timeout
    if timeout is None or timeout <= 0:
        yield
        return
    spent = _spent.get(key, 0.0)
    started = time.perf_counter()
    message = (
        f"time limit: processing took more than --doc-timeout {timeout:g} s (stopped in {stage}); "
        "split the source, or raise the limit (qikan run --doc-timeout SECONDS)"
    )
    try:
        with time_limit(max(timeout - spent, 0.001), message):
            yield
    finally:
        _spent[key] = spent + time.perf_counter() - started


@contextmanager
def time_limit(seconds: float, message: str) -> Iterator[None]:
    """Raise ``DocumentTimeout(message)`` in the running code once ``seconds`` have passed."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds, message):
            yield
        return
    with _async_raise(seconds, message):
        yield


@contextmanager
def _alarm(seconds: float, message: str) -> Iterator[None]:
    fired = []

    def fire(signum, frame):
        # Raised wherever the main thread is, which may be a garbage-collector callback or a
        # ``__del__`` that Python reports as unraisable and swallows (hypothesis installs such a
        # callback): the alarm is set again, and the block's end raises if nothing else did.
        fired.append(True)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise DocumentTimeout(message)

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise DocumentTimeout(message)


_set_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)
#: the same call with NULL: clears an exception still pending for the thread
_clear_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)


@contextmanager
def _async_raise(seconds: float, message: str) -> Iterator[None]:
    target = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()
    fired = []

    def fire() -> None:
        if done.wait(seconds):
            return
        with lock:
            if not done.is_set():
                fired.append(True)
                _set_async_exc(target, _Timeout)

    timer = threading.Thread(target=fire, name="qikan-doc-timeout", daemon=True)
    timer.start()
    try:
        yield
    except _Timeout:
        raise DocumentTimeout(message) from None
    finally:
        with lock:
            done.set()
        if fired:  # the exception may still be pending if the block ended just as it fired
            _clear_async_exc(target, None)
    if fired:  # it fired and was swallowed (a __del__, a collector callback): the time is still up
        raise DocumentTimeout(message)


class _Timeout(Exception):
    """Raised asynchronously in a worker thread; turned into ``DocumentTimeout`` with its message."""


# --- stopping a run ------------------------------------------------------------------------

_committing = 0
_pending: list[int] = []


def _stop(signum, frame) -> None:
    if _committing:
        _pending.append(signum)  # raised when the commit is done: nothing half-committed
        return
    raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")


def stop_handlers() -> None:
    """SIGTERM and SIGINT raise ``KeyboardInterrupt`` in the main thread, except during a commit."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _stop)


@contextmanager
def deferred_stop() -> Iterator[None]:
    """Hold SIGTERM/SIGINT back (when ``stop_handlers`` are installed) until the block is done."""
    global _committing
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _committing += 1
    try:
        yield
    finally:
        _committing -= 1
        if not _committing and _pending:
            signum = _pending[0]
            _pending.clear()
            raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")
