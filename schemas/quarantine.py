"""``quarantine``: one row per input that failed."""

import pyarrow as pa

from schemas._base import TIMESTAMP, dataset_schema, field

SCHEMA_VERSION = 1

SCHEMA = dataset_schema(
    "quarantine",
    grain="one row per input that failed (its latest failure)",
    keys=["source_key"],
    version=SCHEMA_VERSION,
    fields=[
        field("source_key", pa.string(), "Path of the failed source relative to the input root.", nullable=False),
        field("source_uri", pa.string(), "Full path or URL of the failed source, to retry it.", nullable=False),
        field("content_sha256", pa.string(), "SHA-256 of the bytes that failed (empty when they could not be read)."),
        field(
            "stage",
            pa.string(),
            "Stage that failed: discover, extract, repair, segment, tokenize or write.",
            nullable=False,
        ),
        field("error_type", pa.string(), "Exception class.", nullable=False),
        field("message", pa.string(), "What went wrong and what to do about it.", nullable=False),
        field("pipeline_version", pa.string(), "qikan version of the failed run.", nullable=False),
        field("run_id", pa.string(), "Run that failed on the input.", nullable=False),
        field("failed_at", TIMESTAMP, "When it failed (UTC).", nullable=False),
    ],
)
