"""The guide's workflow, end to end, against the embedded mock server (`make demo`).

Starts `cerebras_management.testing.MockServer` on a free loopback port and uses the client exactly as
against https://api.cerebras.ai: list the model architectures, upload fine-tuned weights, poll the
version until its sync is done (`model_versions.wait`), set aliases, deploy it to a dedicated
endpoint, wait until the rollout completes (`endpoints.wait_for_deployment`), then clean up old
versions in bulk with the async client.
"""

from __future__ import annotations

import asyncio
import time

from cerebras_management import (
    AsyncManagementClient,
    DeleteOutcome,
    ManagementClient,
    NotFoundError,
    OperationFailedError,
    parse_model_version_name,
)
from cerebras_management.testing import MockServer
from cerebras_management.types import DeployedModel, ModelVersion

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"
WEIGHTS = "s3://my-bucket/fine-tuned/gpt-oss-120b/2026-11-29/"
POLL_SECONDS = 0.1  # against the real API keep the default (5 s, growing to 30 s)


def main() -> int:
    started = time.monotonic()
    # Syncs and rollouts advance one step per 0.2 s here; real ones take minutes.
    with MockServer(sync_after_seconds=0.2, rollout_after_seconds=0.2) as server:
        old = [server.add_model_version(ARCH) for _ in range(3)]
        print(f"mock server at {server.url} (org {server.org_name!r}); old versions of {ARCH}: {old}")

        with ManagementClient(
            api_key=server.api_key, org_name=server.org_name, base_url=server.url
        ) as client:
            print("\n1. model architectures:", client.models.list())

            print(f"\n2. upload {WEIGHTS}")
            version = client.model_versions.upload(ARCH, WEIGHTS, system_fingerprint_suffix="demo")
            version_id = parse_model_version_name(version.name).version_id
            print(f"   {version.name}: done={version.done}, sync_status={_sync(version)!r}")

            print("\n3. wait until the sync is done (on_progress: each change of state)")
            version = client.model_versions.wait(
                ARCH, version_id, timeout=60, poll_interval=POLL_SECONDS, on_progress=_show_sync
            )

            print("\n4. set aliases")
            aliases = client.model_versions.set_aliases(ARCH, version_id, ["production", "v2-stable"])
            print(f"   {aliases.name}: {aliases.version_aliases}")

            print(f"\n5. deploy 'production' to the endpoint {ENDPOINT}")
            deployment = client.endpoints.deploy(ENDPOINT, ARCH, "production")
            rollout = deployment.response.rollout_status if deployment.response else None
            print(f"   deployment {deployment.name}: rollout_status={rollout!r}")

            print("\n6. wait until the rollout is complete")
            mine = client.endpoints.wait_for_deployment(
                ENDPOINT, deployment.name, timeout=60, poll_interval=POLL_SECONDS, on_progress=_show_rollout
            )
            print(f"   serving {mine.model} ({mine.version_alias})")

            print("\n   a sync that fails raises OperationFailedError with the last status")
            server.fail_next_sync(message="AccessDenied reading s3://my-bucket/broken/")
            broken = client.model_versions.upload(ARCH, "s3://my-bucket/broken/")
            try:
                client.model_versions.wait(
                    ARCH, parse_model_version_name(broken.name).version_id, poll_interval=POLL_SECONDS
                )
            except OperationFailedError as error:
                print(f"   {type(error).__name__}: state={error.state!r}, reason={error.reason!r}")

            print(
                "\n7. a version that does not exist is a typed error; an invalid id is refused before sending"
            )
            try:
                client.model_versions.get(ARCH, 404)
            except NotFoundError as error:
                print(f"   {type(error).__name__} (status {error.status_code}): {error.detail}")
            try:
                client.model_versions.delete(ARCH, "..")
            except ValueError as error:
                print(f"   ValueError: {str(error)[:90]}...")

        print(f"\n8. delete the old versions with AsyncManagementClient.delete_many ({len(old) + 1} items)")
        outcomes = asyncio.run(_clean_up(server, [*old, 404]))
        for outcome in outcomes:
            if outcome.ok and outcome.result is not None:
                status = "deleted" if outcome.result.deleted else "already gone (confirmed by a listing)"
            else:
                status = f"failed: {type(outcome.error).__name__}"
            print(f"   {ARCH}/{outcome.version_id}: {status}")

        took = time.monotonic() - started
        print(f"\nThe mock received {len(server.requests)} requests; the demo took {took:.1f} s.")
    return 0


def _sync(version: ModelVersion) -> str | None:
    return version.response.sync_status if version.response else None


def _show_sync(version: ModelVersion) -> None:
    print(f"   sync_status={_sync(version)!r} done={version.done}")


def _show_rollout(deployed: DeployedModel) -> None:
    print(f"   {ENDPOINT}: state={deployed.state!r}")


async def _clean_up(server: MockServer, versions: list[int]) -> list[DeleteOutcome]:
    async with AsyncManagementClient(
        api_key=server.api_key, org_name=server.org_name, base_url=server.url
    ) as client:
        items = [(ARCH, v) for v in versions]
        return await client.model_versions.delete_many(items, concurrency=4, missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
