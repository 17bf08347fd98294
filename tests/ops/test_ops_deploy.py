"""The nightly deployment of prefect.yaml, applied to the test API and read back."""

from __future__ import annotations

import asyncio


def test_prefect_yaml_defines_the_nightly_schedule():
    from flows import deploy

    dep = deploy.read_definition("nightly")
    assert dep["entrypoint"] == "flows/ingest.py:ingest"
    assert dep["schedules"] == [{"cron": "0 2 * * *", "timezone": "Asia/Shanghai", "active": True}]
    assert {"input_root", "output"} <= set(dep["parameters"])
    assert (deploy.DEFAULT_CRON, deploy.DEFAULT_TIMEZONE) == ("0 2 * * *", "Asia/Shanghai")


def test_deployment_is_read_back_with_its_cron_and_timezone(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client

    from flows import deploy

    params = {"input_root": str(tmp_path / "in"), "output": str(tmp_path / "out")}
    deployment_id = deploy.deployment_from_yaml("nightly", **params).apply()

    async def read():
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    stored = asyncio.run(read())
    assert stored.name == "nightly"
    ((schedule),) = [s.schedule for s in stored.schedules]
    assert (schedule.cron, schedule.timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert stored.parameters["input_root"] == params["input_root"]
    assert stored.parameters["output"] == params["output"]
    assert stored.parameters["max_failed_share"] == 0.5
