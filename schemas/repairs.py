"""``repairs``: one row per change the repair stage made, or per flag it raised."""

import pyarrow as pa

from schemas._base import dataset_schema, doc_year_field, field, lineage_fields

SCHEMA_VERSION = 2

SCHEMA = dataset_schema(
    "repairs",
    grain="one row per change or flag",
    keys=["doc_id", "step"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field("doc_id", pa.string(), "Document the repair belongs to.", nullable=False),
        field(
            "step",
            pa.int32(),
            "Order of the change; replaying the fixed rows in this order over the extracted text reproduces the repaired text.",
            nullable=False,
        ),
        field(
            "kind",
            pa.string(),
            "Family of defect: seam, punctuation, spacing, metadata, markup, anomaly …",
            nullable=False,
        ),
        field(
            "action",
            pa.string(),
            "'fixed' (the text was changed) or 'flagged' (left as is for a person to check).",
            nullable=False,
        ),
        field("rule", pa.string(), "Name of the fixer rule that acted.", nullable=False),
        field("page", pa.int32(), "Page where the change starts (1-based)."),
        field(
            "offset", pa.int64(), "Offset of 'before' in the text as it stood just before this step.", nullable=False
        ),
        field("before", pa.string(), "Text before the change (for a flag: the flagged span).", nullable=False),
        field("after", pa.string(), "Text after the change (for a flag: the same as before).", nullable=False),
        field(
            "context", pa.string(), "Up to 20 characters either side of the span, before the change.", nullable=False
        ),
        field("confidence", pa.float64(), "How sure the rule was, 0–1, where it applies (seam joins)."),
        field("note", pa.string(), "Why the rule acted, or what it moved into metadata."),
        doc_year_field(),
        *lineage_fields(),
    ],
)
