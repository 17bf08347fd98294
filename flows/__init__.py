"""Prefect flows, deployments and the ``qikan`` command line."""

from flows import _env  # noqa: F401  (offline settings before Prefect is imported)
