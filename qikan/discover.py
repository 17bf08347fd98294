"""Find the sources under an input root: a local path or any fsspec URL.

Discovery never raises on an entry of the input: every entry becomes a ``Source``, a
``Rejected`` (a quarantine row naming its cause: a symlink loop, a dangling link, a link that
leaves the root, a permission denied, not a regular file, an unsupported type, a file name
that is not UTF-8) or a ``Hidden`` (a name starting with ``.`` or ``_``, skipped and
counted in the run's summary). Only a root that does not exist at all is an error.

Symlink policy (docs/operations.md): a link, to a file or to a folder, is followed when its
target lies inside the input root, and is otherwise not followed (a ``Rejected`` "symlink
leaves the input root"); a folder reached a second time through links is a "symlink loop".
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass

import fsspec

from qikan.model import Failure, Source

#: File suffix → source_format. Anything else under the root is quarantined as unsupported.
FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf"}

_CHUNK = 1 << 20

#: Suffixes of documents people commonly drop beside the exports, with what to do about them.
_CONVERT = {
    ".docx": "Word",
    ".doc": "Word",
    ".rtf": "RTF",
    ".html": "HTML",
    ".htm": "HTML",
    ".odt": "OpenDocument",
    ".epub": "EPUB",
    ".caj": "CAJ",
    ".kdh": "CAJ",
    ".nh": "CAJ",
}


@dataclass(frozen=True)
class Rejected:
    """A directory entry that is not a source: it becomes a ``quarantine`` row (stage ``discover``)."""

    source_key: str  #: printable key (bytes that are not UTF-8 shown as ``\\xNN``)
    uri: str
    error_type: str
    message: str


@dataclass(frozen=True)
class Hidden:
    """A hidden name (``.x``, ``_x``): skipped on purpose, counted in the run's summary."""

    source_key: str


Entry = Source | Rejected | Hidden


@dataclass
class Discovered:
    """What discovery found under an input root, for one run."""

    sources: list[Source]  #: to process
    skipped: int  #: unchanged since the last run (or rejected the same way before)
    gone: list  #: recorded sources no longer under the root (``reprocess.Recorded``)
    rejected: list[Failure]  #: entries that are no source: quarantine rows (stage ``discover``)
    hidden: list[str]  #: hidden names, skipped on purpose


def _format_of(path: str) -> str | None:
    return FORMATS.get(posixpath.splitext(path)[1].lower())


def _hidden(rel: str) -> bool:
    return any(part.startswith((".", "_")) for part in rel.split("/"))


def printable_key(key: str) -> str:
    """``key`` with bytes that are not UTF-8 (surrogate escapes of ``os.fsdecode``) as ``\\xNN``."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return os.fsencode(key).decode("utf-8", "backslashreplace")


def sha256_of(fs: fsspec.AbstractFileSystem, path: str) -> str:
    h = hashlib.sha256()
    with fs.open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _sha256_local(path: str) -> str:
    h = hashlib.sha256()
    # O_NONBLOCK: a FIFO that slipped in between the stat and the open must not block the read
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(f"{path} stopped being a regular file")
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _unsupported(key: str) -> str:
    suffix = posixpath.splitext(key)[1].lower()
    what = _CONVERT.get(suffix)
    if what:
        return f"unsupported type {suffix} ({what}): qikan reads .txt, .md and .pdf; export it as text or PDF"
    shown = suffix or "(no suffix)"
    return f"unsupported type {shown}: qikan reads .txt, .md and .pdf files"


def iter_sources(root: str, *, storage_options: dict | None = None) -> Iterator[Source]:
    """Yield every .txt/.md/.pdf under ``root`` (recursively), sorted by source key.

    ``root`` may also be a single file; its key is then its file name. Entries that are not
    sources (see ``iter_entries``) are left out.
    """
    for e in iter_entries(root, storage_options=storage_options):
        if isinstance(e, Source):
            yield e


def iter_entries(root: str, *, storage_options: dict | None = None) -> Iterator[Entry]:
    """Every entry under ``root`` as a ``Source``, a ``Rejected`` or a ``Hidden``, by key."""
    fs, path = fsspec.core.url_to_fs(root, **(storage_options or {}))
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    if protocol in ("file", "local"):
        yield from _local_entries(root, os.path.abspath(os.path.expanduser(root.removeprefix("file://"))))
        return
    yield from _remote_entries(root, fs, path.rstrip("/") or "/", protocol)


def _local_entries(root: str, path: str) -> Iterator[Entry]:
    if not os.path.lexists(path):
        raise FileNotFoundError(f"input {root!r} does not exist: give a file or a folder of .txt, .md or .pdf")
    if not os.path.isdir(path):
        # a single file given by name: its key is the file name, and no link policy applies
        yield _local_file(os.path.basename(path), path, os.path.dirname(os.path.realpath(path)), single=True)
        return
    real_root = os.path.realpath(path)
    out: list[Entry] = []
    _walk(path, "", real_root, {real_root}, out)
    out.sort(key=lambda e: e.source_key)
    yield from out


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip("/") + "/")


def _walk(folder: str, prefix: str, real_root: str, seen: set[str], out: list[Entry]) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        out.append(_rejected(prefix.rstrip("/") or ".", folder, e, "folder"))
        return
    for entry in entries:
        key = prefix + entry.name
        p = entry.path
        if _hidden(entry.name):
            out.append(Hidden(printable_key(key)))
            continue
        try:
            is_link = entry.is_symlink()
            if is_link:
                target = os.path.realpath(p)
                if not os.path.exists(p):  # realpath of a loop or a dangling link still answers
                    try:
                        os.stat(p)
                    except OSError as e:
                        out.append(_rejected(key, p, e, "symlink"))
                        continue
                if not _inside(target, real_root):
                    out.append(
                        Rejected(
                            printable_key(key),
                            printable_key(p),
                            "SymlinkOutsideRoot",
                            f"symlink leaves the input root (to {printable_key(target)}): not followed; "
                            "copy the file under the root, or give its folder as the input",
                        )
                    )
                    continue
            st = os.stat(p)  # follows links (inside the root)
        except OSError as e:
            out.append(_rejected(key, p, e, "entry"))
            continue
        if stat.S_ISDIR(st.st_mode):
            real = os.path.realpath(p)
            if real in seen:
                out.append(
                    Rejected(
                        printable_key(key),
                        printable_key(p),
                        "SymlinkLoop",
                        f"symlink loop: this folder was already reached as {printable_key(real)}; not followed",
                    )
                )
                continue
            _walk(p, key + "/", real_root, seen | {real}, out)
        else:
            out.append(_local_file(key, p, real_root, st=st))


def _rejected(key: str, path: str, e: OSError, what: str) -> Rejected:
    import errno

    key, path = printable_key(key), printable_key(path)
    if e.errno == errno.ELOOP:
        return Rejected(key, path, "SymlinkLoop", "symlink loop: the link points back to itself; not followed")
    if e.errno == errno.ENOENT and what == "symlink":
        return Rejected(key, path, "DanglingSymlink", "dangling symlink: its target does not exist")
    if e.errno in (errno.EACCES, errno.EPERM):
        return Rejected(key, path, "PermissionError", f"permission denied reading this {what}: give the reader access")
    return Rejected(key, path, type(e).__name__, f"cannot read this {what}: {e.strerror or e}")


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _local_file(key: str, p: str, real_root: str, *, st: os.stat_result | None = None, single: bool = False) -> Entry:
    shown = printable_key(key)
    if shown != key:
        return Rejected(
            shown,
            printable_key(p),
            "UnicodeDecodeError",
            "file name is not valid UTF-8 (the bytes are shown as \\xNN): rename it in UTF-8",
        )
    try:
        st = st or os.stat(p)
    except OSError as e:
        return _rejected(key, p, e, "file")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        return Rejected(key, p, "NotARegularFile", f"not a regular file ({kind}): not read")
    fmt = _format_of(key)
    if fmt is None:
        if single:
            raise ValueError(f"{key!r} is not a .txt, .md or .pdf file")
        return Rejected(key, p, "UnsupportedType", _unsupported(key))
    try:
        sha = _sha256_local(p)
    except OSError as e:
        return _rejected(key, p, e, "file")
    return Source(uri=p, source_key=key, source_format=fmt, size=int(st.st_size), content_sha256=sha)


def _remote_entries(root: str, fs, path: str, protocol: str) -> Iterator[Entry]:
    # fsspec reuses filesystem instances and their listings: a long-lived process (a served
    # deployment, a test) would otherwise miss changed objects and fail reading them (s3fs 412)
    fs.invalidate_cache()
    if not fs.exists(path):
        raise FileNotFoundError(f"input {root!r} does not exist: give a file or a folder of .txt, .md or .pdf")

    def uri(p: str) -> str:
        return f"{protocol}://{p}"

    if fs.isfile(path):
        if _format_of(path) is None:
            raise ValueError(f"{root!r} is not a .txt, .md or .pdf file")
        found = [(posixpath.basename(path), path)]
    else:
        found = sorted((posixpath.relpath(p, path), p) for p in fs.find(path))
    for rel, p in found:
        if _hidden(rel):
            yield Hidden(rel)
            continue
        fmt = _format_of(p)
        if fmt is None:
            yield Rejected(rel, uri(p), "UnsupportedType", _unsupported(rel))
            continue
        try:
            yield Source(
                uri=uri(p),
                source_key=rel,
                source_format=fmt,
                size=int(fs.size(p) or 0),
                content_sha256=sha256_of(fs, p),
            )
        except OSError as e:
            yield Rejected(rel, uri(p), type(e).__name__, f"cannot read this object: {e}")


def read_bytes(uri: str, *, storage_options: dict | None = None) -> bytes:
    if "://" not in uri:  # local: never block on something that stopped being a regular file
        fd = os.open(uri, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise OSError(f"{uri} is not a regular file")
            return f.read()
    with fsspec.open(uri, "rb", **(storage_options or {})) as f:
        return f.read()


def as_failure(r: Rejected) -> Failure:
    """A rejected entry as its quarantine record (stage ``discover``)."""
    return Failure(
        Source(r.uri, r.source_key, _format_of(r.source_key) or "", 0, ""), "discover", r.error_type, r.message
    )


def local_entry(key: str, path: str) -> Source | Rejected:
    """One local file as discovery sees it, recorded under ``key`` (``qikan reprocess``).

    Links are followed wherever they point: the entry was chosen by name, not found in a walk."""
    return _local_file(key, path, os.path.dirname(os.path.realpath(path)))


def rejected_failures(
    entries: list[Entry], output: str, *, force: bool = False, storage_options: dict | None = None
) -> tuple[list[Failure], int]:
    """The ``Rejected`` entries as quarantine records (stage ``discover``), and how many were
    left out because the output already holds the same rejection (a rerun commits nothing)."""
    from qikan import PIPELINE_VERSION
    from qikan.store import failed_state

    rejected = [e for e in entries if isinstance(e, Rejected)]
    known = {} if force or not rejected else failed_state(output, storage_options=storage_options)
    out = [as_failure(r) for r in rejected if known.get(r.source_key) != ("", PIPELINE_VERSION, r.error_type)]
    return out, len(rejected) - len(out)
