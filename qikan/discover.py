"""Find the sources under an input root: a local path or any fsspec URL."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator

import fsspec

from qikan.model import Source

#: File suffix → source_format. Anything else under the root is ignored.
FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf"}

_CHUNK = 1 << 20


def _format_of(path: str) -> str | None:
    return FORMATS.get(posixpath.splitext(path)[1].lower())


def _hidden(rel: str) -> bool:
    return any(part.startswith((".", "_")) for part in rel.split("/"))


def sha256_of(fs: fsspec.AbstractFileSystem, path: str) -> str:
    h = hashlib.sha256()
    with fs.open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def iter_sources(root: str, *, storage_options: dict | None = None) -> Iterator[Source]:
    """Yield every .txt/.md/.pdf under ``root`` (recursively), sorted by source key.

    ``root`` may also be a single file; its key is then its file name. Hidden files and
    folders (``.git``, ``_delta_log``) are skipped.
    """
    fs, path = fsspec.core.url_to_fs(root, **(storage_options or {}))
    path = path.rstrip("/") or "/"
    # fsspec reuses filesystem instances and their listings: a long-lived process (a served
    # deployment, a test) would otherwise miss changed objects and fail reading them (s3fs 412)
    fs.invalidate_cache()
    if not fs.exists(path):
        raise FileNotFoundError(f"input {root!r} does not exist: give a file or a folder of .txt, .md or .pdf")
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]

    def uri(p: str) -> str:
        return p if protocol in ("file", "local") else f"{protocol}://{p}"

    if fs.isfile(path):
        fmt = _format_of(path)
        if fmt is None:
            raise ValueError(f"{root!r} is not a .txt, .md or .pdf file")
        entries = [(posixpath.basename(path), path)]
    else:
        entries = []
        for p in fs.find(path):
            rel = posixpath.relpath(p, path)
            if _format_of(p) and not _hidden(rel):
                entries.append((rel, p))
        entries.sort()
    for rel, p in entries:
        yield Source(
            uri=uri(p),
            source_key=rel,
            source_format=_format_of(p),
            size=int(fs.size(p) or 0),
            content_sha256=sha256_of(fs, p),
        )


def read_bytes(uri: str, *, storage_options: dict | None = None) -> bytes:
    with fsspec.open(uri, "rb", **(storage_options or {})) as f:
        return f.read()
