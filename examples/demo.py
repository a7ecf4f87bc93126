"""The main job, end to end, against the embedded mock server (`make demo`).

Starts `cerebras_management.testing.MockServer` on a free loopback port, seeds three model versions,
then uses the client exactly as against https://api.cerebras.ai: delete by id, delete by alias,
show the typed error for a version that does not exist, and clean up in bulk with the async client.
"""

from __future__ import annotations

import asyncio

from cerebras_management import AsyncManagementClient, DeleteOutcome, ManagementClient, NotFoundError
from cerebras_management.testing import MockServer

ARCH = "gpt-oss-120b"


def main() -> int:
    with MockServer() as server:
        first = server.add_model_version(ARCH)
        server.add_model_version(ARCH, aliases=["staging"])
        leftovers = [server.add_model_version(ARCH) for _ in range(5)]
        print(
            f"mock server at {server.url} (org {server.org_name!r}), versions of {ARCH}: 1..{leftovers[-1]}"
        )

        with ManagementClient(
            api_key=server.api_key, org_name=server.org_name, base_url=server.url
        ) as client:
            print("\n1. delete by id")
            print("  ", client.model_versions.delete(ARCH, first))

            print("\n2. delete by alias")
            print("  ", client.model_versions.delete(ARCH, "staging"))

            print("\n3. delete a version that does not exist: a typed error")
            try:
                client.model_versions.delete(ARCH, first)
            except NotFoundError as error:
                print(f"   {type(error).__name__} (status {error.status_code}): {error}")

            print("\n   ... or, with missing_ok=True, a result that says so")
            print("  ", client.model_versions.delete(ARCH, first, missing_ok=True))

            print("\n4. an invalid version id is refused before anything is sent")
            try:
                client.model_versions.delete(ARCH, "..")
            except ValueError as error:
                print(f"   ValueError: {error}")

        print(f"\n5. bulk clean-up with AsyncManagementClient.delete_many ({len(leftovers) + 1} items)")
        outcomes = asyncio.run(_clean_up(server, [*leftovers, 404]))
        for outcome in outcomes:
            status = "deleted" if outcome.ok else f"failed: {type(outcome.error).__name__}"
            print(f"   {ARCH}/{outcome.version_id}: {status}")
        failures = sum(not outcome.ok for outcome in outcomes)
        print(f"\n{len(outcomes) - failures} deleted, {failures} failed (version 404 never existed).")
        print(f"The mock received {len(server.requests)} requests.")
    return 0


async def _clean_up(server: MockServer, versions: list[int]) -> list[DeleteOutcome]:
    async with AsyncManagementClient(
        api_key=server.api_key, org_name=server.org_name, base_url=server.url
    ) as client:
        return await client.model_versions.delete_many([(ARCH, v) for v in versions], concurrency=4)


if __name__ == "__main__":
    raise SystemExit(main())
