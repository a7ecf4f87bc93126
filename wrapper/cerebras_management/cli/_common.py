"""What every command shares: the global options, the client they build, and writing results.

The global options (``--org``, ``--base-url``, ``--timeout``, ``--json``, ``-v``) are accepted before
the command group and again after the command (``cerebras-management versions list ARCH --json``);
a value given later wins. They land in one `Settings` object carried as the click context's
``obj``, so the error handler sees ``--json`` too, and the operation the command runs (`Operation`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .._config import resolve_org_name
from .._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    ORG_NAME_ENV,
)
from ._output import OutputError, dumps, redact, silence, write_stdout
from ._seconds import ATTEMPT_SECONDS, POLL_INTERVAL_SECONDS, WAIT_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from .._client import ManagementClient
    from ._operation import Operation

F = TypeVar("F", bound=Callable[..., Any])

#: The click context settings of every group and command.
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@dataclass
class Settings:
    """The global options of one run (None: not given, the library's default applies)."""

    org: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    json: bool = False
    verbose: bool = False
    client: ManagementClient | None = None
    #: What the command does that someone may need to check on (a write, a wait), once it is known.
    operation: Operation | None = None
    #: Why stdout could not be written, once it could not (it is then silenced and the run goes on).
    stdout_lost: OutputError | None = None
    #: The client's log records (``CEREBRAS_MANAGEMENT_LOG``) are written as JSON lines (``--json``).
    json_logs: bool = False
    #: The organization of each VERSION given as a full resource name: ``(name, org)``.
    named_orgs: list[tuple[str, str]] = field(default_factory=list)


def settings(ctx: click.Context | None = None) -> Settings:
    """This run's settings (the root context's ``obj``)."""
    ctx = ctx or click.get_current_context()
    obj = ctx.find_root().obj
    if not isinstance(obj, Settings):
        obj = ctx.find_root().obj = Settings()
    return obj


def _store(field: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            setattr(settings(ctx), field, value)
        return value

    return callback


def _json_mode(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    """``--json``: one JSON document on stdout, and only JSON lines on stderr (log records too)."""
    if value:
        state = settings(ctx)
        state.json = True
        if not state.json_logs:
            from ._logs import json_log_lines

            state.json_logs = True
            ctx.find_root().call_on_close(json_log_lines())
    return value


def global_options(function: F) -> F:
    """Add ``--org``, ``--base-url``, ``--timeout``, ``--json`` and ``-v`` to a group or command."""
    options = [
        click.option(
            "--org",
            metavar="ORG_NAME",
            expose_value=False,
            callback=_store("org"),
            help=f"Management organization name, not the org id [env {ORG_NAME_ENV}].",
        ),
        click.option(
            "--base-url",
            metavar="URL",
            expose_value=False,
            callback=_store("base_url"),
            help=f"API base URL [env {BASE_URL_ENV}; default {DEFAULT_BASE_URL}].",
        ),
        click.option(
            "--timeout",
            type=ATTEMPT_SECONDS,
            metavar="SECONDS",
            expose_value=False,
            callback=_store("timeout"),
            help="Timeout of each HTTP attempt [default: 60, connect 5].",
        ),
        click.option(
            "--json",
            "json_output",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_json_mode,
            help="Print exactly one JSON document on stdout (API field names); errors as JSON on stderr.",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_store("verbose"),
            help="One stderr line per HTTP attempt: method, path, status, time, request id.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def wait_options(function: F) -> F:
    """Add ``--wait-timeout`` and ``--poll-interval`` (exposed as ``wait_timeout``, ``poll_interval``)."""
    function = click.option(
        "--poll-interval",
        type=POLL_INTERVAL_SECONDS,
        default=DEFAULT_POLL_INTERVAL,
        show_default=True,
        metavar="SECONDS",
        help="Seconds between the first polls (then x1.5, up to 30).",
    )(function)
    return click.option(
        "--wait-timeout",
        type=WAIT_TIMEOUT_SECONDS,
        default=DEFAULT_WAIT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Give up waiting after this long (exit 3); the operation goes on.",
    )(function)


def client(ctx: click.Context | None = None, *, needs_org: bool = True) -> ManagementClient:
    """The run's `ManagementClient` (built once, closed when the command ends).

    A missing or malformed key or base URL is a usage error (exit 2), raised before any request;
    so is a missing organization when ``needs_org`` (every call but ``endpoints get``).
    """
    ctx = ctx or click.get_current_context()
    state = settings(ctx)
    if state.client is None:
        state.client = _new_client(ctx, state)
    if needs_org and state.client.org_name is None:
        raise click.UsageError(
            f"no organization: pass --org ORG_NAME or set {ORG_NAME_ENV} (the management organization "
            "*name* from the API keys page, not the org id)",
            ctx,
        )
    return state.client


def _new_client(ctx: click.Context, state: Settings) -> ManagementClient:
    from .. import ManagementClient, ManagementError

    if not os.environ.get(API_KEY_ENV, "").strip():
        raise click.UsageError(
            f"no management API key: set {API_KEY_ENV} (create a key under 'Management API keys' on "
            "the API keys page at https://cloud.cerebras.ai)",
            ctx,
        )
    options: dict[str, Any] = {"org_name": _org_of_names(ctx, state), "base_url": state.base_url}
    if state.timeout is not None:
        options["timeout"] = state.timeout
    try:
        api = ManagementClient(**options)
    except (ManagementError, ValueError, TypeError) as error:
        message = str(error).replace(f"api_key or {API_KEY_ENV}", API_KEY_ENV)  # the CLI has no api_key
        raise click.UsageError(redact(message), ctx) from None
    root = ctx.find_root()
    root.call_on_close(api.close)
    if state.verbose:
        from ._verbose import show_attempts

        root.call_on_close(show_attempts(json_mode=state.json))
    return api


def _org_of_names(ctx: click.Context, state: Settings) -> str | None:
    """The organization to use: ``--org``, else ``CEREBRAS_ORG_NAME``, else that of the VERSION names
    given; a name of another organization than the one given is a usage error naming both."""
    given = resolve_org_name(state.org or None)
    source = f"--org is {given!r}" if state.org else f"{ORG_NAME_ENV} is {given!r}"
    for name, org in state.named_orgs:
        if given is None:
            given, source = org, f"{name} is of {org!r}: give versions of one organization"
        elif org != given:
            raise click.UsageError(f"{name} is a version of organization {org!r}, but {source}", ctx)
    return given


def print_json(data: Any) -> None:
    """Write ``data`` as one JSON document on stdout (no colour, so ``| jq`` works)."""
    write_stdout(redact(dumps(data, indent=2)) + "\n")


def output(data: Any, human: Callable[[], None]) -> None:
    """Print ``data`` as JSON with ``--json``, else call ``human()``; nothing once stdout is lost."""
    state = settings()
    if state.stdout_lost is not None:
        return
    if state.json:
        print_json(data)
    else:
        human()


def lose_stdout(error: OutputError) -> None:
    """Stdout cannot be written (``error``): remember why and silence it, so the run can go on (a
    wait asked for after an applied write still happens); the run's end reports it."""
    state = settings()
    if state.stdout_lost is None:
        state.stdout_lost = error
    silence(sys.stdout)


def fail(message: str, *, usage: bool = True) -> NoReturn:
    """Stop the command with ``message`` on stderr: exit status 2 (a usage error), else 1."""
    raise click.UsageError(message) if usage else click.ClickException(message)
