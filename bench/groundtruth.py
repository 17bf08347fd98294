"""Ground-truth paragraphs for the manuals in ``../shared/corpus/manuals`` (benchmarks only).

- Debian reference: the ``<p>`` elements of the HTML chapters (not tables, not ``<pre>``).
- lshort: prose paragraphs of the LaTeX chapters (blank-line separated, outside verbatim-like,
  float and math environments), with the common macros rendered roughly as the PDF shows them.

Both are approximations of "what the PDF's running text should be"; ``normalise`` removes
what is rendering, not extraction (whitespace, curly vs straight quotes, full/half width).
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DEBIAN = CORPUS / "manuals" / "debian-reference-zh-cn"
LSHORT = CORPUS / "manuals" / "lshort-zh-cn"

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "′": "'"})
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, straight quotes, no whitespace: the form both sides are compared in."""
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cur: list[str] | None = None
        self.skip = 0
        self.xref: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("table", "pre", "head", "script", "style"):
            self.skip += 1
        elif tag == "p" and not self.skip:
            self.cur = []
        elif tag == "a" and ("class", "xref") in attrs and self.cur is not None:
            self.xref = []

    def handle_endtag(self, tag):
        if tag == "a" and self.xref is not None:
            # the PDF edition prints a cross-reference as its number only: 第 1.6.2 节 “正则表达式” → 第 1.6.2 节
            text = "".join(self.xref)
            self.xref = None
            self.handle_data(text.split(" “")[0].split("“")[0])
            return
        if tag in ("table", "pre", "head", "script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "p" and self.cur is not None:
            text = _WS.sub(" ", "".join(self.cur)).strip()
            if text:
                self.out.append(text)
            self.cur = None

    def handle_data(self, data):
        if self.xref is not None:
            self.xref.append(data)
            return
        if self.cur is not None and not self.skip:
            self.cur.append(data)


def debian_paragraphs() -> list[str]:
    files = sorted(
        DEBIAN.glob("*.html"), key=lambda p: (p.name != "index.zh-cn.html", p.name != "pr01.zh-cn.html", p.name)
    )
    out: list[str] = []
    for f in files:
        parser = _Paragraphs()
        parser.feed(f.read_text(encoding="utf-8"))
        out.extend(parser.out)
    return out


_SKIP_ENVS = (
    "verbatim|Verbatim|command|symbols|lstlisting|example|latexcode|table|figure|tabular|tabularx|equation|align|gather|multline|"
    "tikzpicture|minipage|itemize|enumerate|description|displaymath|math|comment|center|flushleft|flushright|"
    "quote|quotation|longtable|lstlisting\\*|verbatim\\*|equation\\*|align\\*|gather\\*|sourcecode|demo"
)
_ENV_RE = re.compile(r"\\begin\{(" + _SKIP_ENVS + r")\}.*?\\end\{\1\}", re.S)
_COMMENT_RE = re.compile(r"(?<!\\)%.*")
_DROP_ARG_RE = re.compile(
    r"\\(?:label|index|footnote|cite|ref|pageref|vspace|hspace|footnotemark|footnotetext)\*?(?:\[[^\]]*\])?\{(?:[^{}]|\{[^{}]*\})*\}"
)
_NAMES = {"\\LaTeXe": "LATEX2ε", "\\LaTeX": "LATEX", "\\TeX": "TEX", "\\XeTeX": "XETEX", "\\ldots": "…", "\\dots": "…"}
_CMD_ARG_RE = re.compile(r"\\(?:cmd|cs|cmdindex|crcmd)\{\\?([^{}]*)\}")
_VERB_RE = re.compile(r"\\verb\*?(.)(.*?)\1")
#: lshort's argument macros as the PDF prints them
_ARGS = (
    (re.compile(r"\\Arg\{([^{}]*)\}"), "⟨\\1⟩"),
    (re.compile(r"\\marg\{([^{}]*)\}"), "{⟨\\1⟩}"),
    (re.compile(r"\\oarg\{([^{}]*)\}"), "[⟨\\1⟩]"),
    (re.compile(r"\\(?:pkgindex|envindex|clsindex)\{([^{}]*)\}"), "\\1"),
)
_MACRO_RE = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?")


def _latex_to_text(chunk: str) -> str:
    chunk = _VERB_RE.sub(lambda m: m[2], chunk)
    chunk = _DROP_ARG_RE.sub("", chunk)
    chunk = _CMD_ARG_RE.sub(lambda m: "\x01" + m[1], chunk)  # a printed command name, e.g. \\section
    for rx, rep in _ARGS:
        chunk = rx.sub(rep, chunk)
    chunk = chunk.replace("\\-", "")
    for k, v in _NAMES.items():
        chunk = chunk.replace(k + "{}", v).replace(k, v)
    chunk = _MACRO_RE.sub("", chunk)
    chunk = chunk.replace("~", " ").replace("{", "").replace("}", "").replace("\\\\", "")
    chunk = re.sub(r"\$[^$]*\$", "", chunk).replace("\x01", "\\")
    return _WS.sub(" ", chunk).strip()


def lshort_paragraphs() -> list[str]:
    main = (LSHORT / "src" / "lshort-zh-cn.tex").read_text(encoding="utf-8")
    order = re.findall(r"\\(?:include|input)\{(?:chap/)?([^}]+)\}", main)
    out: list[str] = []
    for name in order:
        path = LSHORT / "src" / "chap" / (name if name.endswith(".tex") else name + ".tex")
        if not path.exists():
            continue
        src = _COMMENT_RE.sub("", path.read_text(encoding="utf-8"))
        src = _ENV_RE.sub("\n\n", src)
        for chunk in re.split(r"\n\s*\n", src):
            chunk = chunk.strip()
            if not chunk or re.match(r"\\(?!LaTeX|TeX|XeTeX|emph|textbf|cmd|pkg|env|uline|ie|eg)[A-Za-z]", chunk):
                continue
            text = _latex_to_text(chunk)
            if len(text) >= 10:
                out.append(text)
    return out
