"""Seams: does a paragraph go on across a column or page break?

MinerU's gate, with Chinese punctuation: the block before the break ends on a line that reaches
its column's right edge and carries no terminal punctuation, and the block after it is not
indented and set in the same font size (a heading is not). jieba then says how sure we are: a
word straddling the seam (``整|合`` → ``整合``) gives 0.95, punctuation and geometry alone 0.8.
"""

from __future__ import annotations

from dataclasses import dataclass

from qikan.conventions import SENTENCE_END, ends_sentence, is_wide, join_glue, opens_block
from qikan.pdf.layout import PLine

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
    indented_style: bool = False,
) -> SeamDecision:
    """Decide the seam between the ``last`` line of one block and the ``first`` line of the next.

    ``indented_style``: the document indents every paragraph's first line. Then a block that
    fills its last line to the edge and ends a sentence runs on into a next block of the same
    size that starts at the column's edge, no heading or list item (a new paragraph would be
    indented): 。 at a column's foot does not end the paragraph.
    """
    tail = last.text.rstrip()
    head = first.text.lstrip()
    if not tail or not head:
        return SeamDecision(False, "empty line", 1.0)
    if ends_sentence(tail):
        if (
            indented_style
            and tail[-1] in SENTENCE_END  # a Chinese sentence end
            and last.x1 >= last_edges[1] - EDGE_TOLERANCE * last.size
            and first.x0 <= first_edges[0] + INDENT_TOLERANCE * first.size
            and abs(first.size - last.size) <= 0.5
            and not opens_block(head)  # a heading, a list item, a reference entry, a caption
        ):
            return SeamDecision(True, f"runs on after {tail[-1]}: the next block has no paragraph indent", 0.7)
        return SeamDecision(False, f"ends with {tail[-1]}", 0.9)
    if last.x1 < last_edges[1] - EDGE_TOLERANCE * last.size:
        return SeamDecision(False, "last line stops short of the column edge", 0.85)
    if first.x0 > first_edges[0] + INDENT_TOLERANCE * first.size:
        return SeamDecision(False, "next block is indented", 0.85)
    if abs(first.size - last.size) > 0.5:
        return SeamDecision(False, f"font size changes {last.size}→{first.size}", 0.85)
    glue = join_glue(tail, head)
    sep = glue.glue if glue is not None else " "
    confidence = 0.8
    if words is not None and (is_wide(tail[-1]) and is_wide(head[0])):
        left, right = tail[-6:], head[:6]
        pos = 0
        for w in words(left + right):
            if pos < len(left) < pos + len(w):
                confidence = 0.95
                break
            pos += len(w)
    return SeamDecision(True, "paragraph runs on", confidence, sep)
