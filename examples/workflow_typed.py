"""The guide's Python workflow as a user's typed script: clean under ``mypy --strict``.

Every result is a typed model; optional fields (``version.response``, ``deployment.response``) are
checked before use, as mypy requires. The waiters take what the write returned (``wait(version)``,
``wait_for_deployment(deployment)``), and ``with_raw_response`` gives the request id of a write for a
support ticket. Run it against the embedded mock server::

    .venv/bin/python examples/workflow_typed.py
    .venv/bin/mypy --strict examples/workflow_typed.py   # from a directory without the project's config

Against the real API, call ``workflow(ManagementClient())`` (key, org and base URL from the
environment) and keep the default poll interval.
"""

from __future__ import annotations

import asyncio

from cerebras_management import (
    AsyncManagementClient,
    DeletedModelVersion,
    ManagementClient,
    RawResponse,
    parse_model_version_name,
)
from cerebras_management.types import DeployedModel, Deployment, ModelVersion

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"


def sync_status(version: ModelVersion) -> str | None:
    """The version's sync status, or None when the answer carried no status."""
    return version.response.sync_status if version.response is not None else None


def workflow(client: ManagementClient, *, poll_interval: float = 5.0) -> DeployedModel:
    """Upload, wait, alias, deploy, wait; return the deployed model."""
    architectures: list[str] = client.models.list()
    print("architectures:", architectures)

    # Upload through with_raw_response: the same ModelVersion, plus the request id of the write.
    raw: RawResponse[ModelVersion] = client.model_versions.with_raw_response.upload(
        ARCH, "s3://my-bucket/fine-tuned/", aliases=["candidate"], system_fingerprint_suffix="ft-7"
    )
    version = raw.parse()
    print(f"uploaded {version.name} (request id {raw.request_id}, {raw.attempts} attempt(s))")

    # Wait on the returned version itself: its name gives org, architecture and id.
    version = client.model_versions.wait(
        version, poll_interval=poll_interval, on_progress=lambda v: print("  sync:", sync_status(v))
    )
    ref = parse_model_version_name(version.name)  # orgs/<org>/models/<arch>/versions/<id>

    current = client.model_versions.get(ARCH, "candidate")
    aliases = current.response.version_aliases if current.response is not None else None
    print(current.done, sync_status(current), aliases)

    for listed in client.model_versions.list(ARCH):
        print(" ", listed.name, listed.done, listed.response.version_aliases if listed.response else None)

    client.model_versions.set_aliases(ARCH, ref.version_id, ["production", "v2-stable"])

    for endpoint in client.endpoints.list():
        print(" ", endpoint.endpoint_id, endpoint.model_arch_id)
    status = client.endpoints.get(ENDPOINT)
    print([(m.id, m.model, m.state) for m in status.deployed_models])

    deployment: Deployment = client.endpoints.deploy(ENDPOINT, ARCH, "production")
    rollout = deployment.response.rollout_status if deployment.response is not None else None
    print(f"deployment {deployment.name}: {rollout}")

    # Wait on the returned deployment itself: it names its endpoint and id.
    deployed = client.endpoints.wait_for_deployment(deployment, poll_interval=poll_interval)
    print(deployed.state, deployed.model, deployed.version_alias)

    result: DeletedModelVersion = client.model_versions.delete(ARCH, 404, missing_ok=True)
    print(result.deleted, result.name, result.request_id)
    return deployed


async def clean_up(client: AsyncManagementClient, versions: list[int | str]) -> list[bool]:
    """Delete old versions concurrently; whether each one went (or was already gone)."""
    latest = await client.model_versions.get(ARCH, "production")
    await client.model_versions.wait(latest, poll_interval=0.05)  # already done: returns at once
    outcomes = await client.model_versions.delete_many([(ARCH, v) for v in versions], missing_ok=True)
    return [outcome.ok for outcome in outcomes]


def main() -> int:
    from cerebras_management.testing import MockServer

    with MockServer(sync_after_seconds=0.1, rollout_after_seconds=0.1) as server:
        old: list[int | str] = [server.add_model_version(ARCH) for _ in range(2)]
        key, org, url = server.api_key, server.org_name, server.url
        with ManagementClient(api_key=key, org_name=org, base_url=url) as client:
            workflow(client, poll_interval=0.05)

        async def run_clean_up() -> list[bool]:
            async with AsyncManagementClient(api_key=key, org_name=org, base_url=url) as client:
                return await clean_up(client, old)

        print("clean-up:", asyncio.run(run_clean_up()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
