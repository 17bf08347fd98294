"""TF-IDF keywords (``documents.auto_keywords``) against the printed keywords of CSL abstracts.

For each of the 1,000 CSL abstracts (../shared/corpus/csl/kg_dev.tsv, skipped when absent) the
abstract is tokenized with the default tokenizer and ``tfidf_keywords`` picks the top 10; the
figures say how many printed keywords appear among them (recall@10) and how many of the top 5
are printed keywords (precision@5), with and without the domain dictionary. A printed keyword
is often a phrase that no tokenizer emits as one word, which bounds both figures.

    python bench/keywords.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import CORPUS  # noqa: E402

CSL = CORPUS / "csl" / "kg_dev.tsv"

from qikan.tokenize import RjiebaTokenizer, tfidf_keywords  # noqa: E402


def main() -> int:
    if not CSL.exists():
        print(f"skipped: {CSL} is absent")
        return 0
    rows = [line.split("\t") for line in CSL.read_text(encoding="utf-8").splitlines()]
    rows = [(r[1], [k for k in r[2].split("_") if k]) for r in rows if len(r) > 2]
    print(f"CSL: {len(rows)} abstracts, {sum(len(k) for _, k in rows)} printed keywords")
    for domain in (False, True):
        tk = RjiebaTokenizer(domain=domain)
        found = total = top5_hits = 0
        single = 0
        for abstract, printed in rows:
            auto = tfidf_keywords(tk.pos(abstract), k=10)
            words = set(tk.words(abstract))
            single += sum(k in words for k in printed)
            found += sum(k in auto for k in printed)
            total += len(printed)
            top5_hits += sum(k in printed for k in auto[:5])
        print(
            f"domain dict {'with   ' if domain else 'without'}: recall@10 {100 * found / total:5.1f}%  "
            f"precision@5 {100 * top5_hits / (5 * len(rows)):5.1f}%  "
            f"(printed keywords that are one token: {100 * single / total:.1f}%)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
