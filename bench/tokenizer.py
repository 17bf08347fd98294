"""jieba vs rjieba (jieba-rs): speed of POS tagging and token agreement on real text.

Texts: the CSL abstracts (../shared/corpus/csl/kg_dev.tsv, skipped when absent) and the seed
issue. Agreement is measured on word spans (start, end) with jieba as the reference: the share
of jieba's tokens that rjieba's POS tokens (``tag``) also produce (and the reverse), split into
tokens that contain Chinese and the rest (Latin runs, numbers, punctuation). Two references:
jieba's segmenter (``lcut``, HMM on) and ``jieba.posseg`` — posseg re-segments runs of
unknown characters with its own character-level POS HMM, so its tokens differ from lcut's
there. POS agreement is over the tokens both produce. Both carry the shipped domain dictionary.

    python bench/tokenizer.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import CORPUS  # noqa: E402
from qikan.tokenize import JiebaTokenizer, RjiebaTokenizer  # noqa: E402

CJK = re.compile(r"[\u3400-\u9fff]")


def texts() -> list[tuple[str, list[str]]]:
    out = []
    csl = CORPUS / "csl" / "kg_dev.tsv"
    if csl.exists():
        rows = [line.split("\t") for line in csl.read_text(encoding="utf-8").splitlines()]
        out.append(("CSL abstracts", [r[1] for r in rows if len(r) > 1]))
    else:
        print("(CSL abstracts absent: ../shared/corpus/csl/kg_dev.tsv)")
    seed = (ROOT / "seeds" / "zgkjlt-2024-forum.txt").read_text(encoding="utf-8")
    out.append(("seed issue", [p for p in seed.split("\n\n") if p.strip()]))
    return out


def spans(tokens: list[tuple[str, str]]) -> dict[tuple[int, int], tuple[str, str]]:
    out, pos = {}, 0
    for w, t in tokens:
        out[(pos, pos + len(w))] = (w, t)
        pos += len(w)
    return out


def timed(fn, items: list[str]) -> tuple[list, float]:
    t0 = time.perf_counter()
    res = [fn(x) for x in items]
    return res, time.perf_counter() - t0


def main() -> None:
    jb, rj = JiebaTokenizer(), RjiebaTokenizer()
    for name, items in texts():
        mb = sum(len(x.encode("utf-8")) for x in items) / 1e6
        jb.pos(items[0])  # warm caches
        rj.pos(items[0])
        a, ta = timed(jb.pos, items)
        b, tb = timed(rj.pos, items)
        wa, tw_a = timed(jb.words, items)
        _, tw_b = timed(rj.words, items)
        print(f"== {name}: {len(items)} texts, {mb:.2f} MB")
        print(f"  POS   jieba {mb / ta:7.2f} MB/s   rjieba {mb / tb:7.2f} MB/s   ({ta / tb:.0f}x)")
        print(f"  words jieba {mb / tw_a:7.2f} MB/s   rjieba {mb / tw_b:7.2f} MB/s   ({tw_a / tw_b:.0f}x)")
        report("jieba lcut", [[(w, "") for w in x] for x in wa], b, pos=False)
        report("jieba.posseg", a, b, pos=True)


def report(ref: str, a: list, b: list, *, pos: bool) -> None:
    if True:
        n = {"zh": [0, 0, 0], "other": [0, 0, 0]}  # jieba tokens, rjieba tokens, shared
        pos_same = shared = 0
        same_sent = 0
        for x, y in zip(a, b):
            sa, sb = spans(x), spans(y)
            same_sent += sa.keys() == sb.keys()
            for w, _t in sa.values():
                n["zh" if CJK.search(w) else "other"][0] += 1
            for w, _t in sb.values():
                n["zh" if CJK.search(w) else "other"][1] += 1
            for sp in sa.keys() & sb.keys():
                w = sa[sp][0]
                n["zh" if CJK.search(w) else "other"][2] += 1
                shared += 1
                pos_same += sa[sp][1] == sb[sp][1]
        total = [n["zh"][i] + n["other"][i] for i in range(3)]
        print(
            f"  vs {ref}: token agreement (share of jieba's tokens rjieba's POS tokens also give): "
            f"{100 * total[2] / total[0]:.3f}%  (reverse {100 * total[2] / total[1]:.3f}%)"
        )
        for k in ("zh", "other"):
            if n[k][0]:
                print("    tokens with Chinese: " if k == "zh" else "    other tokens:       ", end="")
                print(f"{100 * n[k][2] / n[k][0]:.3f}% of {n[k][0]}")
        if pos:
            print(f"    POS tag agreement on shared tokens: {100 * pos_same / max(shared, 1):.3f}%")
        print(f"    texts tokenized identically: {100 * same_sent / len(a):.1f}%")


if __name__ == "__main__":
    main()
