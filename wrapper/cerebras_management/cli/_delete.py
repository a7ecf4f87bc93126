"""``versions delete``: delete one or more versions, saying exactly which deletes were applied.

Every version given is tried, one after another. Each delete the server applies is marked applied
the moment its answer arrives (`_writes.applied`), so whatever ends the run afterwards (another
delete that fails, a result that cannot be written, Ctrl-C) exits 4 naming the versions deleted;
exit 1 means no delete of this run was applied.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from .. import ManagementError
from . import _render as render
from . import _writes as writes
from ._common import CONTEXT, client, fail, global_options, lose_stdout, output, settings
from ._operation import Operation
from ._output import OutputError, err_line, redact, visible
from ._version_arg import VERSION


def versions_text(version_ids: Sequence[str]) -> str:
    """``version 3`` or ``versions 3, 4`` (ids as given)."""
    noun = "version" if len(version_ids) == 1 else "versions"
    return f"{noun} {', '.join(version_ids)}"


@click.command("delete", context_settings=CONTEXT)
@click.argument("model_arch_id", metavar="ARCH")
@click.argument("version_ids", metavar="VERSION...", nargs=-1, required=True, type=VERSION)
@click.option(
    "--yes", "-y", is_flag=True, help="Delete without asking (required without a terminal, or with --json)."
)
@click.option("--missing-ok", is_flag=True, help="A version that is already gone is not an error.")
@global_options
def versions_delete(model_arch_id: str, version_ids: tuple[str, ...], yes: bool, missing_ok: bool) -> None:
    """Delete versions of ARCH and their artifacts.

    Asks for confirmation on a terminal; without one, or with --json, it refuses unless --yes is
    given. Every version is tried: the exit status is 1 if a delete failed and none was applied,
    4 if some were deleted and another failed (the message names the versions deleted).

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
    operation = writes.begin(
        "delete",
        writes.command("versions", "list", model_arch_id),
        sent=f"delete of {versions_text(version_ids)} of {model_arch_id}",
    )
    run = _Deletes(model_arch_id, operation)
    for version_id in version_ids:
        run.delete(api, version_id, missing_ok=missing_ok)
    try:
        output(run.outcomes, lambda: render.show_deleted(run.results))
    except OutputError as error:
        if not run.failures:
            raise
        lose_stdout(error)  # the failures below say more; the lost result is in the error's operation
    if run.failures:
        raise run.error(len(version_ids))


class _Deletes:
    """The deletes of one run: their outcomes, in order, and which were applied."""

    def __init__(self, model_arch_id: str, operation: Operation) -> None:
        self.model_arch_id = model_arch_id
        self.operation = operation
        self.outcomes: list[dict[str, Any]] = []
        self.results: list[Any] = []
        self.failures: list[tuple[str, ManagementError]] = []
        self.applied_ids: list[str] = []

    def delete(self, api: Any, version_id: str, *, missing_ok: bool) -> None:
        """Delete one version; record its outcome (a failure does not stop the run)."""
        from ._errors import error_facts

        arch = self.model_arch_id
        self.operation.sent = f"delete of version {version_id} of {arch}"
        self.operation.in_flight = True
        try:
            result = api.model_versions.delete(arch, version_id, missing_ok=missing_ok)
        except ManagementError as error:
            self.operation.in_flight = False
            self.failures.append((version_id, error))
            facts = error_facts(error, error.message)
            self.outcomes.append({"model_arch_id": arch, "version_id": version_id, "error": facts})
            if getattr(error, "applied", False):  # answered 2xx, but the answer could not be read
                self._applied(version_id)
            if not settings().json:
                err_line(visible(redact(f"Error: version {version_id}: {error.message}")))
        else:
            self.operation.in_flight = False  # (Ctrl-C leaves it set: that delete may have been applied)
            self.results.append(result)
            self.outcomes.append({"model_arch_id": arch, "version_id": version_id, **_deleted(result)})
            if result.deleted:
                self._applied(version_id)

    def _applied(self, version_id: str) -> None:
        self.applied_ids.append(version_id)
        deleted = versions_text(self.applied_ids)
        writes.applied(self.operation, f"{deleted} of {self.model_arch_id}", self.outcomes)
        self.operation.repeat = f"delete of {deleted}"

    def error(self, total: int) -> ManagementError:
        """The error that ends a run with failures: exit 4 (through the applied operation) when a
        delete of the run was applied, else the failure itself or a count of them (exit 1)."""
        version_id, first = self.failures[0]
        count = len(self.failures)
        if not self.applied_ids:
            if total == 1:
                return first
            message = f"{count} of {total} deletes failed (first, version {version_id}: {first.message})"
            return _like(first, message)
        refused = [vid for vid, error in self.failures if not getattr(error, "applied", False)]
        unread = [vid for vid, error in self.failures if getattr(error, "applied", False)]
        if refused:
            self.operation.then = f"deleting {versions_text(refused)}"
        else:
            self.operation.then = f"reading the answer to the delete of {versions_text(unread)}"
        if count == 1:
            return first
        return _like(first, f"version {version_id}: {first.message} ({count - 1} more failed)")


def _like(first: ManagementError, message: str) -> ManagementError:
    """An error saying ``message`` with the facts (status, request id, detail) of ``first``."""
    summary = ManagementError(message)
    for name in ("status_code", "request_id", "detail"):
        setattr(summary, name, getattr(first, name, None))
    return summary


def _confirm_delete(model_arch_id: str, version_ids: tuple[str, ...], org_name: str | None) -> None:
    """Ask on the terminal; anything but yes (a closed stdin, end of input) deletes nothing.

    With ``--json`` nothing is asked (stderr then carries only JSON lines): --yes is needed.
    """
    if sys.stdin is None or sys.stdin.closed:
        fail(
            "not confirmed (stdin is closed): nothing was deleted. Pass --yes to delete without asking.",
            usage=False,
        )
    if settings().json:
        fail(
            "refusing to delete without confirmation: --json asks no questions. "
            "Pass --yes to delete without asking."
        )
    if not sys.stdin.isatty():
        fail(
            "refusing to delete without confirmation: stdin is not a terminal. "
            "Pass --yes to delete without asking."
        )
    listed = ", ".join(version_ids)
    noun = "version" if len(version_ids) == 1 else "versions"
    question = (
        f"Delete {len(version_ids)} {noun} of {model_arch_id} in org {org_name or '?'} ({listed})? "
        "This cannot be undone"
    )
    try:
        confirmed = click.confirm(question, default=False, err=True)
    except click.Abort as error:
        if isinstance(error.__cause__, KeyboardInterrupt):
            raise
        confirmed = False  # end of input (Ctrl-D): no
    if not confirmed:
        fail("not confirmed: nothing was deleted", usage=False)


def _deleted(result: Any) -> dict[str, Any]:
    return {
        "name": result.name,
        "deleted": result.deleted,
        "message": result.message,
        "request_id": result.request_id,
    }
