"""``references``: one row per 参考文献 entry."""

import pyarrow as pa

from schemas._base import dataset_schema, doc_year_field, field, lineage_fields

SCHEMA_VERSION = 1

SCHEMA = dataset_schema(
    "references",
    grain="one row per 参考文献 (reference list) entry",
    keys=["doc_id", "ordinal"],
    version=SCHEMA_VERSION,
    partition_by=["doc_year"],
    fields=[
        field("doc_id", pa.string(), "Document whose reference list holds the entry.", nullable=False),
        field("ordinal", pa.int32(), "Order of the entry in the document's reference lists, from 0.", nullable=False),
        field(
            "paragraph_id",
            pa.string(),
            "The 'reference' paragraph holding the entry's text (its page and offsets are there).",
        ),
        field(
            "raw",
            pa.string(),
            "The entry as printed (repaired text, wrapped lines kept), without its [n] number; always present.",
            nullable=False,
        ),
        field(
            "authors",
            pa.list_(pa.string()),
            "Authors (主要责任者) in printed order, 等/et al. dropped; null when the entry could not be parsed.",
        ),
        field("title", pa.string(), "Title (题名) of the cited work."),
        field(
            "type_code",
            pa.string(),
            "GB/T 7714 document type code without brackets: J journal, M book, C proceedings, D thesis, "
            "R report, N newspaper, P patent, S standard, EB/OL web page, J/OL online journal …",
        ),
        field(
            "container",
            pa.string(),
            "Where the work appeared: journal or newspaper name for J/N, proceedings title for C, "
            "publisher (or degree-granting institution for D) otherwise.",
        ),
        field("year", pa.int32(), "Publication year (for online items without one, the year of the publication date)."),
        field("volume", pa.string(), "Volume (卷) of a journal article."),
        field("issue", pa.string(), "Issue (期) of a journal article."),
        field("pages", pa.string(), "Page or page range, as '65-76'."),
        field("doi", pa.string(), "DOI found in the entry, without a resolver prefix."),
        field("url", pa.string(), "URL of an online item ([EB/OL], [R/OL] …)."),
        doc_year_field(),
        *lineage_fields(),
    ],
)
