"""``sections``: one row per section of a document."""

import pyarrow as pa

from schemas._base import dataset_schema, doc_year_field, field, lineage_fields

SCHEMA_VERSION = 3

SCHEMA = dataset_schema(
    "sections",
    grain="one row per section",
    keys=["doc_id", "section_id"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field("doc_id", pa.string(), "Document the section belongs to.", nullable=False),
        field("section_id", pa.string(), "Deterministic id: doc_id, 's' and the ordinal.", nullable=False),
        field("ordinal", pa.int32(), "Order of the section in the document, from 0.", nullable=False),
        field(
            "kind",
            pa.string(),
            "editor_note (编者按), article (one piece of a forum issue), abstract (摘要 or Abstract), body (text under a heading, or before the first one) or references (参考文献).",
            nullable=False,
        ),
        field(
            "level",
            pa.int32(),
            "Heading level, 1 for the top: the numbering styles a document uses (第一章 > 第一节 > 一、 > （一） > 1/1． > 1.1 > 1.1.1 > （1）) ranked and renumbered from 1; unnumbered 引言/结论/致谢/附录 are 1.",
            nullable=False,
        ),
        field(
            "title", pa.string(), "Heading as printed, numbering included (一、引言, 1.1 研究背景); Markdown # removed."
        ),
        field("author", pa.string(), "Author's name for an article of a forum issue."),
        field("author_line", pa.string(), "Affiliation and role after the author's name, as printed."),
        field("page_start", pa.int32(), "Page where the section starts (1-based)."),
        field("page_end", pa.int32(), "Page where the section ends (1-based)."),
        doc_year_field(),
        *lineage_fields(),
    ],
)
