"""Retry a read when the error is transient (network or remote storage), never otherwise.

A parse error or a missing file fails the same way every time, so retrying it only delays the
quarantine row; a timeout or a dropped connection to object storage often succeeds a second later.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

log = logging.getLogger("qikan")

#: Seconds to wait before each retry (so ``len`` retries after the first attempt).
READ_RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)

#: ``error_type`` of quarantine rows worth trying again on the next run (a whole batch's task
#: dying is recorded as ``TaskFailed``).
TRANSIENT_ERRORS = frozenset(
    {"OSError", "TimeoutError", "ConnectionError", "ConnectionResetError", "ConnectionAbortedError",
     "ConnectionRefusedError", "BrokenPipeError", "ClientOSError", "TaskFailed"}
)  # fmt: skip

#: OSError subclasses that a retry cannot fix.
PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def is_transient(error: BaseException) -> bool:
    """``TimeoutError``, ``ConnectionError`` and other ``OSError`` (EIO, fsspec network errors),
    but not a missing file or a denied permission.

    >>> is_transient(TimeoutError()), is_transient(FileNotFoundError()), is_transient(ValueError())
    (True, False, False)
    """
    return isinstance(error, OSError | TimeoutError | ConnectionError) and not isinstance(error, PERMANENT)


def retry_transient(fn: Callable[..., T], *args, delays: tuple[float, ...] | None = None, **kwargs) -> T:
    """``fn(*args, **kwargs)``, retried after each of ``delays`` while it raises a transient error."""
    waits = READ_RETRY_DELAYS if delays is None else delays
    for attempt, wait in enumerate((*waits, None), start=1):
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            if wait is None or not is_transient(e):
                raise
            log.warning("transient %s on attempt %d, retrying in %.1f s: %s", type(e).__name__, attempt, wait, e)
            time.sleep(wait)
    raise AssertionError("unreachable")
