"""Ground truth and scoring for the manuals in ``../shared/corpus/manuals`` (benchmarks only).

Both ``bench/repair_quality.py`` (pdfplumber page text -> repair engine) and
``bench/pdf_quality.py`` (the layout-aware PDF path) use this module: the same truth paragraphs,
the same comparison form (:func:`normalise`) and the same scorer (:func:`score`).

Ground truth, "what the PDF's running text is", paragraph by paragraph:

- Debian reference: the ``<p>`` elements of the HTML chapters (not tables, not ``<pre>``); a
  cross-reference ``<a class="xref">`` keeps only its number, a footnote mark ``[1]`` is
  ``1`` and a table's title ``表 1.1. …`` reads ``Table 1.1: …``, as the PDF edition prints them.
- lshort-zh-cn: the running text of the LaTeX chapters in ``\\input`` order, rendered as the
  PDF prints it (:func:`lshort_paragraphs`, details there).

lshort is free documentation (GNU FDL 1.3) and the Debian reference is GPL-2+; the tests pin a
few short excerpts of the rendered truth with that licence noted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: ``../shared/corpus`` beside the checkout; from a worktree one level deeper (``/work/wt/x``)
#: the nearest ancestor's ``shared/corpus``
CORPUS = next(
    (
        p / "shared" / "corpus"
        for p in Path(__file__).resolve().parents[1].parents
        if (p / "shared" / "corpus").is_dir()
    ),
    Path(__file__).resolve().parents[1].parent / "shared" / "corpus",
)
DEBIAN = CORPUS / "manuals" / "debian-reference-zh-cn"
LSHORT = CORPUS / "manuals" / "lshort-zh-cn"

# --------------------------------------------------------------------------- comparison form

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "′": "'"})
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The one form truth and output are compared in: NFKC, straight quotes, no whitespace.

    - NFKC folds full-width and ASCII punctuation together (``，`` = ``,``, ``（`` = ``(``,
      ``：`` = ``:``, ``？`` = ``?``, full-width letters and digits = ASCII). Issue 3 *requires*
      the repair engine to turn ASCII ``, ; : ( )`` between Chinese characters full-width, while
      the Debian HTML keeps the ASCII marks there: without the fold every mandated repair would
      count as an error. The fold hides nothing else: a wrong, missing or extra mark still counts.
    - Curly and straight quotes are one mark (the HTML writes ``"``, the PDF prints ``“”``;
      LaTeX's ````…''`` prints curly). ``。、《》【】`` have no ASCII twin and stay as they are.
    - Whitespace is dropped: the HTML, the LaTeX source and the PDF space Latin words and
      CJK/Latin seams differently, and whether ``中 A`` has a space is not what is measured.
    """
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))


# --------------------------------------------------------------------------- Debian (HTML)


_TABLE_TITLE_RE = re.compile(r"^表 (\d+\.\d+)\. ")
_XREF_NUMBER_RE = re.compile(r"第\s*[\dA-Z.]+\s*[章节]")
_FOOTNOTE_MARK_RE = re.compile(r"^\s*\[(\d+)\]\s*$")


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cur: list[str] | None = None
        self.skip = 0
        self.xref: list[str] | None = None
        self.sup = 0

    def handle_starttag(self, tag, attrs):
        if tag == "sup":
            self.sup += 1
        if tag in ("table", "pre", "head", "script", "style"):
            self.skip += 1
        elif tag == "p" and not self.skip:
            self.cur = []
        elif tag == "a" and ("class", "xref") in attrs and self.cur is not None:
            self.xref = []

    def handle_endtag(self, tag):
        if tag == "a" and self.xref is not None:
            # the PDF edition prints a cross-reference as its number only:
            # 第 1.6.2 节 “正则表达式” → 第 1.6.2 节, 第 8 章 国际化和本地化 → 第 8 章
            text = "".join(self.xref)
            self.xref = None
            number = _XREF_NUMBER_RE.match(text)
            self.handle_data(number[0] if number else text.split(" “")[0].split("“")[0])
            return
        if tag == "sup":
            self.sup = max(0, self.sup - 1)
        if tag in ("table", "pre", "head", "script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "p" and self.cur is not None:
            text = _WS.sub(" ", "".join(self.cur)).strip()
            # a table's title: the PDF (DocBook's LaTeX style) prints "Table 1.1: …", in English
            text = _TABLE_TITLE_RE.sub(r"Table \1: ", text)
            if text:
                self.out.append(text)
            self.cur = None

    def handle_data(self, data):
        if self.sup and _FOOTNOTE_MARK_RE.match(data):
            data = _FOOTNOTE_MARK_RE.match(data)[1]  # the PDF sets the mark [1] as a superscript 1
        if self.xref is not None:
            self.xref.append(data)
            return
        if self.cur is not None and not self.skip:
            self.cur.append(data)


def debian_paragraphs() -> list[str]:
    """The ``<p>`` paragraphs of the Debian reference's HTML chapters, in reading order."""
    files = sorted(
        DEBIAN.glob("*.html"), key=lambda p: (p.name != "index.zh-cn.html", p.name != "pr01.zh-cn.html", p.name)
    )
    out: list[str] = []
    for f in files:
        parser = _Paragraphs()
        parser.feed(f.read_text(encoding="utf-8"))
        out.extend(parser.out)
    return out


# --------------------------------------------------------------------------- lshort (LaTeX)

_COMMENT_RE = re.compile(r"(?<!\\)%.*")
#: \verb|…| and lshort's \CTAN|path| (printed as CTAN://path) take a delimited literal argument
_VERB_RE = re.compile(r"\\(verb\*?|CTAN)([^A-Za-z\s*])(.*?)\2")
#: environments whose body is source code: nothing in them is counted or rendered
_CODE_ENVS = "Verbatim|verbatim\\*?|lstlisting"
_CODE_RE = re.compile(r"\\begin\{(" + _CODE_ENVS + r")\}.*?\\end\{\1\}", re.S)
#: environments whose body is running text: their edges end a paragraph, their body is kept
_TEXT_ENVS = {"itemize", "enumerate", "description", "pkglist", "quote", "quotation", "intro", "trivlist"}
_ENV_RE = re.compile(r"\\(begin|end)\{([^}]+)\}")
_HEADINGS = ("chapter", "section", "subsection", "subsubsection")
_ALPHA = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class _Counters:
    """The LaTeX counters lshort's cross-references print (book class, secnumdepth 2)."""

    numbered: bool = True  # \frontmatter chapters are unnumbered
    appendix: bool = False
    chapter: int = 0
    section: int = 0
    subsection: int = 0
    floats: dict[str, int] = field(default_factory=dict)  # table, figure, sourcecode: per chapter
    subfigure: int = 0
    footnote: int = 0  # per chapter
    target: str = ""  # what \label refers to: the last number stepped
    labels: dict[str, str] = field(default_factory=dict)

    def chap(self) -> str:
        return _ALPHA[self.chapter - 1].upper() if self.appendix else str(self.chapter)


def _braced(src: str, i: int) -> int:
    """Index just past the brace group that opens at ``src[i] == "{"``."""
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{" and src[j - 1] != "\\":
            depth += 1
        elif src[j] == "}" and src[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(src)


#: a macro definition in the running source (lshort defines helpers where it uses them)
_DEF_RE = re.compile(
    r"^[ \t]*(?:\\long)?\\(?:def|newcommand|renewcommand|DeclareRobustCommand\*?|newenvironment|newdimen|theoremstyle|newtheorem)\b",
    re.M,
)


def _strip_defs(src: str) -> str:
    """Drop macro definitions: the name, parameters and every brace group that follows."""
    out, last = [], 0
    for m in _DEF_RE.finditer(src):
        if m.start() < last:
            continue
        i = m.end() + len(re.compile(r"[^\n{]*").match(src, m.end())[0])  # the name and parameters
        while True:  # the body and any further arguments, on this line or the next ones
            g = re.compile(r"[ \t]*\n?[ \t]*(?:(\{)|\[[^\]\n]*\])").match(src, i)
            if g is None:
                break
            i = _braced(src, g.start(1)) if g[1] else g.end()
        out.append(src[last : m.start()])
        last = i
    out.append(src[last:])
    return "".join(out)


def _strip_code(src: str) -> str:
    src = _COMMENT_RE.sub("", src)
    src = _VERB_RE.sub(lambda m: "\x02" + m[1] + "\x03" + m[3].replace("\\", "\x04") + "\x02", src)
    return _strip_defs(_CODE_RE.sub("\n\n", src))


_COUNT_RE = re.compile(
    r"\\(chapter|section|subsection|subsubsection)(\*?)"
    r"|\\begin\{(table|figure|sourcecode|subfigure|minipage)\}"
    r"|\\end\{(subfigure|minipage)\}"
    r"|\\(caption|label|footnote|footnotemark)\b"
)


def _count(src: str, c: _Counters) -> str:
    """Step the counters through one file; return it with every counted ``\\footnote{`` numbered.

    A footnote of the running text becomes ``\\footnote[N]{`` (LaTeX's own syntax for a given
    number), and so does ``\\footnotemark``. The typeset half of an ``example`` is real output
    and steps the counter like any text (chapter 3's footnote 4 is an example's); footnotes
    inside a ``minipage`` use the minipage's own counter (a, b …) and do not.
    """
    out, last, float_env, boxed, in_sub = [], 0, "", 0, False
    for m in _COUNT_RE.finditer(src):
        if m[1]:
            if m[2] or m[1] == "subsubsection" or not c.numbered:  # starred, or below secnumdepth: unnumbered
                continue
            if m[1] == "chapter":
                c.chapter, c.section, c.subsection, c.footnote = c.chapter + 1, 0, 0, 0
                c.floats = {}
                c.target = c.chap()
            elif m[1] == "section":
                c.section, c.subsection = c.section + 1, 0
                c.target = f"{c.chap()}.{c.section}"
            else:
                c.subsection += 1
                c.target = f"{c.chap()}.{c.section}.{c.subsection}"
        elif m[3]:
            if m[3] == "minipage":
                boxed += 1
            elif m[3] == "subfigure":
                c.subfigure, in_sub = c.subfigure + 1, True
            else:
                float_env, c.subfigure = m[3], 0
        elif m[4]:
            boxed -= m[4] == "minipage"
            in_sub = in_sub and m[4] != "subfigure"
        elif m[5] == "caption" and float_env:
            if in_sub:  # a subfigure's caption: the figure's number (its own caption comes later) + a, b …
                c.target = f"{c.chap()}.{c.floats.get(float_env, 0) + 1}{_ALPHA[c.subfigure - 1]}"
                continue
            c.floats[float_env] = c.floats.get(float_env, 0) + 1
            c.target = f"{c.chap()}.{c.floats[float_env]}"
        elif m[5] == "label":
            end = _braced(src, m.end())
            c.labels.setdefault(src[m.end() + 1 : end - 1], c.target)
        elif m[5] in ("footnote", "footnotemark") and not boxed and src[m.end() : m.end() + 1] != "[":
            c.footnote += 1
            out += [src[last : m.end()], f"[{c.footnote}]"]
            last = m.end()
    out.append(src[last:])
    return "".join(out)


#: \hologo names as the PDF's text layer gives them (checked with pdfplumber)
_HOLOGO = {
    "AmS": "AMS",
    "BibTeX": "BIBTEX",
    "CTeX": "CTEX",
    "LuaTeX": "LuaTEX",
    "METAFONT": "METAFONT",
    "METAPOST": "METAPOST",
    "MacTeX": "MacTEX",
    "MiKTeX": "MiKTEX",
    "TeXLive": "TEX Live",
    "TikZ": "TikZ",
    "XeLaTeX": "XƎLATEX",
    "XeTeX": "XƎTEX",
    "pdfLaTeX": "pdfLATEX",
    "pdfTeX": "pdfTEX",
    "plainTeX": "plain TEX",
    "teTeX": "teTEX",
}
#: macros without an argument and what they print. \LaTeXe's ε is code 0x22 of CMMI10, a font
#: without a ToUnicode map or an /Encoding: its embedded program names the glyph epsilon1 (PDFium
#: reads ε), and pdfminer reads the code through the standard encoding, '"' (its artefact).
_WORDS = {
    "LaTeX": "LATEX",
    "LaTeXe": "LATEX2ε",
    "TeX": "TEX",
    "ldots": "…",
    "dots": "…",
    "S": "§",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textvisiblespace": "␣",
    "textbar": "|",
    "textunderscore": "_",
    "copyright": "©",
    "qedsymbol": "",  # amsthm's open box is drawn with rules: the text layer has nothing
    "quad": " ",
    "qquad": " ",
    "crcmd": "\\\\",
}
#: declarations and spacing that print nothing
_SILENT = set(
    "noindent par protect relax centering raggedright raggedleft small footnotesize large Large LARGE normalsize "
    "bfseries ttfamily sffamily itshape rmfamily normalfont medskip bigskip smallskip newline linebreak "
    "nolinebreak pagebreak nopagebreak hfill hfil vfill indent newpage clearpage break allowbreak begingroup "
    "endgroup leavevmode dotfill".split()
)
#: macros whose first argument is printed as is (font changes, lshort's names of things)
_SHOW = set(
    "texttt textbf emph textit textsf textrm textup textsc textmd text mbox uline underline pkg env cls amsenv "
    "LaTeXerror".split()
)
#: typewriter macros: no TeX ligatures (-- ``) inside
_TT = {"texttt", "pkg", "env", "cls", "amsenv", "cmd", "amscmd", "url", "LaTeXerror", "nolinkurl"}
#: accents over a letter: \"o prints ö
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}
#: macros whose arguments print nothing here (index entries, labels, spacing)
_DROP = {
    "label": 1,
    "index": 1,
    "pkgindex": 1,
    "envindex": 1,
    "cmdindex": 1,
    "clsindex": 1,
    "pinyinindex": 2,
    "footnotetext": 1,  # the note of a \footnotemark, set at the page foot
    "mathindex": 1,
    "unitindex": 1,
    "msymindex": 1,
    "vspace": 1,
    "hspace": 1,
    "addvspace": 1,
    "color": 1,
    "addtocontents": 2,
    "phantom": 1,
    "marginpar": 1,  # a margin note: not running text
    "symindex": 1,
    "maccindex": 1,
    "waccindex": 1,
}
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("!`", "¡"), ("?`", "¿"), ("`", "‘"), ("'", "’"))


class Unrenderable(ValueError):
    """A paragraph holds something whose printed form the truth does not model."""


def _arg(src: str, i: int) -> tuple[str, int]:
    """The argument at ``src[i:]`` (a brace group or one token) and the index after it."""
    while i < len(src) and src[i] in " \n\t":
        i += 1
    if i < len(src) and src[i] == "{":
        end = _braced(src, i)
        return src[i + 1 : end - 1], end
    if i < len(src) and src[i] == "\\":
        m = re.compile(r"\\[A-Za-z]+|\\.").match(src, i)
        return m[0], m.end()
    return src[i : i + 1], i + 1


def _opt(src: str, i: int) -> tuple[str | None, int]:
    if i < len(src) and src[i] == "[":
        end = src.find("]", i)
        return src[i + 1 : end], end + 1
    return None, i


def _render(src: str, labels: dict[str, str], cites: dict[str, int], *, tt: bool = False) -> str:
    """LaTeX paragraph source -> the text the PDF prints; raises :class:`Unrenderable`."""
    out: list[str] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\x02":  # a \verb literal
            end = src.index("\x02", i + 1)
            kind, _, body = src[i + 1 : end].partition("\x03")
            out.append(("CTAN://" if kind == "CTAN" else "") + body.replace("\x04", "\\"))
            i = end + 1
            continue
        if ch == "$":
            raise Unrenderable("math")
        if ch in "{}":
            i += 1
            continue
        if ch == "~":
            out.append(" ")
            i += 1
            continue
        if ch != "\\":
            if not tt:
                for lig, rep in _LIGATURES:
                    if src.startswith(lig, i):
                        out.append(rep)
                        i += len(lig)
                        break
                else:
                    out.append(ch)
                    i += 1
            else:
                out.append(ch)
                i += 1
            continue
        m = re.compile(r"\\([A-Za-z]+)(\*?)|\\(.)", re.S).match(src, i)
        i = m.end()
        if m[2] and m[1] not in ("Arg", "marg", "oarg"):
            i -= 1  # \texttt* prints a star: only lshort's argument macros have starred forms
        if m[3] is not None:  # control symbol
            sym = m[3]
            if sym in "{}%&#_$":
                out.append(sym)
            elif sym == "\\":  # a forced line break inside the paragraph
                _, i = _opt(src, i)
                out.append(" ")
            elif sym in ",@/- \n":
                out.append(" " if sym in " \n," else "")
            elif sym in _ACCENTS:
                body, i = _arg(src, i)
                out.append(unicodedata.normalize("NFC", body + _ACCENTS[sym]))
            elif sym in "()[]":
                raise Unrenderable("math")
            else:
                raise Unrenderable("\\" + sym)
            continue
        name = m[1]
        if name in ("LaTeX", "LaTeXe", "TeX") and src.startswith("{}", i):
            i += 2
        if name in _WORDS:
            out.append(_WORDS[name])
        elif name in _SILENT:
            if name in ("linebreak", "nolinebreak", "pagebreak", "nopagebreak"):
                _, i = _opt(src, i)
        elif name in _DROP:
            _, i = _opt(src, i)
            for _k in range(_DROP[name]):
                _, i = _arg(src, i)
        elif name in _SHOW or name == "textcolor":
            if name == "textcolor":
                _, i = _arg(src, i)
            body, i = _arg(src, i)
            out.append(_render(body, labels, cites, tt=tt or name in _TT))
        elif name in ("cmd", "amscmd"):  # \texttt{\textbackslash #1}: \cmd{\textasciicircum} prints \^
            body, i = _arg(src, i)
            out.append("\\" + _render(body, labels, cites, tt=True))
        elif name in ("Arg", "marg", "oarg"):  # the starred forms print the argument without ⟨⟩
            body, i = _arg(src, i)
            text = _render(body, labels, cites, tt=True)
            text = text if m[2] else "⟨" + text + "⟩"
            out.append({"Arg": text, "marg": "{" + text + "}", "oarg": "[" + text + "]"}[name])
        elif name == "hologo":
            body, i = _arg(src, i)
            if body not in _HOLOGO:
                raise Unrenderable("\\hologo{" + body + "}")
            out.append(_HOLOGO[body])
        elif name in ("ref", "eqref"):
            body, i = _arg(src, i)
            if body not in labels:
                raise Unrenderable("\\ref{" + body + "}")
            out.append(labels[body] if name == "ref" else f"({labels[body]})")
        elif name == "pageref":
            raise Unrenderable("\\pageref")  # a page number: not modelled
        elif name == "cite":
            note, i = _opt(src, i)
            body, i = _arg(src, i)
            nums = ", ".join(str(cites[k.strip()]) for k in body.split(","))
            out.append(f"[{nums}{', ' + note if note else ''}]")
        elif name in ("footnote", "footnotemark"):
            num, i = _opt(src, i)
            if name == "footnote":
                _, i = _arg(src, i)  # the note's text is set at the page foot, not here
            if num is None:
                raise Unrenderable("footnote in a box")
            out.append(num)
        elif name in ("url", "nolinkurl"):  # the argument is printed verbatim; \\ in it prints one backslash
            body, i = _arg(src, i)
            out.append(body.replace("\\\\", "\\"))
        else:
            raise Unrenderable("\\" + name)
    return "".join(out)


def _blocks(src: str) -> list[str]:
    """Split a chapter's source into paragraph sources.

    A truth paragraph is a run of running text between blank lines (or ``\\par``), headings,
    list items, and the edges of display material. Display material — source-code and example
    blocks, tables, figures, displayed commands, display math, centred or flushed blocks — is
    dropped, and the text before and after it are two paragraphs: in the PDF the display sits
    between them on lines of its own (LaTeX continues the paragraph without indent, but no
    reader of the text layer can tell that from a new one). Lists and quotes keep their text:
    each ``\\item`` starts a paragraph, a description item's label printed at its start.
    """
    out: list[str] = []
    i, start = 0, 0
    pieces: list[str] = []
    while True:
        m = re.compile(
            r"\\begin\{([^}]+)\}|\\end\{([^}]+)\}|\\item\b|\\par\b|\\(?:" + "|".join(_HEADINGS) + r")\*?|\\\[|\n\s*\n"
        ).search(src, i)
        if m is None:
            pieces.append(src[start:])
            break
        pieces.append(src[start : m.start()])
        i = m.end()
        tok = m[0]
        out.append("".join(pieces))
        pieces = []
        if m[1] and m[1] not in _TEXT_ENVS:  # a display: skip to its matching end
            depth, j = 1, i
            for e in _ENV_RE.finditer(src, i):
                if e[2] == m[1]:
                    depth += 1 if e[1] == "begin" else -1
                    if depth == 0:
                        j = e.end()
                        break
            i = j  # an environment left open (none in lshort) only loses its opening
        elif tok.startswith("\\item"):
            label, i = _opt(src, i)
            if label is not None:
                pieces.append("{" + label + "} ")
        elif tok == "\\[":
            i = src.find("\\]", i) + 2 if "\\]" in src[i:] else i
        elif tok.startswith("\\") and tok.rstrip("*")[1:] in _HEADINGS:
            _, i = _opt(src, i)
            _, i = _arg(src, i)
        elif m[1] and src[i : i + 1] == "[":  # a text environment's options, e.g. \begin{itemize}[…]
            _, i = _opt(src, i)
        start = i
    return out


@dataclass
class LshortTruth:
    """The rendered paragraphs, and the ones left out with the reason."""

    paragraphs: list[str]
    skipped: dict[str, int]
    labels: dict[str, str]


def lshort_truth() -> LshortTruth:
    """lshort's running text as the PDF prints it, from its LaTeX source.

    - Chapters in ``\\input`` order; ``\\appendix`` letters the chapters after it (A, B).
    - ``\\ref`` prints the number LaTeX gives the label, counted from the source: chapters,
      sections and subsections (``secnumdepth`` 2: subsubsections are unnumbered), and per
      chapter the ``table``, ``figure`` and ``sourcecode`` captions (``源代码 8.1``), subfigures
      as ``3.4a``. ``\\cite`` prints ``[n]``, n the ``\\bibitem``'s place in the bibliography.
    - ``\\footnote`` prints its mark (the chapter's footnote number) in the text; the note
      itself is set at the page foot and is not part of the paragraph.
    - ``\\index``, ``\\pkgindex`` … and ``\\label`` print nothing: lshort's index macros only
      write index entries (the PDF has nothing in its margins).
    - lshort's macros print as the PDF shows them: ``\\cmd{x}`` ``\\x``, ``\\marg{x}``
      ``{⟨x⟩}``, ``\\pkg{x}`` ``x``, ``\\LaTeX`` ``LATEX``, ``\\hologo{XeTeX}`` ``XƎTEX``;
      TeX's ligatures ``\\`\\``…''`` → ``“…”`` and ``--`` → ``–`` outside typewriter text.
    - Left out, counted by reason: paragraphs with math (its rendering is not modelled), with
      ``\\pageref`` (a page number), and with a macro whose printed form is not modelled.
    """
    main = _COMMENT_RE.sub("", (LSHORT / "src" / "lshort-zh-cn.tex").read_text(encoding="utf-8"))
    c = _Counters()
    files: list[str] = []
    for m in re.finditer(
        r"\\(?:front|main)matter|\\appendix|\\backmatter|\\(?:include|input)\{(?:chap/)?([^}]+)\}", main
    ):
        if m[0] in ("\\frontmatter", "\\mainmatter"):
            c.numbered, c.chapter = m[0] == "\\mainmatter", 0
            continue
        if m[0] == "\\appendix":
            c.appendix, c.chapter = True, 0
            continue
        if m[0] == "\\backmatter":
            c.numbered = False
            continue
        if m[1] in ("titlepage", "biblio"):  # the title page and the bibliography list are not running text
            continue
        path = LSHORT / "src" / "chap" / (m[1] if m[1].endswith(".tex") else m[1] + ".tex")
        files.append(_count(_strip_code(path.read_text(encoding="utf-8")), c))
    biblio = (LSHORT / "src" / "chap" / "biblio.tex").read_text(encoding="utf-8")
    cites = {k: n for n, k in enumerate(re.findall(r"\\bibitem\{([^}]+)\}", biblio), 1)}
    out: list[str] = []
    skipped: dict[str, int] = {}
    for src in files:
        for block in _blocks(src):
            if not block.strip():
                continue
            try:
                text = _WS.sub(" ", _render(block, c.labels, cites)).strip()
            except Unrenderable as e:
                reason = str(e) if str(e) in ("math", "\\pageref") else "macro " + str(e)
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            if text:
                out.append(text)
    return LshortTruth(out, skipped, dict(c.labels))


def lshort_paragraphs() -> list[str]:
    return lshort_truth().paragraphs


def _heading_titles(kind: str) -> list[str]:
    titles = []
    for f in sorted((LSHORT / "src" / "chap").glob("*.tex")):
        src = _strip_code(f.read_text(encoding="utf-8"))
        for m in re.finditer(r"\\" + kind + r"(?:\[[^\]]*\])?(?=\{)", src):
            body = src[m.end() + 1 : _braced(src, m.end()) - 1]
            try:
                titles.append(normalise(_render(body, {}, {})))
            except Unrenderable:
                continue
    return sorted({t for t in titles if t}, key=len, reverse=True)


def running_heads(book: str) -> re.Pattern[str]:
    """The book's running head, in :func:`normalise`\\ d form (page number included).

    - debian: ``Debian 参考手册 23/223`` (roman page numbers in the front matter).
    - lshort: even pages ``20 第三章 文档元素`` / ``104 附录 A 安装 TEX 发行版``, odd pages
      ``§3.2 标题页 21`` — built from the chapter and section titles of the source.
    """
    if book == "debian":
        return re.compile(r"Debian参考手册(?:\d+/\d+|[ivxl]+)")
    chapters = "|".join(map(re.escape, _heading_titles("chapter")))
    sections = "|".join(map(re.escape, _heading_titles("section")))
    return re.compile(
        rf"\d{{1,3}}(?:第[一二三四五六七八九十]+章|附录[A-Z])(?:{chapters})|§[0-9A-Z]+\.\d+(?:{sections})\d{{1,3}}"
    )


#: a table-of-contents entry's dot leader: it names chapters and pages by design
_TOC_RE = re.compile(r"(?:\.\s?){5,}")


def leaks(paragraphs: list[str], book: str) -> list[str]:
    """Paragraphs that still hold the book's running head (table-of-contents entries excepted)."""
    head = running_heads(book)
    return [p for p in paragraphs if not _TOC_RE.search(p) and head.search(normalise(p))]


# --------------------------------------------------------------------------- scoring

#: Truth paragraphs shorter than this (normalised) are not scored; anchors are up to ANCHOR long.
MIN_LEN = 10
ANCHOR = 16
#: a list item's marker is a glyph the HTML (<li>) and LaTeX (\item) draw themselves
MARKER_RE = re.compile(r"^\s*(?:[•–◦▪·‡†-]|\d{1,2}\.(?!\d))\s*")


@dataclass
class Score:
    """Figures of one comparison; ``pairs`` holds (truth, ours, distance) per located paragraph."""

    scored: int
    located: int
    cer_located: float
    cer_all: float
    precision: float
    recall: float
    f1: float
    pairs: list[tuple[str, str, int]] = field(repr=False, default_factory=list)
    unlocated: list[str] = field(repr=False, default_factory=list)
    false_splits: list[tuple[str, int]] = field(repr=False, default_factory=list)
    missed: list[tuple[str, str]] = field(repr=False, default_factory=list)


def score(truth: list[str], paragraphs: list[str], *, form: Callable[[str], str] = normalise) -> Score:
    """Score ``paragraphs`` (ours, in reading order) against ``truth``, both in :func:`normalise` form.

    Our paragraphs, list markers removed, are joined into one stream; their starts (and the
    stream's end) are our boundaries.

    - **Located**: a truth paragraph of at least ``MIN_LEN`` characters is looked for by a
      16-character anchor at its start, middle and end (each forward from the previous paragraph
      located, else anywhere). An anchor's span starts where the anchor puts the paragraph's
      start and ends at its length or where its last characters are found within ±30 % of its
      length; the span closest in edit distance counts. A span more than half wrong is a false
      anchor: if all are false, the paragraph is not located.
    - **CER**: the Levenshtein distance between each located truth paragraph and its span,
      summed, over their summed length (``cer_located``, the headline; shown with how many were
      located); ``cer_all`` also counts every unlocated paragraph as wholly wrong.
    - **Boundaries**: each located paragraph has two, its start and its end. A boundary is hit
      when one of ours is at exactly that position (``recall`` = hits / boundaries). A boundary
      of ours strictly inside a located span is a false split (``precision`` = hits / (hits +
      false splits)). Boundaries of ours outside located spans (tables, code, unlocated text)
      are not scored either way.
    """
    from rapidfuzz.distance import Levenshtein

    bounds: set[int] = set()
    parts: list[str] = []
    pos = 0
    for p in paragraphs:
        n = form(MARKER_RE.sub("", p))
        if n:
            bounds.add(pos)
            parts.append(n)
            pos += len(n)
    bounds.add(pos)
    ext = "".join(parts)
    gts = [n for n in map(form, truth) if len(n) >= MIN_LEN]
    out = Score(len(gts), 0, float("nan"), float("nan"), 0.0, 0.0, 0.0)
    spans: list[tuple[int, int]] = []
    dist = total = total_all = cursor = 0
    for g in gts:
        total_all += len(g)
        a = min(ANCHOR, len(g))
        best: tuple[int, int, int] | None = None  # (distance, start, end)
        for off in (0, len(g) // 2, len(g) - a):
            q = ext.find(g[off : off + a], cursor)
            if q < 0:
                q = ext.find(g[off : off + a])
            if q < 0:
                continue
            p = max(0, q - off)
            ends = {p + len(g)}
            e = ext.find(g[-a:], p + int(len(g) * 0.7), p + int(len(g) * 1.3) + a)
            if e >= 0:
                ends.add(e + a)
            for x in ends:
                cand = (Levenshtein.distance(g, ext[p:x]), p, x)
                best = cand if best is None or cand < best else best
            if best[0] == 0:
                break
        if best is None or best[0] > len(g) * 0.5:  # no anchor, or only false ones
            out.unlocated.append(g)
            continue
        d, p, end = best
        out.located += 1
        total += len(g)
        dist += d
        spans.append((p, end))
        out.pairs.append((g, ext[p:end], d))
        cursor = p
    edges = {x for s in spans for x in s}
    hits = edges & bounds
    inside = sorted({b for b in bounds for s, e in spans if s < b < e})
    for b in inside:
        out.false_splits.append((ext[max(0, b - 30) : b + 30], 30 if b >= 30 else b))
    for g, (s, e) in zip([g for g, _, _ in out.pairs], spans):
        if s not in bounds or e not in bounds:
            out.missed.append((g, ext[max(0, s - 20) : e + 20]))
    out.precision = len(hits) / (len(hits) + len(inside)) if hits or inside else 0.0
    out.recall = len(hits) / len(edges) if edges else 0.0
    out.f1 = 2 * out.precision * out.recall / (out.precision + out.recall) if out.precision + out.recall else 0.0
    out.cer_located = dist / total if total else float("nan")
    out.cer_all = (dist + total_all - total) / total_all if total_all else float("nan")
    return out


def examples(s: Score, n: int) -> list[str]:
    """Up to ``n`` of each kind of error, worst first, for the people fixing them."""
    if n <= 0:
        return []
    lines = ["worst located paragraphs (truth | ours):"]
    for g, ours, d in sorted(s.pairs, key=lambda x: -x[2] / len(x[0]))[:n]:
        lines.append(f"  d={d}: {g[:70]} | {ours[:70]}")
    lines.append("unlocated truth paragraphs:")
    lines += [f"  {g[:100]}" for g in s.unlocated[:n]]
    lines.append("false splits (ours ⏎ inside a truth paragraph):")
    lines += [f"  {ctx[:at]}⏎{ctx[at:]}" for ctx, at in s.false_splits[:n]]
    lines.append("missed boundaries (truth paragraph, with 20 characters either side of its span):")
    lines += [f"  {g[:50]} … in …{ctx[:30]}…{ctx[-30:]}" for g, ctx in s.missed[:n]]
    return lines
