"""Which sources to process again, and which documents lost their source.

``qikan reprocess`` picks documents already in the output (by source key glob, ``doc_id``,
pipeline version, or everything in quarantine) and reads each again from its recorded
``source_uri``; no input root is needed. A selected document whose source is gone is reported
and only removed (``--prune``) on request.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import fsspec
from packaging.version import InvalidVersion, Version

from qikan.discover import FORMATS, Rejected, as_failure, local_entry, sha256_of
from qikan.model import Failure, Source, doc_id_for
from qikan.store import read_table


@dataclass(frozen=True)
class Recorded:
    """A source as the output remembers it: in ``documents`` or in ``quarantine``."""

    source_key: str
    source_uri: str

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.source_key)


@dataclass
class Selection:
    sources: list[Source] = field(default_factory=list)  #: still readable: process these
    gone: list[Recorded] = field(default_factory=list)  #: source no longer exists
    #: there but no source (a FIFO, a link loop, an unsupported type …): quarantined again, stage discover
    rejected: list[Failure] = field(default_factory=list)


def recorded(output: str, *, storage_options: dict | None = None) -> dict[str, tuple[Recorded, str | None, bool]]:
    """``source_key → (where it was read from, pipeline_version or None, in quarantine)``."""
    out: dict[str, tuple[Recorded, str | None, bool]] = {}
    docs = read_table(output, "documents", storage_options=storage_options).select(
        ["source_key", "source_uri", "pipeline_version"]
    )
    for k, u, v in zip(*(c.to_pylist() for c in docs.columns)):
        out[k] = (Recorded(k, u), v, False)
    failed = read_table(output, "quarantine", storage_options=storage_options).select(["source_key", "source_uri"])
    for k, u in zip(*(c.to_pylist() for c in failed.columns)):
        rec, v, _ = out.get(k, (Recorded(k, u), None, True))
        out[k] = (rec, v, True)
    return out


def _older(version: str | None, than: str) -> bool:
    if version is None:
        return False
    try:
        return Version(version) < parse_version(than)
    except InvalidVersion:
        return version != than


def parse_version(text: str) -> Version:
    """``--older-than-version``: a version like ``0.2.0``; anything else is an error (it would
    otherwise select every document)."""
    try:
        return Version(text)
    except InvalidVersion:
        raise ValueError(f"--older-than-version {text!r} is not a version: give one like 0.2.0") from None


def _chosen(
    output: str,
    keys: list[str] | None,
    doc_ids: list[str] | None,
    failed: bool,
    older_than_version: str | None,
    storage_options: dict | None,
) -> list[Recorded]:
    """The recorded documents matching any criterion (the one selection rule of ``select`` and
    ``unmatched_criteria``)."""
    if older_than_version is not None:
        parse_version(older_than_version)
    keys, ids = list(keys or []), set(doc_ids or [])
    return [
        rec
        for rec, version, in_quarantine in recorded(output, storage_options=storage_options).values()
        if any(fnmatchcase(rec.source_key, k) for k in keys)
        or rec.doc_id in ids
        or (failed and in_quarantine)
        or (older_than_version is not None and _older(version, older_than_version))
    ]


def unmatched_criteria(
    output: str,
    *,
    keys: list[str] | None = None,
    doc_ids: list[str] | None = None,
    failed: bool = False,
    older_than_version: str | None = None,
    storage_options: dict | None = None,
) -> str | None:
    """None when the criteria select something; else one line saying that each matches nothing."""
    if _chosen(output, keys, doc_ids, failed, older_than_version, storage_options):
        return None
    said = [f"--key {k!r}" for k in keys or []] + [f"--doc-id {i!r}" for i in doc_ids or []]
    if failed:
        said.append("--failed (quarantine is empty)")
    if older_than_version is not None:
        said.append(f"--older-than-version {older_than_version}")
    return f"no recorded document of {output} matches " + ", ".join(said)


def select(
    output: str,
    *,
    keys: list[str] | None = None,
    doc_ids: list[str] | None = None,
    failed: bool = False,
    older_than_version: str | None = None,
    storage_options: dict | None = None,
) -> Selection:
    """The recorded sources matching any of the criteria (an empty criterion matches nothing).

    ``keys`` are source keys or ``fnmatch`` globs (``2024/*.txt``); ``failed`` selects every
    source in quarantine; ``older_than_version`` documents whose ``pipeline_version`` is lower.
    """
    sel = Selection()
    chosen = _chosen(output, keys, doc_ids, failed, older_than_version, storage_options)
    for rec in sorted(chosen, key=lambda r: r.source_key):
        source = source_at(rec.source_uri, rec.source_key, storage_options=storage_options)
        if source is None:
            sel.gone.append(rec)
        elif isinstance(source, Rejected):
            sel.rejected.append(as_failure(source))
        else:
            sel.sources.append(source)
    return sel


def source_at(uri: str, source_key: str, *, storage_options: dict | None = None) -> Source | Rejected | None:
    """The source at ``uri`` as it is now (size and hash read again), None if it is gone, or a
    ``Rejected`` when a local entry is there but is no source (discovery's rules)."""
    if "://" not in uri:
        import os

        if not os.path.lexists(uri):
            return None
        return local_entry(source_key, uri)
    fs, path = fsspec.core.url_to_fs(uri, **(storage_options or {}))
    if not fs.exists(path):
        return None
    return Source(
        uri=uri,
        source_key=source_key,
        source_format=FORMATS.get(posixpath.splitext(path)[1].lower(), "txt"),
        size=int(fs.size(path) or 0),
        content_sha256=sha256_of(fs, path),
    )


def vanished(
    output: str, sources: list[Source], input_root: str, *, storage_options: dict | None = None
) -> list[Recorded]:
    """Recorded sources that were read from under ``input_root`` but are no longer listed there."""
    fs, path = fsspec.core.url_to_fs(input_root, **(storage_options or {}))
    if fs.isfile(path):
        return []
    present = {s.source_key for s in sources}
    root = path.rstrip("/")
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    root_uri = root if protocol in ("file", "local") else f"{protocol}://{root}"
    return sorted(
        (
            rec
            for rec, _, _ in recorded(output, storage_options=storage_options).values()
            if rec.source_key not in present and rec.source_uri == posixpath.join(root_uri, rec.source_key)
        ),
        key=lambda r: r.source_key,
    )
