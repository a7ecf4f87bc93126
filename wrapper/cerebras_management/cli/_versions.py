"""The ``versions`` group: upload, list, get, wait for, alias and delete model versions."""

from __future__ import annotations

from typing import Any

import click

from . import _render as render
from . import _writes as writes
from ._common import CONTEXT, client, global_options, output, settings, wait_options
from ._delete import versions_delete
from ._progress import WaitDisplay
from ._version_arg import VERSION


@click.group(context_settings=CONTEXT)
@global_options
def versions() -> None:
    """Model versions: upload, inspect, alias, wait for and delete fine-tuned weights.

    VERSION is an integer version id, one of the version's aliases, or its full name as printed
    (orgs/ORG/models/ARCH/versions/ID: it must name ARCH and the organization).

    \b
    Example:
      cerebras-management versions upload gpt-oss-120b s3://bucket/weights/ --alias staging --wait
      cerebras-management versions list gpt-oss-120b
    """


@versions.command("list", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@global_options
def versions_list(model_arch_id: str) -> None:
    """List the versions of architecture ARCH.

    \b
    Example:
      cerebras-management versions list gpt-oss-120b
    """
    items = [version.to_dict() for version in client().model_versions.list(model_arch_id)]
    output({"model_versions": items}, lambda: render.show_versions(model_arch_id, items))


def _show_version(version: Any) -> None:
    data = version.to_dict()
    output(data, lambda: render.show_details(f"Model version {version.name}", data))


@versions.command("get", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION", type=VERSION)
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
    first_state = _sync_state(first) if first is not None else None
    with WaitDisplay(subject, _sync_state, json_mode=settings().json, first=first_state) as display:
        return client().model_versions.wait(
            model_arch_id, version_id, timeout=wait_timeout, poll_interval=poll_interval, on_progress=display
        )


@versions.command("upload", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("weight_uri")
@click.option(
    "--alias", "aliases", multiple=True, metavar="ALIAS", help="An alias for the version (repeatable)."
)
@click.option("--fingerprint-suffix", metavar="SUFFIX", help="The system fingerprint suffix.")
@click.option(
    "--wait",
    is_flag=True,
    help=(
        "Wait until the weight sync is done (exit 3 if it fails or times out; exit 4 if polling fails "
        "after the write was applied)."
    ),
)
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
    from .. import parse_model_version_name  # not loaded for --help or --version

    api = client()
    operation = writes.begin(
        "upload",
        writes.command("versions", "list", model_arch_id),
        sent=f"upload of {weight_uri} as a new version of {model_arch_id}",
        waiting_for="its weight sync" if wait else None,
    )
    version = api.model_versions.upload(
        model_arch_id, weight_uri, aliases=list(aliases) or None, system_fingerprint_suffix=fingerprint_suffix
    )
    try:
        ref = parse_model_version_name(version.name)
    except (TypeError, ValueError):
        what = f"a new version of {model_arch_id} named {version.name!r}"
        writes.applied(operation, what, version.to_dict(), announce=f"Uploaded {what}" if wait else None)
        if wait:
            raise ValueError(
                f"its answer names the new version {version.name!r}, not "
                "orgs/<org>/models/<arch>/versions/<id>, so there is no id to wait on"
            ) from None
    else:
        check = writes.command("versions", "get", ref.model_arch_id, ref.version_id)
        what = f"version {ref.version_id} of {ref.model_arch_id}, {version.name}"
        announce = f"Uploaded version {ref.version_id} of {ref.model_arch_id}: {version.name}"
        writes.applied(operation, what, version.to_dict(), check=check, announce=announce if wait else None)
        if wait:
            version = _wait_version(
                ref.model_arch_id, ref.version_id, wait_timeout, poll_interval, first=version
            )
            operation.finished = "its weight sync is done"
    _show_version(version)


@versions.command("wait", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION", type=VERSION)
@wait_options
@global_options
def versions_wait(model_arch_id: str, version_id: str, wait_timeout: float, poll_interval: float) -> None:
    """Wait until the weight sync of a version is done (exit 3 if it fails or times out).

    \b
    Example:
      cerebras-management versions wait gpt-oss-120b 3 --wait-timeout 3600
    """
    writes.begin("weight sync", writes.command("versions", "get", model_arch_id, version_id), write=False)
    _show_version(_wait_version(model_arch_id, version_id, wait_timeout, poll_interval))


@versions.command("set-aliases", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_id", metavar="VERSION", type=VERSION)
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
    api = client()
    operation = writes.begin(
        "alias change",
        writes.command("versions", "get", model_arch_id, version_id),
        sent=f"alias change of version {version_id} of {model_arch_id} to {', '.join(aliases)}",
    )
    result = api.model_versions.set_aliases(model_arch_id, version_id, list(aliases))
    data = result.to_dict()
    now = ", ".join(result.version_aliases) or "none"
    writes.applied(operation, f"version {version_id} of {model_arch_id} now has the aliases {now}", data)
    output(data, lambda: render.show_details(f"Aliases of {result.name}", data))


versions.add_command(versions_delete)
