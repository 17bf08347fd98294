"""Schedules: the nightly deployment of ``qikan-ingest``, from ``prefect.yaml`` or the command line.

``prefect.yaml`` at the repository root is the one definition: ``prefect deploy`` reads it, and
``deployment_from_yaml`` builds the same deployment in code (for ``qikan serve`` defaults and the
tests). Schedules need a real API (``prefect server start``): the temporary server creates no runs.
"""

from __future__ import annotations

from pathlib import Path

PREFECT_YAML = Path(__file__).resolve().parent.parent / "prefect.yaml"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def read_definition(name: str = "nightly", path: Path = PREFECT_YAML) -> dict:
    """The deployment ``name`` as written in ``prefect.yaml``."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dep in spec.get("deployments", []):
        if dep["name"] == name:
            return dep
    names = [d["name"] for d in spec.get("deployments", [])]
    raise ValueError(f"{path} has no deployment {name!r}; it has {names}")


def build(
    *,
    name: str = "nightly",
    parameters: dict,
    cron: str = DEFAULT_CRON,
    timezone: str = DEFAULT_TIMEZONE,
    description: str | None = None,
    tags: list[str] | None = None,
):
    """A ``RunnerDeployment`` of ``qikan-ingest`` on ``cron`` in ``timezone``."""
    from prefect.schedules import Cron

    from flows.ingest import ingest

    return ingest.to_deployment(
        name=name,
        parameters=parameters,
        schedules=[Cron(cron, timezone=timezone)],
        description=description,
        tags=tags or ["qikan"],
    )


def deployment_from_yaml(name: str = "nightly", path: Path = PREFECT_YAML, **parameters):
    """The deployment of ``prefect.yaml`` (``parameters`` override its defaults)."""
    dep = read_definition(name, path)
    (schedule,) = dep["schedules"]
    return build(
        name=dep["name"],
        parameters={**dep.get("parameters", {}), **parameters},
        cron=schedule["cron"],
        timezone=schedule.get("timezone", "UTC"),
        description=dep.get("description"),
        tags=dep.get("tags"),
    )
