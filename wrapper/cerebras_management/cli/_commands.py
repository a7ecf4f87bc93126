"""The command groups ``models``, ``versions`` and ``endpoints``: one thin command per API call.

Each command calls one client method (the library validates, retries and raises typed errors),
then prints the result: ``--json`` as the API's own field names (``to_dict()``), else a table.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import ManagementError
from . import _render as render
from ._common import client, fail, global_options, print_json, settings, wait_options
from ._progress import WaitDisplay

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _output(data: Any, human: Any) -> None:
    """Print ``data`` as JSON with ``--json``, else call ``human()``."""
    if settings().json:
        print_json(data)
    else:
        human()


# --- models ---------------------------------------------------------------------------------------


@click.group(context_settings=_CONTEXT)
@global_options
def models() -> None:
    """Model architectures the organization may use.

    \b
    Example:
      cerebras-management models list
    """


@models.command("list", context_settings=_CONTEXT)
@global_options
def models_list() -> None:
    """List the model architecture ids (e.g. gpt-oss-120b).

    \b
    Example:
      cerebras-management models list --json | jq -r '.model_architectures[]'
    """
    architectures = client().models.list()
    _output({"model_architectures": architectures}, lambda: render.show_architectures(architectures))


# --- versions -------------------------------------------------------------------------------------


@click.group(context_settings=_CONTEXT)
@global_options
def versions() -> None:
    """Model versions: upload, inspect, alias, wait for and delete fine-tuned weights.

    VERSION is an integer version id or one of the version's aliases.

    \b
    Example:
      cerebras-management versions upload gpt-oss-120b s3://bucket/weights/ --alias staging --wait
      cerebras-management versions list gpt-oss-120b
    """


@versions.command("list", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@global_options
def versions_list(model_arch_id: str) -> None:
    """List the versions of architecture ARCH.

    \b
    Example:
      cerebras-management versions list gpt-oss-120b
    """
    items = [version.to_dict() for version in client().model_versions.list(model_arch_id)]
    _output({"model_versions": items}, lambda: render.show_versions(model_arch_id, items))


def _show_version(version: Any) -> None:
    data = version.to_dict()
    _output(data, lambda: render.show_details(f"Model version {version.name}", data))


@versions.command("get", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION")
@global_options
def versions_get(model_arch_id: str, version_id: str) -> None:
    """Show one version: its sync status, aliases and weight URI.

    \b
    Example:
      cerebras-management versions get gpt-oss-120b production
    """
    _show_version(client().model_versions.get(model_arch_id, version_id))


def _sync_state(version: Any) -> str | None:
    status = version.response
    if status is not None and status.sync_status:
        return str(status.sync_status)
    return "done" if version.done else None


def _wait_version(
    model_arch_id: str, version_id: str, wait_timeout: float, poll_interval: float, first: Any = None
) -> Any:
    """Wait for a version's sync with a live status on stderr (``first``: the upload's answer)."""
    subject = f"version {version_id} of {model_arch_id}"
    with WaitDisplay(subject, _sync_state, json_mode=settings().json) as display:
        if first is not None:
            display(first)
        return client().model_versions.wait(
            model_arch_id, version_id, timeout=wait_timeout, poll_interval=poll_interval, on_progress=display
        )


@versions.command("upload", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("weight_uri")
@click.option(
    "--alias", "aliases", multiple=True, metavar="ALIAS", help="An alias for the version (repeatable)."
)
@click.option("--fingerprint-suffix", metavar="SUFFIX", help="The system fingerprint suffix.")
@click.option("--wait", is_flag=True, help="Wait until the weight sync is done (exit 3 if it fails).")
@wait_options
@global_options
def versions_upload(
    model_arch_id: str,
    weight_uri: str,
    aliases: tuple[str, ...],
    fingerprint_suffix: str | None,
    wait: bool,
    wait_timeout: float,
    poll_interval: float,
) -> None:
    """Upload fine-tuned weights from WEIGHT_URI (S3) as a new version of ARCH.

    The upload answers at once (sync_status queued); --wait polls until the sync is done.

    \b
    Example:
      cerebras-management versions upload gpt-oss-120b s3://my-bucket/ft-1/ --alias staging --wait
    """
    version = client().model_versions.upload(
        model_arch_id, weight_uri, aliases=list(aliases) or None, system_fingerprint_suffix=fingerprint_suffix
    )
    if wait:
        new_id = render.version_id_of(version.name)
        version = _wait_version(model_arch_id, new_id, wait_timeout, poll_interval, first=version)
    _show_version(version)


@versions.command("wait", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION")
@wait_options
@global_options
def versions_wait(model_arch_id: str, version_id: str, wait_timeout: float, poll_interval: float) -> None:
    """Wait until the weight sync of a version is done (exit 3 if it fails or times out).

    \b
    Example:
      cerebras-management versions wait gpt-oss-120b 3 --wait-timeout 3600
    """
    _show_version(_wait_version(model_arch_id, version_id, wait_timeout, poll_interval))


@versions.command("set-aliases", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION")
@click.argument("aliases", metavar="ALIAS...", nargs=-1, required=True)
@global_options
def versions_set_aliases(model_arch_id: str, version_id: str, aliases: tuple[str, ...]) -> None:
    """Set the aliases of a version (replacing its list).

    An alias matches `^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$` and is unique per architecture: move it
    off another version first.

    \b
    Example:
      cerebras-management versions set-aliases gpt-oss-120b 3 production v1-stable
    """
    result = client().model_versions.set_aliases(model_arch_id, version_id, list(aliases))
    data = result.to_dict()
    _output(data, lambda: render.show_details(f"Aliases of {result.name}", data))


@versions.command("delete", context_settings=_CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_ids", metavar="VERSION...", nargs=-1, required=True)
@click.option("--yes", "-y", is_flag=True, help="Delete without asking (required without a terminal).")
@click.option("--missing-ok", is_flag=True, help="A version that is already gone is not an error.")
@global_options
def versions_delete(model_arch_id: str, version_ids: tuple[str, ...], yes: bool, missing_ok: bool) -> None:
    """Delete versions of ARCH and their artifacts.

    Asks for confirmation on a terminal; without one it refuses unless --yes is given. Every
    version is tried; the exit status is 1 if any delete failed.

    \b
    Example:
      cerebras-management versions delete gpt-oss-120b 1 2 old-staging --yes
    """
    from .._paths import version_segment

    for version_id in version_ids:
        version_segment(version_id)  # every id checked (ValueError: exit 2) before anything is deleted
    api = client()
    if not yes:
        _confirm_delete(model_arch_id, version_ids, api.org_name)
    outcomes: list[dict[str, Any]] = []
    results = []
    failures: list[tuple[str, ManagementError]] = []
    for version_id in version_ids:
        try:
            result = api.model_versions.delete(model_arch_id, version_id, missing_ok=missing_ok)
        except ManagementError as error:
            failures.append((version_id, error))
            outcomes.append(
                {"model_arch_id": model_arch_id, "version_id": version_id, "error": _brief(error)}
            )
            if not settings().json:
                click.echo(f"Error: version {version_id}: {error.message}", err=True)
        else:
            results.append(result)
            outcomes.append({"model_arch_id": model_arch_id, "version_id": version_id, **_deleted(result)})
    _output(outcomes, lambda: render.show_deleted(results))
    if failures:
        raise _summary(failures, len(version_ids))


def _confirm_delete(model_arch_id: str, version_ids: tuple[str, ...], org_name: str | None) -> None:
    if not sys.stdin.isatty():
        fail(
            "refusing to delete without confirmation: stdin is not a terminal. "
            "Pass --yes to delete without asking."
        )
    listed = ", ".join(version_ids)
    question = (
        f"Delete {len(version_ids)} version(s) of {model_arch_id} in org {org_name or '?'} ({listed})? "
        "This cannot be undone"
    )
    if not click.confirm(question, default=False, err=True):
        fail("not confirmed: nothing was deleted", usage=False)


def _deleted(result: Any) -> dict[str, Any]:
    return {
        "name": result.name,
        "deleted": result.deleted,
        "message": result.message,
        "request_id": result.request_id,
    }


def _brief(error: ManagementError) -> dict[str, Any]:
    return {
        "error": error.message,
        "type": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
        "request_id": getattr(error, "request_id", None),
        "detail": getattr(error, "detail", None),
    }


def _summary(failures: list[tuple[str, ManagementError]], total: int) -> ManagementError:
    """The error that ends a delete run: the failure itself, or a count with the first failure's facts."""
    if total == 1:
        return failures[0][1]
    version_id, first = failures[0]
    summary = ManagementError(
        f"{len(failures)} of {total} deletes failed (first, version {version_id}: {first.message})"
    )
    for name in ("status_code", "request_id", "detail"):
        setattr(summary, name, getattr(first, name, None))
    return summary


# --- endpoints ------------------------------------------------------------------------------------


@click.group(context_settings=_CONTEXT)
@global_options
def endpoints() -> None:
    """Dedicated endpoints: list, inspect, deploy a version.

    \b
    Example:
      cerebras-management endpoints deploy my-org-gpt-oss-120b gpt-oss-120b production --wait
    """


@endpoints.command("list", context_settings=_CONTEXT)
@global_options
def endpoints_list() -> None:
    """List the endpoints the organization manages.

    \b
    Example:
      cerebras-management endpoints list
    """
    items = [endpoint.to_dict() for endpoint in client().endpoints.list()]
    _output({"endpoints": items}, lambda: render.show_endpoints(items))


@endpoints.command("get", context_settings=_CONTEXT)
@click.argument("endpoint_id", metavar="ENDPOINT")
@global_options
def endpoints_get(endpoint_id: str) -> None:
    """Show an endpoint and the versions deployed on it, with each rollout's state.

    \b
    Example:
      cerebras-management endpoints get my-org-gpt-oss-120b
    """
    data = client().endpoints.get(endpoint_id).to_dict()
    _output(data, lambda: render.show_endpoint(data))


@endpoints.command("deploy", context_settings=_CONTEXT)
@click.argument("endpoint_id", metavar="ENDPOINT")
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION")
@click.option("--wait", is_flag=True, help="Wait until the rollout is complete (exit 3 if it fails).")
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
    deployment = api.endpoints.deploy(endpoint_id, model_arch_id, version_id)
    if not wait:
        data = deployment.to_dict()
        _output(data, lambda: render.show_details(f"Deployment {deployment.name}", data))
        return
    deployment_id = deployment.name
    subject = f"deployment {deployment_id} on {endpoint_id}"
    with WaitDisplay(subject, lambda deployed: deployed.state, json_mode=settings().json) as display:
        display.show(deployment.response.rollout_status if deployment.response else None)
        deployed = api.endpoints.wait_for_deployment(
            endpoint_id, deployment_id, timeout=wait_timeout, poll_interval=poll_interval, on_progress=display
        )
    data = deployed.to_dict()
    _output(data, lambda: render.show_details(f"Deployed on {endpoint_id}", data))
