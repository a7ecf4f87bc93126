"""The guide's workflow as a standalone script: upload, wait for the sync, alias, deploy, wait for the
rollout, clean up. Unlike `demo.py` it starts no server: it talks to whatever the environment names.

    export CEREBRAS_MANAGEMENT_API_KEY=... CEREBRAS_ORG_NAME=my-org
    python examples/guide.py s3://my-bucket/fine-tuned/ gpt-oss-120b my-org-gpt-oss-120b

Against the mock: `make mock` prints the three variables to export (base URL included). The test suite
runs this script against the mock (tests/docs/test_examples.py).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from cerebras_management import (
    ManagementClient,
    OperationFailedError,
    WaitTimeoutError,
    parse_model_version_name,
)
from cerebras_management.types import DeployedModel, ModelVersion


def show_sync(version: ModelVersion) -> None:
    """Print a version's sync status (called on each change of state)."""
    print(f"  sync: {version.response.sync_status if version.response else None}")


def show_rollout(deployed: DeployedModel) -> None:
    """Print a deployment's state (called on each change of state)."""
    print(f"  rollout: {deployed.state}")


def run(weight_uri: str, arch: str, endpoint: str, *, keep: int = 3) -> str:
    """Upload `weight_uri`, make it `production` on `endpoint`; return the new version's resource name."""
    with ManagementClient() as client:
        if arch not in client.models.list():
            raise SystemExit(f"{arch!r} is not an architecture of this organization")

        # 1. Upload: the API answers at once (done=False, sync_status "queued"); the sync runs on.
        version = client.model_versions.upload(arch, weight_uri, aliases=["candidate"])
        ref = parse_model_version_name(version.name)  # orgs/<org>/models/<arch>/versions/<id>
        version_id = ref.version_id
        print(f"uploaded {version.name}")

        # 2. Wait for the weight sync (polls get(); raises on a failed sync or after the timeout).
        try:
            client.model_versions.wait(version, timeout=3600, on_progress=show_sync)
        except OperationFailedError as error:
            raise SystemExit(f"the sync failed: {error.reason}") from error
        except WaitTimeoutError as error:
            raise SystemExit(
                f"still {error.state!r} after {error.elapsed:.0f} s; check again later"
            ) from error

        # 3. Move the `production` alias to it (an alias lives on one version at a time).
        for other in client.model_versions.list(arch):
            aliases = (other.response.version_aliases or []) if other.response else []
            if other.name != version.name and "production" in aliases:
                rest = [alias for alias in aliases if alias != "production"]
                client.model_versions.set_aliases(arch, parse_model_version_name(other.name).version_id, rest)
        client.model_versions.set_aliases(arch, version_id, ["production"])

        # 4. Deploy it and wait for the rollout.
        deployment = client.endpoints.deploy(endpoint, arch, "production")
        print(f"deployment {deployment.name} on {endpoint}")
        deployed = client.endpoints.wait_for_deployment(deployment, timeout=3600, on_progress=show_rollout)
        print(f"{endpoint} serves {deployed.model} ({deployed.version_alias})")

        # 5. Clean up: keep the newest `keep` versions (integer ids grow) and whatever an endpoint serves.
        serving = {model.model for model in client.endpoints.get(endpoint).deployed_models}
        ids = sorted(
            int(parse_model_version_name(v.name).version_id) for v in client.model_versions.list(arch)
        )
        for old in ids[:-keep]:
            if replace(ref, version_id=str(old)).name not in serving:
                result = client.model_versions.delete(arch, old, missing_ok=True)
                print(f"deleted {result.name}" if result.deleted else f"{result.name} was already gone")
        return version.name


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the workflow."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("weight_uri", help="S3 URI of the fine-tuned weights")
    parser.add_argument("arch", nargs="?", default="gpt-oss-120b", help="model architecture id")
    parser.add_argument("endpoint", nargs="?", default="my-org-gpt-oss-120b", help="dedicated endpoint id")
    parser.add_argument("--keep", type=int, default=3, help="versions to keep (default 3)")
    args = parser.parse_args(argv)
    run(args.weight_uri, args.arch, args.endpoint, keep=args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
