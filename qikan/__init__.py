"""qikan: clean, structured datasets from raw Chinese journal issues.

The library holds every stage as plain functions (extract, repair, segment, tokenize, store);
Prefect lives in ``tasks/`` and ``flows/`` and is never imported from here.
"""

__version__ = "0.4.0"

#: Recorded on every row; a source processed by another version is reprocessed.
PIPELINE_VERSION = __version__
