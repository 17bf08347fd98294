"""Seams: does a paragraph go on across a column or page break?

MinerU's gate, with Chinese punctuation: the block before the break ends on a line that reaches
its column's right edge and carries no terminal punctuation, and the block after it is not
indented and set in the same font size (a heading is not). jieba then says how sure we are: a
word straddling the seam (``整|合`` → ``整合``) gives 0.95, punctuation and geometry alone 0.8.
"""

from __future__ import annotations

from dataclasses import dataclass

from qikan.pdf.layout import PLine, _is_cjk

#: A paragraph that ends in one of these ends at the break.
TERMINAL = set("。！？…”」』）.!?：:;；")
#: How close (in font sizes) the last line must come to the column's right edge.
EDGE_TOLERANCE = 1.5
#: How far (in font sizes) the first line may sit right of the column's left edge.
INDENT_TOLERANCE = 0.6


@dataclass(frozen=True)
class SeamDecision:
    join: bool
    reason: str
    confidence: float
    sep: str = ""  #: what replaces the break when joined ("" between Chinese, " " between Latin words)


def decide(
    last: PLine,
    last_edges: tuple[float, float],
    first: PLine,
    first_edges: tuple[float, float],
    *,
    words=None,
) -> SeamDecision:
    """Decide the seam between the ``last`` line of one block and the ``first`` line of the next."""
    tail = last.text.rstrip()
    head = first.text.lstrip()
    if not tail or not head:
        return SeamDecision(False, "empty line", 1.0)
    if tail[-1] in TERMINAL:
        return SeamDecision(False, f"ends with {tail[-1]}", 0.9)
    if last.x1 < last_edges[1] - EDGE_TOLERANCE * last.size:
        return SeamDecision(False, "last line stops short of the column edge", 0.85)
    if first.x0 > first_edges[0] + INDENT_TOLERANCE * first.size:
        return SeamDecision(False, "next block is indented", 0.85)
    if abs(first.size - last.size) > 0.5:
        return SeamDecision(False, f"font size changes {last.size}→{first.size}", 0.85)
    sep = "" if _is_cjk(tail[-1]) or _is_cjk(head[0]) or tail.endswith("-") else " "
    confidence = 0.8
    if words is not None and (_is_cjk(tail[-1]) and _is_cjk(head[0])):
        left, right = tail[-6:], head[:6]
        pos = 0
        for w in words(left + right):
            if pos < len(left) < pos + len(w):
                confidence = 0.95
                break
            pos += len(w)
    return SeamDecision(True, "paragraph runs on", confidence, sep)
