"""The command groups ``models`` and ``endpoints`` (``versions`` is in `_versions`).

Each command calls one client method (the library validates, retries and raises typed errors),
then prints the result: ``--json`` as the API's own field names (``to_dict()``), else a table.
"""

from __future__ import annotations

import click

from . import _render as render
from . import _writes as writes
from ._common import CONTEXT, client, global_options, output, settings, wait_options
from ._progress import WaitDisplay
from ._version_arg import VERSION
from ._versions import versions

__all__ = ["endpoints", "models", "versions"]


# --- models ---------------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
@global_options
def models() -> None:
    """Model architectures the organization may use.

    \b
    Example:
      cerebras-management models list
    """


@models.command("list", context_settings=CONTEXT)
@global_options
def models_list() -> None:
    """List the model architecture ids (e.g. gpt-oss-120b).

    \b
    Example:
      cerebras-management models list --json | jq -r '.model_architectures[]'
    """
    architectures = client().models.list()
    output({"model_architectures": architectures}, lambda: render.show_architectures(architectures))


# --- endpoints ------------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
@global_options
def endpoints() -> None:
    """Dedicated endpoints: list, inspect, deploy a version.

    VERSION is an integer version id, an alias, or the version's full name
    (orgs/ORG/models/ARCH/versions/ID).

    \b
    Example:
      cerebras-management endpoints deploy my-org-gpt-oss-120b gpt-oss-120b production --wait
    """


@endpoints.command("list", context_settings=CONTEXT)
@global_options
def endpoints_list() -> None:
    """List the endpoints the organization manages.

    \b
    Example:
      cerebras-management endpoints list
    """
    items = [endpoint.to_dict() for endpoint in client().endpoints.list()]
    output({"endpoints": items}, lambda: render.show_endpoints(items))


@endpoints.command("get", context_settings=CONTEXT)
@click.argument("endpoint_id", metavar="ENDPOINT")
@global_options
def endpoints_get(endpoint_id: str) -> None:
    """Show an endpoint and the versions deployed on it, with each rollout's state.

    \b
    Example:
      cerebras-management endpoints get my-org-gpt-oss-120b
    """
    data = client(needs_org=False).endpoints.get(endpoint_id).to_dict()
    output(data, lambda: render.show_endpoint(data))


@endpoints.command("deploy", context_settings=CONTEXT)
@click.argument("endpoint_id", metavar="ENDPOINT")
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION", type=VERSION)
@click.option(
    "--wait",
    is_flag=True,
    help=(
        "Wait until the rollout is complete (exit 3 if it fails or times out; exit 4 if polling fails "
        "after the write was applied)."
    ),
)
@wait_options
@global_options
def endpoints_deploy(
    endpoint_id: str,
    model_arch_id: str,
    version_id: str,
    wait: bool,
    wait_timeout: float,
    poll_interval: float,
) -> None:
    """Deploy VERSION of ARCH to ENDPOINT (same architecture; zero-downtime rollout).

    Prints the deployment (its name is the deployment id); with --wait, the deployed model once
    its state is complete.

    \b
    Example:
      cerebras-management endpoints deploy my-org-gpt-oss-120b gpt-oss-120b production --wait
    """
    api = client()
    operation = writes.begin(
        "deployment",
        writes.command("endpoints", "get", endpoint_id, org=False),
        sent=f"deployment of version {version_id} of {model_arch_id} to endpoint {endpoint_id}",
        waiting_for="its rollout" if wait else None,
    )
    deployment = api.endpoints.deploy(endpoint_id, model_arch_id, version_id)
    data = deployment.to_dict()
    deployment_id = deployment.name
    target = f"version {version_id} of {model_arch_id} to endpoint {endpoint_id}"
    announce = f"Deployment {deployment_id} created: {target}" if wait else None
    writes.applied(operation, f"deployment {deployment_id}: {target}", data, announce=announce)
    if not wait:
        output(data, lambda: render.show_details(f"Deployment {deployment_id}", data))
        return
    if not deployment_id:
        raise ValueError(
            "the deploy answer has no deployment id (its `name` is empty), so it cannot be waited for"
        )
    subject = f"deployment {deployment_id} on {endpoint_id}"
    first = deployment.response.rollout_status if deployment.response else None
    with WaitDisplay(
        subject, lambda deployed: deployed.state, json_mode=settings().json, first=first
    ) as display:
        deployed = api.endpoints.wait_for_deployment(
            endpoint_id, deployment_id, timeout=wait_timeout, poll_interval=poll_interval, on_progress=display
        )
    operation.finished = "its rollout is complete"
    result = deployed.to_dict()
    output(result, lambda: render.show_details(f"Deployed on {endpoint_id}", result))
