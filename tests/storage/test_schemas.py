"""Lineage and the data dictionary: generated docs current, schema changes versioned."""

from __future__ import annotations

import json

import pyarrow as pa

from schemas import TABLES, datadict
from schemas._base import schema_version


def test_data_dictionary_is_current():
    committed = datadict.DOC.read_text(encoding="utf-8")
    assert committed == datadict.render(), "docs/datasets.md is stale: run `python -m schemas.datadict --write`"


def test_readme_summary_is_current():
    readme = datadict.README.read_text(encoding="utf-8")
    assert datadict.MARKERS[0] in readme
    assert readme == datadict.readme_with_block(readme), "README's datadict block is stale: run --write"


def test_every_schema_change_bumped_its_version():
    assert datadict.fingerprint_problems(datadict.recorded()) == []


def test_a_change_without_a_bump_is_caught(monkeypatch):
    schema = TABLES["paragraphs"]
    changed = schema.set(schema.get_field_index("ordinal"), schema.field("ordinal").with_type(pa.int64()))
    monkeypatch.setitem(TABLES, "paragraphs", changed)
    problems = datadict.fingerprint_problems(datadict.recorded())
    assert len(problems) == 1 and "SCHEMA_VERSION is still" in problems[0]


def test_changelog_has_a_line_per_schema_version():
    changelog = datadict.CHANGELOG.read_text(encoding="utf-8")
    for name, versions in datadict.recorded().items():
        for version in versions:
            assert f"`{name}` schema version {version}" in changelog, f"CHANGELOG.md: {name} v{version}"


def test_schema_metadata_names_dataset_and_version_on_the_first_field():
    for name, schema in TABLES.items():
        meta = schema.field(0).metadata
        assert meta[b"qikan.dataset"] == name.encode()
        assert int(meta[b"qikan.schema_version"]) == schema_version(schema)
        assert json.loads(schema.metadata[b"qikan.keys"])
