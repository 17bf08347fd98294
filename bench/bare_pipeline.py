"""The floor qikan is measured against: a bare pipeline over the same text, in ~40 lines.

    .venv/bin/python bench/bare_pipeline.py INPUT_DIR OUT.parquet

read → a few regex repairs (ASCII punctuation between Chinese characters, stray spaces) →
paragraphs (blank lines) and sentences (。！？； and closing quotes) → ``rjieba.tag`` per
sentence → one Parquet file of sentences with tokens and POS. No page model, no layout, no
metadata, no repair log: what is left is the cost of reading, regexes, tagging and writing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import rjieba

_CJK = r"[\u4e00-\u9fff]"
_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT = re.compile(rf"(?<={_CJK})\s*([,;:?!])\s*(?={_CJK})")
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \u3000]+(?={_CJK})")
_PARAGRAPH = re.compile(r"\n\s*\n|\f")
_SENTENCE = re.compile(r"[^。！？；]*(?:[。！？；]+[”’」』）)]*|$)")


def run(paths: list[Path], out: Path, tk: rjieba.Jieba | None = None) -> int:
    """Process ``paths`` into ``out``; the number of sentences written."""
    tk = tk or rjieba.Jieba()
    cols: dict[str, list] = {"doc": [], "paragraph": [], "sentence": [], "text": [], "tokens": [], "pos": []}
    for d, path in enumerate(paths):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        text = _CJK_SPACE.sub("", _ASCII_PUNCT.sub(lambda m: _PUNCT[m.group(1)], text))
        for p, para in enumerate(x.strip() for x in _PARAGRAPH.split(text)):
            for s, sent in enumerate(m.group() for m in _SENTENCE.finditer(para.replace("\n", "")) if m.group()):
                pairs = [(w, t) for w, t in tk.tag(sent, True) if w.strip()]
                for name, value in zip(cols, (d, p, s, sent, [w for w, _ in pairs], [t for _, t in pairs])):
                    cols[name].append(value)
    pq.write_table(pa.table(cols), out)
    return len(cols["text"])


if __name__ == "__main__":
    n = run(sorted(Path(sys.argv[1]).rglob("*.txt")), Path(sys.argv[2]))
    print(f"{n} sentences → {sys.argv[2]}")
