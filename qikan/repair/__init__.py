"""Repair: small named fixers, run in order, every change logged (see ``engine``)."""

from __future__ import annotations

from qikan.model import Document
from qikan.repair.engine import Edit, RepairResult, apply_edits, replay, run_fixers
from qikan.repair.fixers import DEFAULT_FIXERS, fix

__all__ = ["DEFAULT_FIXERS", "Edit", "RepairResult", "apply_edits", "fix", "repair", "replay", "run_fixers"]


def repair(doc: Document, fixers=DEFAULT_FIXERS) -> Document:
    """Repair ``doc.raw_text`` into ``doc.text`` and log every change in ``doc.repairs``."""
    result = run_fixers(doc.raw_text, fixers)
    doc.text = result.text
    doc.repairs = result.repairs
    doc.page_starts = result.page_starts
    for k, v in result.meta.items():
        doc.meta.setdefault(k, v)
    return doc
