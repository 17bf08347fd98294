"""The repair runner: applies fixers in order and keeps the log that becomes ``repairs``.

A fixer is a pure function ``text -> list[Edit]``: it proposes non-overlapping edits on the
text it is given and never changes anything itself. The runner applies them, records one
``Repair`` row per edit with its offset in the text as it stood just before that step, keeps
page starts in step with the text, and merges metadata that fixers moved out of the text.
Replaying the fixed rows in order over the extracted text reproduces the repaired text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from qikan.model import Repair

CONTEXT = 20


class Edit(NamedTuple):
    """A change (or flag) a fixer proposes on its input text (a light immutable record: a
    document's fixers propose thousands)."""

    start: int
    end: int
    after: str
    kind: str
    rule: str
    action: str = "fixed"  # fixed | flagged (a flag never changes the text)
    confidence: float | None = None
    note: str | None = None
    meta: Mapping[str, Any] | None = None  # metadata the change moves out of the text


def flag_span(start: int, span: str, rule: str, note: str, *, confidence: float | None = None) -> Edit:
    """A flag on ``span``, the text at ``start`` (empty: a point), for a person to look at."""
    return Edit(start, start + len(span), span, "anomaly", rule, action="flagged", confidence=confidence, note=note)


def flag_char(i: int, ch: str, rule: str, note: str) -> Edit:
    """A flag on the single character ``ch`` at ``i`` (an unmatched bracket or quote …)."""
    return flag_span(i, ch, rule, note)


Fixer = Callable[[str], list[Edit]]


@dataclass
class RepairResult:
    text: str
    repairs: list[Repair]
    meta: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=lambda: [0])


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply a fixer's edits (flags change nothing)."""
    out, pos = [], 0
    for e in sorted((e for e in edits if e.action == "fixed"), key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start} from rule {e.rule}")
        out.append(text[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def fix(text: str, fixer: Fixer) -> str:
    """Apply one fixer to ``text`` and return the result (for doctests and quick looks)."""
    return apply_edits(text, fixer(text))


def _field(r: Any, name: str) -> Any:
    return r[name] if isinstance(r, Mapping) else getattr(r, name)


def repair_passes(repairs: Iterable[Any]) -> list[list[tuple[Any, Edit]]]:
    """The log (``Repair`` objects or ``repairs`` rows) cut into passes that apply at once.

    A pass is a run of ``fixed`` rows in step order whose edits follow each other without
    overlapping (one fixer's edits are such a run), each row with its ``Edit`` in the text as
    the pass found it; a flag is a pass of its own (its span is in the text of that moment).
    Applying passes in order is replaying the rows one by one, in one sweep per pass.

    >>> rows = [Repair(0, "punctuation", "fixed", "r", 1, ",", "，", ""),
    ...         Repair(1, "spacing", "fixed", "r", 3, " ", "", ""),
    ...         Repair(2, "seam", "fixed", "r", 0, "甲", "乙", "")]
    >>> [[(r.step, e.start, e.end) for r, e in p] for p in repair_passes(rows)]
    [[(0, 1, 2), (1, 3, 4)], [(2, 0, 1)]]
    """
    passes: list[list[tuple[Any, Edit]]] = []
    current: list[tuple[Any, Edit]] = []
    end = delta = 0  # end of the last edit in the text being built; its shift from the pass's input
    for r in sorted(repairs, key=lambda r: _field(r, "step")):
        offset, before, after = _field(r, "offset"), _field(r, "before"), _field(r, "after")
        if _field(r, "action") != "fixed":
            if current:
                passes.append(current)
                current = []
            passes.append([(r, Edit(offset, offset + len(before), before, _field(r, "kind"), "", action="flagged"))])
            continue
        if current and offset < end:
            passes.append(current)
            current = []
        if not current:
            end = delta = 0
        start = offset - delta
        current.append((r, Edit(start, start + len(before), after, _field(r, "kind"), _field(r, "rule"))))
        end, delta = offset + len(after), delta + len(after) - len(before)
    if current:
        passes.append(current)
    return passes


def replay(text: str, repairs: Iterable[Repair]) -> str:
    """Reproduce the repaired text from the extracted text and the ``fixed`` rows."""
    return replay_with_pages(text, repairs, [0])[0]


def replay_with_pages(text: str, repairs: Iterable[Repair], page_starts: Sequence[int]) -> tuple[str, list[int]]:
    """``replay``, also moving ``page_starts`` (offsets in ``text``) along as the runner does:
    the repaired text and where each of its pages starts (rows may be ``repairs`` dicts)."""
    starts = list(page_starts)
    for p in repair_passes(repairs):
        edits = [e for _, e in p if e.action == "fixed"]
        if not edits:
            continue
        for r, e in p:
            if text[e.start : e.end] != _field(r, "before"):
                raise ValueError(
                    f"step {_field(r, 'step')}: text at {_field(r, 'offset')} is not {_field(r, 'before')!r}"
                )
        starts = _moved_starts(starts, text, edits)
        text = apply_edits(text, edits)
    return text, starts


def page_starts_of(text: str) -> list[int]:
    """Offsets where each page starts: after each form feed or, in a text without form feeds,
    at the blank-line page breaks its page numbers and running heads show (``layout``)."""
    if "\f" in text or "\n\n" not in text:
        return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"]
    from qikan.repair.layout import blank_line_page_starts  # layout builds on this module

    return blank_line_page_starts(text)


def _page(page_starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(page_starts, offset) or 1


def _moved_starts(starts: Sequence[int], text: str, edits: Sequence[Edit]) -> list[int]:
    """Page starts (ascending, in ``text``) after ``edits``: a start at or after an edit's end moves
    with the text; one strictly inside a replaced span goes to the end of its replacement.
    One pass over both lists (a document can have thousands of pages and of edits)."""
    fixed = [e for e in edits if e.action == "fixed" and text[e.start : e.end] != e.after]
    out, j, delta = [], 0, 0
    for s in starts:
        while j < len(fixed) and fixed[j].end <= s:
            delta += len(fixed[j].after) - (fixed[j].end - fixed[j].start)
            j += 1
        if j < len(fixed) and fixed[j].start < s:
            out.append(fixed[j].start + delta + len(fixed[j].after))
        else:
            out.append(s + delta)
    return out


#: Edits in text order (``Edit`` is a tuple: start, end, …).
edit_order = itemgetter(0, 1)


def run_fixers(
    text: str, fixers: Sequence[Fixer], *, first_step: int = 0, page_starts: Sequence[int] | None = None
) -> RepairResult:
    """Run ``fixers`` in order over ``text`` and log every change and flag.

    ``page_starts`` are the offsets in ``text`` where pages start (default: ``page_starts_of``).
    Each fixer's edits are logged, applied and used to move the page starts in one pass
    (what ``apply_edits`` and ``_moved_starts`` do, without a second and third pass).
    """
    repairs: list[Repair] = []
    log = repairs.append
    meta: dict[str, Any] = {}
    starts = list(page_starts) if page_starts is not None else page_starts_of(text)
    step = first_step
    bisect_right = bisect.bisect_right
    for fixer in fixers:
        edits = fixer(text)
        if not edits:
            continue  # nothing proposed: the text, its pages and the log stay as they are
        edits = sorted(edits, key=edit_order)
        delta = 0  # how far the text built so far has shifted positions of ``text``
        pieces: list[str] = []  # the new text, piece by piece
        last = 0  # the end of the last applied edit
        moved: list[int] = []  # the page starts before the last applied edit's end, moved
        k, n_starts = 0, len(starts)
        pos = 0  # the end of the last fixed edit: they must not overlap (``apply_edits``)
        # an ``Edit`` unpacked once (its fields by name cost an attribute lookup each, and a
        # document's fixers propose tens of thousands of edits)
        for start, end, after, kind, rule, action, confidence, note, edit_meta in edits:
            before = text[start:end]
            context_start = start - CONTEXT if start > CONTEXT else 0
            if action == "fixed":
                if start < pos:
                    raise ValueError(f"overlapping edits at {start} from rule {rule}")
                pos = end
                if before == after:
                    continue
                # a page start before this edit's end moves by the shift so far, or, strictly
                # inside the replaced span, to the end of the replacement
                while k < n_starts and starts[k] < end:
                    s = starts[k]
                    moved.append(start + delta + len(after) if start < s else s + delta)
                    k += 1
                pieces.append(text[last:start])
                pieces.append(after)
                last = end
                shown, shift = after, len(after) - len(before)
            else:  # a flag changes nothing: its row shows the span as it stands
                shown, shift = before, 0
            log(
                Repair(
                    step,
                    kind,
                    action,
                    rule,
                    start + delta,
                    before,
                    shown,
                    text[context_start : end + CONTEXT],
                    bisect_right(starts, start) or 1,
                    confidence,
                    note,
                )
            )
            delta += shift
            step += 1
            if edit_meta:
                for key, v in edit_meta.items():
                    meta.setdefault(key, v)
        if pieces:
            moved.extend(s + delta for s in starts[k:])
            starts = moved
            pieces.append(text[last:])
            text = "".join(pieces)
    return RepairResult(text=text, repairs=repairs, meta=meta, page_starts=starts)
