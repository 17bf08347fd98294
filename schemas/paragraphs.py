"""``paragraphs``: one row per paragraph of repaired text."""

import pyarrow as pa

from schemas._base import dataset_schema, doc_year_field, field, lineage_fields

SCHEMA_VERSION = 5

SCHEMA = dataset_schema(
    "paragraphs",
    grain="one row per paragraph",
    keys=["doc_id", "paragraph_id"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field("doc_id", pa.string(), "Document the paragraph belongs to.", nullable=False),
        field("section_id", pa.string(), "Section the paragraph belongs to.", nullable=False),
        field("paragraph_id", pa.string(), "Deterministic id: doc_id, 'p' and the ordinal.", nullable=False),
        field("ordinal", pa.int32(), "Order of the paragraph in the document, from 0.", nullable=False),
        field(
            "kind",
            pa.string(),
            "body (running text), abstract (摘要/Abstract text), caption (表1/图1 captions), table (table rows, cells tab-separated as printed), note (注：/资料来源： under a table or figure; a PDF footnote, moved to the end of the text, with the page it was printed on; a labelled line of an article's first-page footnote block — 收稿日期, 基金项目, 作者简介, 通信作者, 本文起止页码 — whose values are also documents fields), equation (a PDF's display equation with its number, where it stands) or reference (one 参考文献 entry). Only body, abstract, caption and note paragraphs have sentences.",
            nullable=False,
        ),
        field("text", pa.string(), "Repaired paragraph text.", nullable=False),
        field("page_start", pa.int32(), "Page where the paragraph starts (1-based)."),
        field("page_end", pa.int32(), "Page where the paragraph ends (1-based)."),
        field("char_start", pa.int64(), "Offset of the paragraph in the document's repaired text.", nullable=False),
        field("char_end", pa.int64(), "End offset (exclusive) in the document's repaired text.", nullable=False),
        doc_year_field(),
        *lineage_fields(),
    ],
)
