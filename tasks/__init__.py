"""Prefect tasks: thin wrappers around the library's batch functions."""
