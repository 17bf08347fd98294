"""参考文献 entries: split a reference list and parse each entry per GB/T 7714 where it can.

The raw entry is always kept; the parsed fields are best effort and null when the entry does
not follow the standard (a reference that cannot be parsed still becomes a row).
"""

from __future__ import annotations

import re
from typing import Any

from qikan.conventions import CJK, CJK_RANGES
from qikan.conventions import REFERENCE_ENTRY_RE as ENTRY_START_RE
from qikan.conventions import REFERENCE_TYPE_RE as TYPE_RE

# --------------------------------------------------------------------------- patterns

#: The separator between the elements of an entry: full-width period, or a Latin period before a space/CJK.
_SEP_RE = re.compile(rf"[．。]|\.(?=[ \t]|{CJK}|$)")
#: PDF text that lost its spaces: ``AiolliF.Anintroduction`` — the period after an initial or et al.
_TIGHT_SEP_RE = re.compile(rf"(?:(?<=[A-Z])|(?<=al))\.(?=[A-Z{CJK_RANGES}])")
_YEAR_RE = re.compile(r"(?<!\d)(?P<year>(?:1[89]|20)\d{2})(?![\d])")
#: ``2020，36（10）：65-76`` / ``2018, 108(6): 1488-1542`` / ``2019（8）：5-23``.
_JOURNAL_TAIL_RE = re.compile(
    r"(?P<year>(?:1[89]|20)\d{2})[a-z]?[ \t]*(?:[，,][ \t]*(?P<volume>[\dA-Za-z\-]+))?[ \t]*"
    r"(?:[（(][ \t]*(?P<issue>[^）)]{1,12}?)[ \t]*[）)])?[ \t]*(?:[：:][ \t]*(?P<pages>[\dA-Za-z]+(?:[ \t]*[-–—~－][ \t]*[\dA-Za-z]+)?))?"
)
_DOI_RE = re.compile(r"10\.\d{4,9}/[^\s，。；、]+")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s，。；、]+")
#: (Blanks before the mark are taken only from where their run starts: linear on long runs.)
_AUTHOR_SPLIT_RE = re.compile(r"(?:(?<![ \t\u3000])[ \t\u3000]*)?[，,、;；][ \t\u3000]*")
_ET_AL_RE = re.compile(r"^(?:等|et[ \t]*al\.?|等\.)$", re.I)
_WRAP_RE = re.compile(r"[ \t]*\n[ \t\u3000]*")


def _unwrap(s: str) -> str:
    """Join the wrapped lines of an entry: Latin words with a space, Chinese (and hyphens) without."""
    return _WRAP_RE.sub(lambda m: " " if _latin_around(s, m) else "", s)


def _latin_around(s: str, m: re.Match) -> bool:
    a, b = s[m.start() - 1 : m.start()], s[m.end() : m.end() + 1]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def entry_number(line: str) -> int | None:
    m = ENTRY_START_RE.match(line)
    if not m:
        return None
    return int(m["a"] or m["b"] or m["c"])


def _strip_end(s: str) -> str:
    return s.strip(" \t\u3000.．。,，;；")


def _elements(s: str) -> list[str]:
    """Elements separated by periods, with URLs and DOIs kept whole."""
    keep = {}

    def hide(m: re.Match) -> str:
        keep[f"\x00{len(keep)}\x00"] = m.group()
        return f"\x00{len(keep) - 1}\x00"

    hidden = _URL_RE.sub(hide, s)
    hidden = _DOI_RE.sub(hide, hidden)
    parts = [p for p in (_strip_end(x) for x in _SEP_RE.split(hidden)) if p]
    out = []
    for p in parts:
        for k, v in keep.items():
            p = p.replace(k, v)
        out.append(p)
    return out


def parse_reference(raw: str) -> dict[str, Any]:
    """Parse one 参考文献 entry (its number stripped) into the ``references`` fields.

    >>> r = parse_reference("赵涛，张智，梁上坤．数字经济、创业活跃度与高质量发展[J]．管理世界，2020，36（10）：65-76.")
    >>> r["authors"], r["title"], r["type_code"], r["container"], r["year"], r["volume"], r["issue"], r["pages"]
    (['赵涛', '张智', '梁上坤'], '数字经济、创业活跃度与高质量发展', 'J', '管理世界', 2020, '36', '10', '65-76')
    """
    text = ENTRY_START_RE.sub("", raw, count=1).strip()
    raw_text, text = text, _unwrap(text)
    out: dict[str, Any] = dict.fromkeys(
        ("authors", "title", "type_code", "container", "year", "volume", "issue", "pages", "doi", "url")
    )
    out["raw"] = raw_text
    if m := _DOI_RE.search(text):
        out["doi"] = _strip_end(m.group())
    if m := _URL_RE.search(text):
        out["url"] = _strip_end(m.group())
    tm = TYPE_RE.search(text)
    if not tm:
        if ym := _YEAR_RE.search(text):
            out["year"] = int(ym["year"])
        return out
    code = tm["code"]
    out["type_code"] = code
    head, tail = text[: tm.start()], text[tm.end() :]
    seps = sorted([*_SEP_RE.finditer(head), *_TIGHT_SEP_RE.finditer(head)], key=lambda m: m.start())
    sep = next((m for m in seps if _strip_end(head[m.end() :])), None)
    if sep:
        authors, title = head[: sep.start()], head[sep.end() :]
        names = [a for a in (x.strip() for x in _AUTHOR_SPLIT_RE.split(authors)) if a and not _ET_AL_RE.match(a)]
        out["authors"] = names or None
        out["title"] = _strip_end(title) or None
    else:
        out["title"] = _strip_end(head) or None
    base = code.split("/")[0]
    if base == "C" and "//" in tail:
        tail = tail.split("//", 1)[1]
        parts = _elements(tail)
        out["container"] = parts[1] if len(parts) > 2 else (parts[0] if parts else None)
        _publisher_tail(out, parts[-1] if parts else "")
    elif base in ("J", "N"):
        parts = _elements(tail)
        if parts:
            first = parts[0]
            cm = re.match(r"(?P<name>.+?)[ \t]*[，,][ \t]*(?=(?:1[89]|20)\d{2})", first)
            out["container"] = _strip_end(cm["name"]) if cm else _strip_end(first) or None
            jm = _JOURNAL_TAIL_RE.search(first[cm.end() :] if cm else first)
            if jm:
                out["year"] = int(jm["year"])
                out["volume"] = jm["volume"]
                out["issue"] = jm["issue"]
                out["pages"] = re.sub(r"[ \t]*[-–—~－][ \t]*", "-", jm["pages"]) if jm["pages"] else None
    else:
        parts = _elements(tail)
        pub = next((p for p in parts if re.search(r"[：:]", p) and _YEAR_RE.search(p)), None)
        if pub:
            _publisher_tail(out, pub)
    if out["year"] is None and (ym := _YEAR_RE.search(tail)):
        out["year"] = int(ym["year"])
    return out


def _publisher_tail(out: dict[str, Any], s: str) -> None:
    """``北京：商务印书馆，1990：73-76`` → container (publisher), year, pages."""
    m = re.match(
        r"^(?:[^：:]+[：:][ \t]*)?(?P<pub>[^，,：:]+?)[ \t]*[，,][ \t]*(?P<year>(?:1[89]|20)\d{2})[^：:]*"
        r"(?:[：:][ \t]*(?P<pages>\d+(?:[ \t]*[-–—~－][ \t]*\d+)?))?",
        s.strip(),
    )
    if not m:
        return
    if out["container"] is None:
        out["container"] = m["pub"].strip()
    out["year"] = int(m["year"])
    if m["pages"]:
        out["pages"] = re.sub(r"[ \t]*[-–—~－][ \t]*", "-", m["pages"])
