"""Score the text path on the research-article and forum set of ``bench/textset.py``.

Every generated document (six house styles, UTF-8 / BOM / GB18030, plain OCR text and Markdown
exports) is written to a temporary folder and run through ``qikan.pipeline.process_document``;
what it gives is compared with the document's gold. Figures per style and overall:

- **CER** and **boundary P/R/F1**: ``bench/groundtruth.py``'s ``score`` — the same comparison
  form (NFKC, straight quotes, no whitespace) and the same anchors and boundary counting as the
  manuals' benches. Truth: the gold paragraphs of the abstract, body, 编者按 and forum-article
  sections in reading order; ours: the ``body`` and ``abstract`` paragraphs in order. Pooled
  per style (every document's paragraphs one after the other).
- **joins**: a page break inside a paragraph is kept when its two sides (``joins`` of the gold)
  read joined inside one of our paragraphs.
- **leaks**: occurrences of the gold's ``must_not_leak`` strings and ``must_not_leak_regex``
  page numbers in our body/abstract paragraphs beyond those the gold paragraphs themselves have
  (running heads, footers, masthead, author and affiliation lines, labels, footnote lines,
  the English block).
- **inbody**: gold reference entries found inside our body/abstract paragraphs (a list glued
  onto the last paragraph); their text is not counted again as leaks.
- **refs**: our ``references`` rows against the gold entries in order: count (ours / gold), the
  entry's raw text exact, and its GB/T 7714 fields (authors, title, type, container, year,
  volume, issue, pages, DOI, URL) exact; an entry is *exact* when its raw text and every field
  the gold has are.
- **authors**: a gold author is exact when we have an author of that name whose affiliation is
  the gold's (whitespace and NFKC aside; forum authors: the organisation without the role).
- **meta**: the document fields title, journal, year, volume, issue, first/last page,
  keywords, abstract, clc, doc_code, article_no and received (read from ``Document.meta``;
  ``received`` from ``received_date``), each exact or not, over the fields the gold has.
- **heads**: the gold's section headings found among our section titles.
- **spaces**: the word spaces between Chinese and Latin text in the gold paragraphs (``表示
  Medium``, the author's) that our paragraphs keep (NFKC, seams counted with two characters of
  context each side); the CER drops whitespace, this does not.

The same figures for the typeset two-column PDFs of ``journals/generated`` (whose golds have the
same layout; their references are raw texts only): ``--pdf``.

    python bench/text_quality.py [--style KEY] [--only NAME] [--docs] [--examples N] [--keep DIR] [--pdf]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.groundtruth import examples, normalise, score  # noqa: E402
from bench.textset import STYLES, TextDoc, build, find_corpus, write  # noqa: E402

TRUTH_KINDS = ("abstract", "body", "article", "editor_note")
OUR_KINDS = ("body", "abstract")
META_FIELDS = (
    "title", "journal", "year", "volume", "issue", "first_page", "last_page",
    "keywords", "abstract", "clc", "doc_code", "article_no", "received",
)  # fmt: skip
REF_FIELDS = ("authors", "title", "type_code", "container", "year", "volume", "issue", "pages", "doi", "url")
_REF_NUMBER_RE = re.compile(r"^\s*(?:[［\[【〔]\s*\d{1,3}\s*[］\]】〕]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)])\s*")


def norm(s: Any) -> str:
    if s is None:
        return ""
    if isinstance(s, list):
        return "|".join(norm(x) for x in s)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


@dataclass
class Tally:
    docs: int = 0
    failed: list[str] = field(default_factory=list)
    truth: list[str] = field(default_factory=list)
    ours: list[str] = field(default_factory=list)
    joins: int = 0
    joins_kept: int = 0
    leaks: int = 0
    spaces: int = 0
    spaces_kept: int = 0
    leak_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refs_in_body: int = 0
    refs_gold: int = 0
    refs_ours: int = 0
    refs_raw: int = 0
    refs_exact: int = 0
    ref_fields: int = 0
    ref_fields_ok: int = 0
    authors: int = 0
    authors_ok: int = 0
    meta: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    heads: int = 0
    heads_ok: int = 0
    seconds: float = 0.0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, o: Tally) -> None:
        for k in ("docs", "joins", "joins_kept", "leaks", "refs_in_body", "spaces", "spaces_kept", "refs_gold", "refs_ours", "refs_raw", "refs_exact",
                  "ref_fields", "ref_fields_ok", "authors", "authors_ok", "heads", "heads_ok", "seconds"):  # fmt: skip
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.failed += o.failed
        self.truth += o.truth
        self.ours += o.ours
        for k, (a, b) in o.meta.items():
            self.meta[k][0] += a
            self.meta[k][1] += b
        for k, v in o.leak_kinds.items():
            self.leak_kinds[k] += v
        for k, v in o.errors.items():
            self.errors[k] += v


def run(td: TextDoc, path: Path):
    from qikan.model import Source
    from qikan.pipeline import process_document

    data = path.read_bytes()
    src = Source(str(path), path.name, td.suffix.lstrip("."), len(data), hashlib.sha256(data).hexdigest())
    return process_document(src)


def _meta_value(meta: dict[str, Any], key: str) -> Any:
    if key == "received":
        v = meta.get("received_date") or meta.get("received")
        return str(v)[:10] if v else None
    if key in ("first_page", "last_page") and meta.get(key) is None and meta.get("pages"):
        m = re.match(r"\s*(\d+)\s*[-–—~－]\s*(\d+)", str(meta["pages"]))
        if m:
            return int(m[1] if key == "first_page" else m[2])
    return meta.get(key)


_SEAM_RE = re.compile(r"(?=([\u4e00-\u9fff][ \t]+[A-Za-z0-9]|[A-Za-z0-9][ \t]+[\u4e00-\u9fff]))")


def _seams(paragraphs: list[str], *, spaced: bool) -> Counter:
    """Chinese–Latin seams with a word space, as (left, right) pairs with a little context."""
    out: Counter = Counter()
    for p in paragraphs:
        p = unicodedata.normalize("NFKC", p)
        for m in _SEAM_RE.finditer(p):
            seam = m[1]
            i = m.start()
            left = p[max(0, i - 2) : i + 1]
            right = p[i + len(seam) : i + len(seam) + 2]
            out[(left, seam[-1] + right)] += 1
    return out


def _first_difference(want: str, got: str) -> str:
    """``want | got`` around the first character where their comparison forms differ."""
    w, g = norm(want), norm(got)
    i = next((k for k, (a, b) in enumerate(zip(w, g)) if a != b), min(len(w), len(g)))
    return f"…{w[max(0, i - 20) : i + 30]}… | …{g[max(0, i - 20) : i + 30]}… (at {i} of {len(w)}, ours {len(g)})"


def _gold_references(g: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold's entries; a gold without parsed ones (``journals/generated``) gives raw texts only."""
    if "references" in g:
        return g["references"]
    return [{"raw": p} for s in g["sections"] if s["kind"] == "references" for p in s["paragraphs"]]


def score_doc(td: TextDoc, doc, t: Tally) -> None:
    g = td.gold
    t.docs += 1
    truth = [p for s in g["sections"] if s["kind"] in TRUTH_KINDS for p in s["paragraphs"]]
    ours = [p.text for p in doc.paragraphs if p.kind in OUR_KINDS]
    t.truth += truth
    t.ours += ours
    ours_n = [normalise(p) for p in ours]
    # word spaces between Chinese and Latin text (the author's, to be kept: 表示 Medium)
    want_sp, have_sp = _seams(truth, spaced=True), _seams(ours, spaced=True)
    for k, n in want_sp.items():
        t.spaces += n
        t.spaces_kept += min(n, have_sp[k])
    lost = [k for k in want_sp if have_sp[k] < want_sp[k]]
    if lost:
        t.errors["CJK-Latin space lost"].append(f"{td.name}: {len(lost)} seams, e.g. {lost[0][0]}␣{lost[0][1]}")
    # joins
    for end, start in g["joins"]:
        t.joins += 1
        key = normalise(end + start)
        if any(key in p for p in ours_n):
            t.joins_kept += 1
        else:
            t.errors["join lost"].append(f"{td.name}: {end}⏎{start}")
    # references glued onto or set as body paragraphs: a cause of their own, not counted as leaks
    ours_all = "\x00".join(ours_n)
    for gr in _gold_references(g):
        k = normalise(_REF_NUMBER_RE.sub("", gr["raw"]))
        if k[:16] in ours_all:
            t.refs_in_body += 1
            t.errors["reference in a body paragraph"].append(f"{td.name}: {gr['raw'][:60]}")
            ours_all = ours_all.replace(k, "\x00")
            if gr.get("container"):  # the rest of an entry a page break cut in two
                ours_all = ours_all.replace(normalise(gr["container"]) + ",", "\x00")
    # leaks: beyond what the gold paragraphs hold themselves
    gold_n = "\x00".join(normalise(p) for p in truth)
    keys = {normalise(s): s for s in g["must_not_leak"] if len(normalise(s)) >= 2}
    leaked = {k: ours_all.count(k) - gold_n.count(k) for k in keys}
    for k, s in keys.items():
        extra = leaked[k]
        # one leaked line counts once: not again for a shorter string inside it (计　算　机　学　报 ⊃ 计算机学报)
        if any(k != k2 and k in k2 and leaked[k2] >= extra for k2 in keys):
            continue
        if extra > 0:
            t.leaks += extra
            i = ours_all.find(k)
            kind = g.get("must_not_leak_kinds", {}).get(s, "other")
            t.leak_kinds[kind] += extra
            t.errors[f"leak: {kind}"].append(f"{td.name}: {s!r} in …{ours_all[max(0, i - 15) : i + len(k) + 15]}…")
    # printed page numbers, outside the leaked lines already counted
    for k in sorted(keys, key=len, reverse=True):
        if leaked[k] > 0:
            ours_all = ours_all.replace(k, "\x00")
    for rx in g["must_not_leak_regex"]:
        extra = len(re.findall(rx, ours_all, flags=re.M)) - len(re.findall(rx, gold_n, flags=re.M))
        if extra > 0:
            t.leaks += extra
            m = re.search(rx, ours_all, flags=re.M)
            t.leak_kinds["page number"] += extra
            t.errors["leak: page number"].append(
                f"{td.name}: page number in …{ours_all[max(0, m.start() - 15) : m.end() + 15]}…"
            )
    # references
    gold_refs = _gold_references(g)
    got = doc.references
    t.refs_gold += len(gold_refs)
    t.refs_ours += len(got)
    if len(got) != len(gold_refs):
        t.errors["references count"].append(f"{td.name}: {len(got)} found, {len(gold_refs)} in the gold")
    for i, gr in enumerate(gold_refs):
        ours_r = got[i] if i < len(got) else None
        raw_ok = ours_r is not None and norm(_REF_NUMBER_RE.sub("", ours_r.get("raw") or "")) == norm(
            _REF_NUMBER_RE.sub("", gr["raw"])
        )
        t.refs_raw += raw_ok
        if ours_r is not None and not raw_ok:
            t.errors["reference raw"].append(
                f"{td.name}: {_first_difference(_REF_NUMBER_RE.sub('', gr['raw']), ours_r.get('raw') or '')}"
            )
        all_ok = raw_ok
        for f in REF_FIELDS:
            if gr.get(f) in (None, []):
                continue
            t.ref_fields += 1
            ok = ours_r is not None and norm(ours_r.get(f)) == norm(gr[f])
            t.ref_fields_ok += ok
            all_ok &= ok
            if ours_r is not None and raw_ok and not ok:
                t.errors[f"reference {f}"].append(
                    f"{td.name}: want {gr[f]!r} got {ours_r.get(f)!r} in {gr['raw'][:50]}"
                )
        t.refs_exact += all_ok
    # authors
    pool = list(doc.authors)
    for ga in g["document"]["authors"]:
        t.authors += 1
        mine = next((a for a in pool if norm(a.get("name")) == norm(ga["name"])), None)
        if mine is not None:
            pool.remove(mine)
        ok = mine is not None and norm(mine.get("affiliation")) == norm(ga["affiliation"])
        t.authors_ok += ok
        if not ok:
            got_s = f"{mine.get('name')} / {mine.get('affiliation')}" if mine else "no such author"
            t.errors["author"].append(f"{td.name}: want {ga['name']} / {ga['affiliation']} got {got_s}")
    # metadata
    for k in META_FIELDS:
        want = g["document"].get(k)
        if want in (None, []):
            continue
        have = _meta_value(doc.meta, k)
        ok = norm(have) == norm(want)
        t.meta[k][0] += ok
        t.meta[k][1] += 1
        if not ok:
            t.errors[f"meta {k}"].append(f"{td.name}: want {str(want)[:50]!r} got {str(have)[:50]!r}")
    # headings
    titles = {norm(s.title) for s in doc.sections if s.title}
    for s in g["sections"]:
        if s["kind"] in ("body", "article") and s.get("title"):
            t.heads += 1
            ok = norm(s["title"]) in titles
            t.heads_ok += ok
            if not ok:
                t.errors["heading"].append(f"{td.name}: {s['title']}")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def report(name: str, t: Tally, *, width: int = 8) -> str:
    s = score(t.truth, t.ours)
    meta_ok = sum(a for a, _ in t.meta.values())
    meta_n = sum(b for _, b in t.meta.values())
    return (
        f"{name:<{width}} {t.docs:>4} {s.cer_located:7.2%} {s.located:>4}/{s.scored:<4} {s.precision:.3f} {s.recall:.3f} "
        f"{s.f1:.3f}  {t.joins_kept:>3}/{t.joins:<3} {t.leaks:>5}  {t.refs_ours:>3}/{t.refs_gold:<3} {t.refs_in_body:>5} "
        f"{_pct(t.refs_exact, t.refs_gold)} {_pct(t.ref_fields_ok, t.ref_fields)}  {_pct(t.authors_ok, t.authors)} "
        f"{_pct(meta_ok, meta_n)} {_pct(t.heads_ok, t.heads)} {_pct(t.spaces_kept, t.spaces)}"
    )


HEADER = "style    docs     CER  located   P     R     F1    joins   leaks   refs  inbody  exact fields  authors   meta  heads spaces"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--style", action="append", choices=[s.key for s in STYLES], help="score only this style")
    ap.add_argument("--examples", type=int, default=0, metavar="N", help="print N examples of each kind of error")
    ap.add_argument("--keep", type=Path, help="also write the inputs and golds to this folder")
    ap.add_argument("--docs", action="store_true", help="also print one line per document")
    ap.add_argument(
        "--pdf", action="store_true", help="score the typeset PDFs of journals/generated instead (the PDF path)"
    )
    ap.add_argument("--only", action="append", metavar="NAME", help="score only this document (e.g. zwxxxb-02)")
    args = ap.parse_args(argv)
    corpus = find_corpus()
    if corpus is None:
        print("skipped: ../shared/corpus is absent")
        return 0
    t0 = time.perf_counter()
    if args.pdf:
        return score_pdfs(corpus, args)
    docs = [
        d for d in build(corpus) if (not args.style or d.style in args.style) and (not args.only or d.name in args.only)
    ]
    built = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        paths = write(args.keep or Path(tmp), docs)
        evaluate(list(zip(docs, paths)), [s.key for s in STYLES], args, f"text path: built in {built:.1f} s")
    return 0


def score_pdfs(corpus: Path, args: argparse.Namespace) -> int:
    """The same figures for the typeset two-column PDFs of ``journals/generated`` (the PDF path)."""
    folder = corpus / "journals" / "generated"
    pairs = []
    for gold in sorted(folder.glob("*.pdf.gold.json")):
        pdf = gold.with_name(gold.name.removesuffix(".gold.json"))
        g = json.loads(gold.read_text(encoding="utf-8"))
        name = pdf.name.removesuffix(".pdf")
        if pdf.exists() and (not args.only or name in args.only):
            pairs.append((TextDoc(name, g.get("variant", "pdf"), b"", ".pdf", g), pdf))
    if not pairs:
        print(f"skipped: no generated journal PDFs in {folder}")
        return 0
    evaluate(pairs, sorted({td.style for td, _ in pairs}), args, "PDF path (journals/generated)")
    return 0


def evaluate(pairs: list[tuple[TextDoc, Path]], order: list[str], args: argparse.Namespace, title: str) -> None:
    """Run every document, score it, print the figures per style, overall and (``--docs``) per document."""
    per_style: dict[str, Tally] = {}
    per_doc: list[tuple[str, Tally]] = []
    for td, path in pairs:
        t = per_style.setdefault(td.style, Tally())
        t1 = time.perf_counter()
        try:
            doc = run(td, path)
        except Exception as e:  # a failing document is a figure, not the end of the bench
            t.docs += 1
            t.failed.append(f"{td.name}: {type(e).__name__}: {e}")
            continue
        one = Tally()
        one.seconds = time.perf_counter() - t1
        score_doc(td, doc, one)
        t.add(one)
        per_doc.append((td.name, one))
    total = Tally()
    for t in per_style.values():
        total.add(t)
    print(
        f"{title}: {len(pairs)} documents in {len(per_style)} styles, processed in {total.seconds:.1f} s; "
        "targets CER ≤ 0.5 %, F1 ≥ 0.98, every join, 0 leaks, references ≥ 95 %, authors ≥ 95 %"
    )
    print(HEADER)
    for key in order:
        if key in per_style:
            print(report(key, per_style[key]))
    print(report("all", total))
    if args.docs:
        print(HEADER.replace("style   ", "document          ", 1))
        for name, one in per_doc:
            print(report(name, one, width=17))
    print("meta fields exact: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in total.meta.items()))
    print(
        "leaks by kind: "
        + (", ".join(f"{k} {v}" for k, v in sorted(total.leak_kinds.items(), key=lambda x: -x[1])) or "none")
    )
    for f in total.failed:
        print(f"FAILED {f}")
    if args.examples:
        for kind in sorted(total.errors):
            errs = total.errors[kind]
            print(f"{kind} ({len(errs)}):")
            for e in errs[: args.examples]:
                print(f"  {e}")
        for line in examples(score(total.truth, total.ours), args.examples):
            print(line)


if __name__ == "__main__":
    raise SystemExit(main())
