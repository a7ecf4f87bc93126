"""What every command shares: the global options, the client they build, and writing results.

The global options (``--org``, ``--base-url``, ``--timeout``, ``--json``) are accepted before the
command group and again after the command (``cerebras-management versions list ARCH --json``);
a value given later wins. They land in one `Settings` object carried as the click context's
``obj``, so the error handler sees ``--json`` too.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    ORG_NAME_ENV,
)

if TYPE_CHECKING:
    from .._client import ManagementClient

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    """The global options of one run (None: not given, the library's default applies)."""

    org: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    json: bool = False
    client: ManagementClient | None = None


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


_SECONDS = click.FloatRange(min=0, min_open=True)


def global_options(function: F) -> F:
    """Add ``--org``, ``--base-url``, ``--timeout`` and ``--json`` to a group or command."""
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
            type=_SECONDS,
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
            callback=_store("json"),
            help="Print exactly one JSON document on stdout (API field names); errors as JSON on stderr.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def wait_options(function: F) -> F:
    """Add ``--wait-timeout`` and ``--poll-interval`` (exposed as ``wait_timeout``, ``poll_interval``)."""
    function = click.option(
        "--poll-interval",
        type=_SECONDS,
        default=DEFAULT_POLL_INTERVAL,
        show_default=True,
        metavar="SECONDS",
        help="Seconds between the first polls (then x1.5, up to 30).",
    )(function)
    return click.option(
        "--wait-timeout",
        type=_SECONDS,
        default=DEFAULT_WAIT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Give up waiting after this long (exit 3); the operation goes on.",
    )(function)


def client(ctx: click.Context | None = None) -> ManagementClient:
    """The run's `ManagementClient` (built once, closed when the command ends).

    A missing or malformed key or base URL is a usage error (exit 2), raised before any request.
    """
    ctx = ctx or click.get_current_context()
    state = settings(ctx)
    if state.client is not None:
        return state.client
    from .. import ManagementClient, ManagementError

    options: dict[str, Any] = {"org_name": state.org, "base_url": state.base_url}
    if state.timeout is not None:
        options["timeout"] = state.timeout
    try:
        state.client = ManagementClient(**options)
    except (ManagementError, ValueError, TypeError) as error:
        raise click.UsageError(redact(str(error)), ctx) from None
    ctx.find_root().call_on_close(state.client.close)
    return state.client


def redact(text: str) -> str:
    """``text`` without the management key of the environment (a last line of defence)."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    return text.replace(key, "[REDACTED]") if key and key in text else text


def print_json(data: Any) -> None:
    """Write ``data`` as one JSON document on stdout (no colour, so ``| jq`` works)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str, *, usage: bool = True) -> NoReturn:
    """Stop the command with ``message`` on stderr: exit status 2 (a usage error), else 1."""
    raise click.UsageError(message) if usage else click.ClickException(message)
