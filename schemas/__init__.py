"""pyarrow schemas of the datasets qikan writes: one module per dataset.

``TABLES`` maps each dataset name to its schema, in the order a batch is committed:
``documents`` comes last, so a consumer joining on it never sees a document whose rows in
the other tables are missing.
"""

from schemas import documents, paragraphs, quarantine, references, repairs, sections, sentences

TABLES = {
    "repairs": repairs.SCHEMA,
    "sentences": sentences.SCHEMA,
    "paragraphs": paragraphs.SCHEMA,
    "sections": sections.SCHEMA,
    "references": references.SCHEMA,
    "quarantine": quarantine.SCHEMA,
    "documents": documents.SCHEMA,
}

__all__ = ["TABLES"]
