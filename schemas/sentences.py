"""``sentences``: one row per sentence, with its tokens."""

import pyarrow as pa

from schemas._base import dataset_schema, doc_year_field, field, lineage_fields

SCHEMA_VERSION = 2

SCHEMA = dataset_schema(
    "sentences",
    grain="one row per sentence",
    keys=["doc_id", "sentence_id"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field("doc_id", pa.string(), "Document the sentence belongs to.", nullable=False),
        field("paragraph_id", pa.string(), "Paragraph the sentence belongs to.", nullable=False),
        field("sentence_id", pa.string(), "Deterministic id: paragraph_id, '-' and the ordinal.", nullable=False),
        field("ordinal", pa.int32(), "Order of the sentence in its paragraph, from 0.", nullable=False),
        field("text", pa.string(), "Sentence text; a paragraph's sentences concatenate back to it.", nullable=False),
        field("char_start", pa.int64(), "Offset of the sentence in its paragraph's text.", nullable=False),
        field("char_end", pa.int64(), "End offset (exclusive) in its paragraph's text.", nullable=False),
        field("tokens", pa.list_(pa.string()), "Words, in order; whitespace-only tokens dropped."),
        field("pos", pa.list_(pa.string()), "Part-of-speech tag per token (jieba's ICTCLAS-style tag set)."),
        doc_year_field(),
        *lineage_fields(),
    ],
)
