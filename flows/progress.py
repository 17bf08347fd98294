"""A hook the command line sets to show progress while the flow runs in the same process."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def start(self, total_bytes: int, total_docs: int) -> None: ...

    def advance(self, n_bytes: int, n_docs: int) -> None: ...


class Silent:
    def start(self, total_bytes: int, total_docs: int) -> None:
        pass

    def advance(self, n_bytes: int, n_docs: int) -> None:
        pass


reporter: Reporter = Silent()
