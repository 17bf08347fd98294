"""Word segmentation scored on the SIGHAN 2005 bakeoff PKU test set, as the bakeoff scores it.

Precision, recall and F of word spans against the gold segmentation (``score`` in the bakeoff's
scripts counts a word as correct when its span matches a gold word's span), plus the recall of
out-of-vocabulary words (gold words absent from the training word list). Each tokenizer runs
with and without qikan's domain dictionary. Skips when ../shared/corpus/sighan2005 is absent
(research-use data: never copied into the project).

    python bench/segmentation.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import CORPUS  # noqa: E402

DATA = CORPUS / "sighan2005"

from qikan.tokenize import JiebaTokenizer, RjiebaTokenizer  # noqa: E402


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def score(tokenizer, raw: list[str], gold: list[list[str]], vocab: set[str]) -> dict[str, float]:
    n_gold = n_test = n_ok = oov = oov_ok = 0
    for line, ref in zip(raw, gold):
        test = [w for w in tokenizer.words(line) if w.strip()]
        g, t = spans(ref), spans(test)
        n_gold, n_test, n_ok = n_gold + len(g), n_test + len(t), n_ok + len(g & t)
        for (s, e), w in zip(sorted(g), ref):
            if w not in vocab:
                oov += 1
                oov_ok += (s, e) in t
    p, r = n_ok / n_test, n_ok / n_gold
    return {"P": p, "R": r, "F": 2 * p * r / (p + r), "OOV-R": oov_ok / max(oov, 1)}


def main() -> int:
    test, gold_path = DATA / "pku_test.utf8", DATA / "pku_test_gold.utf8"
    if not (test.exists() and gold_path.exists()):
        print(f"skipped: {DATA} is absent")
        return 0
    gold = [line.split() for line in gold_path.read_text(encoding="utf-8").splitlines()]
    # the test text without spaces, so that every tokenizer sees exactly the gold characters
    raw = ["".join(ws) for ws in gold]
    assert len(raw) == len(test.read_text(encoding="utf-8").splitlines())
    words_file = DATA / "pku_training_words.utf8"
    vocab = set(words_file.read_text(encoding="utf-8").split()) if words_file.exists() else set()
    print(f"SIGHAN 2005 PKU test: {len(gold)} lines, {sum(map(len, gold))} gold words")
    print(f"{'tokenizer':<10} {'domain dict':<12} {'P':>7} {'R':>7} {'F':>7} {'OOV-R':>7} {'s':>6}")
    for cls in (JiebaTokenizer, RjiebaTokenizer):
        for domain in (False, True):
            tk = cls(domain=domain)
            t0 = time.perf_counter()
            s = score(tk, raw, gold, vocab)
            dt = time.perf_counter() - t0
            print(
                f"{tk.name:<10} {'with' if domain else 'without':<12} "
                f"{s['P']:7.4f} {s['R']:7.4f} {s['F']:7.4f} {s['OOV-R']:7.4f} {dt:6.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
