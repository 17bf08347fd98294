"""Repair: small named fixers, run in order, every change logged (see ``engine``)."""

from __future__ import annotations

from qikan.model import Document
from qikan.repair.engine import Edit, RepairResult, apply_edits, replay, run_fixers
from qikan.repair.fixers import DEFAULT_FIXERS, fix

__all__ = ["DEFAULT_FIXERS", "Edit", "RepairResult", "apply_edits", "fix", "repair", "replay", "run_fixers"]


#: Plain-text fixers that guess layout from the text alone; for a PDF the page geometry has
#: already decided (``doc.layout_edits``), so they are skipped there.
TEXT_LAYOUT_FIXERS = frozenset(
    {"remove_running_heads", "move_first_page_footnotes", "join_page_seams", "break_remaining_pages", "join_soft_wraps"}
)


def repair(doc: Document, fixers=DEFAULT_FIXERS) -> Document:
    """Repair ``doc.raw_text`` into ``doc.text`` and log every change in ``doc.repairs``.

    A PDF's layout edits (``doc.layout_edits``, see ``qikan.pdf``) run first, as one fixer.
    """
    if doc.layout_edits:  # a text's layout_edits are only flags of bytes it could not decode
        edits = list(doc.layout_edits)
        pdf = doc.source.source_format == "pdf"
        fixers = (
            lambda _text: edits,
            *(f for f in fixers if not pdf or getattr(f, "__name__", "") not in TEXT_LAYOUT_FIXERS),
        )
    result = run_fixers(doc.raw_text, fixers, page_starts=doc.raw_page_starts)
    doc.text = result.text
    doc.repairs = result.repairs
    doc.page_starts = result.page_starts
    for k, v in result.meta.items():
        doc.meta.setdefault(k, v)
    return doc
