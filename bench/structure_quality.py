"""Structure quality on a real thesis: the NKU master's thesis PDF against its LaTeX source.

Reads ../shared/corpus/dev-only/nku-thesis (skips when absent; development only — nothing
of it may be committed), runs the PDF through ``process_document`` (whatever ``qikan.extract``
gives at the time), and reports

- the share of the source's ``\\chapter`` and ``\\section`` titles found as section headings
  (numbering such as 第一章 / 第一节 / 1.1 stripped before comparing), and of ``\\subsection``;
- whether the abstract (摘要) and keywords (关键词), Chinese and English, match the source.
  "Exact" is string equality after NFKC and with all whitespace removed: NFKC because repair
  gives the source's ASCII brackets in Chinese text full width on purpose; whitespace because
  it is what structure decides (where a field starts and ends, which lines join), while word
  spacing is a matter of line building. The source side is what LaTeX prints: comments, \label
  and \cite dropped, math reduced to its characters (``L$_2$`` prints a lowered 2: "L2"), the
  text font's ligatures applied (``'`` prints ’, ``--`` –, ``~`` a space).
- a stricter line for the abstracts, "with word spaces": the same after removing only the
  whitespace next to Chinese characters and full-width punctuation (xeCJK sets its own glue
  there, whatever the source has) and collapsing the rest to one space — the number of places
  where a word space is missing or extra.

    python bench/structure_quality.py
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import CORPUS  # noqa: E402  (Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
from qikan.pdf.source import SOURCE_ENV, SOURCES, default_source  # noqa: E402

THESIS = CORPUS / "dev-only" / "nku-thesis"

_NUMBERING_RE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)*[．.、]?)"
)


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


#: Whitespace next to a Chinese character or full-width punctuation (before NFKC).
_CJK_GLUE_RE = re.compile(r"\s+(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef])\s+")


def spaced(s: str) -> str:
    """``norm`` keeping the word spaces between Latin words (see the module docstring)."""
    s = unicodedata.normalize("NFKC", _CJK_GLUE_RE.sub("", s or ""))
    return re.sub(r"\s+", " ", s).strip()


def space_differences(want: str, got: str) -> list[tuple[str, str]]:
    """Places where ``spaced`` texts differ: (source, found) with a little context."""
    import difflib

    w, g = spaced(want), spaced(got)
    ops = difflib.SequenceMatcher(None, w, g, autojunk=False).get_opcodes()
    return [(w[max(0, a - 12) : b + 12], g[max(0, c - 12) : d + 12]) for op, a, b, c, d in ops if op != "equal"]


def strip_numbering(title: str) -> str:
    return _NUMBERING_RE.sub("", norm(title))


def detex(s: str) -> str:
    """LaTeX source text → the characters it prints (enough for abstracts and titles)."""
    s = re.sub(r"(?<!\\)%.*", "", s)
    s = s.replace("\\%", "%").replace("\\\\", "")
    s = re.sub(r"\\(?:textbf|textit|emph|mathrm|text)\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\(?:label|cite|ref)\{[^{}]*\}", "", s)
    s = re.sub(r"\$([^$]*)\$", lambda m: re.sub(r"[_^{}\\]", "", m[1]), s)
    # TeX ligatures of the text font: what the quotes and dashes typed in the source print as
    for typed, printed in (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("`", "‘"), ("'", "’"), ("~", " ")):
        s = s.replace(typed, printed)
    return s


def env(tex: str, name: str) -> str:
    m = re.search(rf"\\begin\{{{name}\}}(.*?)\\end\{{{name}\}}", tex, re.S)
    return detex(m[1]).strip() if m else ""


def source_titles() -> dict[str, list[str]]:
    main = (THESIS / "main.tex").read_text(encoding="utf-8")
    files = re.findall(r"^[^%\n]*\\include\{([^}]+)\}", main, re.M)
    out: dict[str, list[str]] = {"chapter": [], "section": [], "subsection": [], "paragraph": []}
    for f in files:
        path = THESIS / (f.removeprefix("./") + ("" if f.endswith(".tex") else ".tex"))
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("%", 1)[0] if not line.lstrip().startswith("%") else ""
            for kind, title in re.findall(r"\\(chapter|section|subsection)\*?\{([^{}]+)\}", line):
                out[kind].append(detex(title).strip())
            # a bold line of its own (``\noindent\textbf{（1）…}``) prints as a run-in heading
            if m := re.fullmatch(r"\s*(?:\\noindent)?\s*\\textbf\{([^{}]+)\}\s*", line):
                out["paragraph"].append(re.sub(r"\\ ", " ", m[1]).strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", choices=SOURCES, help="PDF character source (default: the library's)")
    args = ap.parse_args()
    if args.source:
        os.environ[SOURCE_ENV] = args.source  # process_document's extract reads it
    print(f"== character source: {default_source()}")
    pdf = THESIS / "main.pdf"
    if not pdf.exists():
        print(f"skipped: {THESIS} is absent")
        return 0
    from qikan.model import Source
    from qikan.pipeline import process_document

    data = pdf.read_bytes()
    t0 = time.perf_counter()
    doc = process_document(Source(str(pdf), "main.pdf", "pdf", len(data), hashlib.sha256(data).hexdigest()))
    dt = time.perf_counter() - t0
    print(
        f"nku-thesis: {doc.n_pages} pages, {len(doc.sections)} sections, {len(doc.paragraphs)} paragraphs, "
        f"{len(doc.references)} references ({dt:.1f} s)"
    )
    refs = doc.references
    print(
        f"references: {len(refs)}; with type code {sum(bool(r['type_code']) for r in refs)}, "
        f"title {sum(bool(r['title']) for r in refs)}, year {sum(bool(r['year']) for r in refs)}, "
        f"container {sum(bool(r['container']) for r in refs)}"
    )
    found = {strip_numbering(s.title) for s in doc.sections if s.title}
    titles = source_titles()
    for group in (("chapter", "section"), ("subsection",)):
        want = [t for k in group for t in titles[k]]
        hits = [t for t in want if strip_numbering(t) in found]
        share = len(hits) / max(len(want), 1)
        print(f"{'/'.join(group)} titles found as headings: {len(hits)}/{len(want)} = {100 * share:.1f}%")
        for t in want:
            if t not in hits:
                print(f"    missing: {t}")
    known = {strip_numbering(t) for ts in titles.values() for t in ts} | {"摘要", "abstract", "参考文献"}
    extra = [s.title for s in doc.sections if s.title and strip_numbering(s.title).lower() not in known]
    dup = sum(1 for s in doc.sections if s.title) - len({s.title for s in doc.sections if s.title})
    print(
        f"headings not in the source: {len(extra)} ({len(set(extra))} distinct); repeated headings: {dup} "
        "(a repeated heading is taken for a running header and skipped)"
    )
    for t in sorted(set(extra))[:15]:
        print(f"    extra: {t}")
    abstract_tex = (THESIS / "tex" / "abstract.tex").read_text(encoding="utf-8")
    checks = [
        ("abstract (摘要)", env(abstract_tex, "zhaiyao"), doc.meta.get("abstract")),
        ("abstract (English)", env(abstract_tex, "abstract"), doc.meta.get("abstract_en")),
        ("keywords (关键词)", re.split(r"[；;]", env(abstract_tex, "guanjianci")), doc.meta.get("keywords")),
        ("keywords (English)", re.split(r"[；;]", env(abstract_tex, "keywords")), doc.meta.get("keywords_en")),
    ]
    for name, want, got in checks:
        if isinstance(want, list):
            w, g = [norm(x) for x in want if x.strip()], [norm(x) for x in got or []]
            print(f"{name}: {'exact' if w == g else 'DIFFERS'} ({len(g)} found, {len(w)} in the source)")
            if w != g:
                print(f"    source: {w}\n    found:  {g}")
            continue
        w, g = norm(want), norm(got)
        diffs = space_differences(want, got or "")
        spacing = "exact" if not diffs else f"{len(diffs)} differences, e.g. {diffs[0][0]!r} → {diffs[0][1]!r}"
        if w == g:
            print(f"{name}: exact ({len(w)} characters); with word spaces: {spacing}")
        else:
            i = next((k for k, (a, b) in enumerate(zip(w, g)) if a != b), min(len(w), len(g)))
            print(f"{name}: DIFFERS at character {i} of {len(w)} (found {len(g)})")
            print(f"    source: …{w[max(0, i - 15) : i + 25]}…\n    found:  …{g[max(0, i - 15) : i + 25]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
