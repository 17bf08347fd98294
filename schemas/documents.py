"""``documents``: one row per source document."""

import pyarrow as pa

from schemas._base import TIMESTAMP, dataset_schema, field

SCHEMA_VERSION = 2

AUTHOR = pa.struct(
    [
        field("name", pa.string(), "Author's name as printed, padding removed."),
        field("affiliation", pa.string(), "Affiliation(s) as printed, '；'-joined when several."),
        field("role", pa.string(), "Title or role when printed (教授, 研究员, 所长 …)."),
    ]
)

SCHEMA = dataset_schema(
    "documents",
    grain="one row per source document",
    keys=["doc_id"],
    version=SCHEMA_VERSION,
    fields=[
        field(
            "doc_id",
            pa.string(),
            "Deterministic id derived from source_key (stable when the content changes).",
            nullable=False,
        ),
        field("source_key", pa.string(), "Path of the source relative to the input root, POSIX form.", nullable=False),
        field(
            "source_uri",
            pa.string(),
            "Full path or URL the source was read from; `qikan reprocess` reads it again from here.",
            nullable=False,
        ),
        field("source_format", pa.string(), "Input format: txt, md or pdf.", nullable=False),
        field(
            "content_sha256",
            pa.string(),
            "SHA-256 of the source bytes; with pipeline_version it decides whether a rerun skips the source.",
            nullable=False,
        ),
        field(
            "encoding",
            pa.string(),
            "Text encoding detected for txt/md sources (utf-8, utf-8-sig, gb18030, big5, utf-16); null for PDFs.",
        ),
        field("title", pa.string(), "Document title."),
        field("journal", pa.string(), "Journal name found in the running head/footer or masthead."),
        field("journal_latin", pa.string(), "Latin (pinyin or English) journal name when printed."),
        field("year", pa.int32(), "Publication year."),
        field("authors", pa.list_(AUTHOR), "Authors in printed order: name, affiliation, role."),
        field("keywords", pa.list_(pa.string()), "Printed keywords (关键词)."),
        field("abstract", pa.string(), "Printed abstract (摘要)."),
        field("editor", pa.string(), "Responsible editor (责任编辑)."),
        field("clc", pa.string(), "Chinese Library Classification number (中图分类号)."),
        field("doc_code", pa.string(), "Document code (文献标识码)."),
        field("article_no", pa.string(), "Article number (文章编号)."),
        field("doi", pa.string(), "DOI."),
        field("n_pages", pa.int32(), "Pages in the source: form-feed separated pages of text, or PDF pages."),
        field("n_chars", pa.int64(), "Characters of repaired text."),
        field("n_repairs_fixed", pa.int32(), "Rows of repairs with action 'fixed' for this document."),
        field("n_repairs_flagged", pa.int32(), "Rows of repairs with action 'flagged' for this document."),
        field("pipeline_version", pa.string(), "qikan version that produced the row.", nullable=False),
        field(
            "run_id",
            pa.string(),
            "Id of the run (the Prefect flow run id under Prefect) that wrote the row.",
            nullable=False,
        ),
        field("processed_at", TIMESTAMP, "When the document was processed (UTC).", nullable=False),
        field(
            "status",
            pa.string(),
            "'ok', or 'flagged' when repairs flagged something a person should look at.",
            nullable=False,
        ),
    ],
)
