"""The root command: global options, the command groups, and exceptions turned into exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from .. import ManagementError, OperationFailedError, WaitTimeoutError
from .._version import __version__
from . import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WAIT_FAILED
from ._common import Settings, global_options, redact

ROOT_HELP = """Manage Cerebras model versions and dedicated endpoints (Customer Management API).

\b
Example:
  export CEREBRAS_MANAGEMENT_API_KEY=...  CEREBRAS_ORG_NAME=my-org
  cerebras-management versions upload gpt-oss-120b s3://bucket/weights/ --alias staging --wait
  cerebras-management endpoints deploy my-org-gpt-oss-120b gpt-oss-120b staging --wait
  cerebras-management --json versions list gpt-oss-120b | jq '.model_versions[].name'
"""

ROOT_EPILOG = """\b
Environment:
  CEREBRAS_MANAGEMENT_API_KEY   the management key (required; never printed)
  CEREBRAS_ORG_NAME             default for --org
  CEREBRAS_MANAGEMENT_BASE_URL  default for --base-url

\b
Exit codes:
  0    success
  1    API or network error (or a declined confirmation)
  2    usage error: invalid argument or alias, missing key or organization
  3    a --wait (or `versions wait`) failed or timed out
  130  interrupted (Ctrl-C)
"""


def _error_object(error: BaseException, message: str, code: int) -> dict[str, Any]:
    """The ``--json`` error document: ``error``, ``status_code``, ``request_id``, ``detail`` and more."""
    data: dict[str, Any] = {
        "error": message,
        "type": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
        "request_id": getattr(error, "request_id", None),
        "detail": getattr(error, "detail", None),
        "exit_code": code,
    }
    if isinstance(error, (OperationFailedError, WaitTimeoutError)):
        status = error.status
        data["state"] = error.state
        data["elapsed"] = round(error.elapsed, 3)
        data["status"] = status.to_dict() if hasattr(status, "to_dict") else status
    return data


def _report(error: BaseException, message: str, code: int, json_mode: bool) -> int:
    message = redact(message)
    if json_mode:
        text = json.dumps(_error_object(error, message, code), ensure_ascii=False, default=str)
        sys.stderr.write(redact(text) + "\n")
    else:
        click.echo(f"Error: {message}", err=True)
    return code


class RootGroup(click.Group):
    """The top-level group: runs the command and maps what it raises to an exit status."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; return the exit status (``standalone_mode=False``) or exit the process with it."""
        argv = list(sys.argv[1:] if args is None else args)
        code = self._run(argv, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, argv: list[str], prog_name: str | None, complete_var: str | None, **extra: Any) -> int:
        state = Settings()
        extra.setdefault("obj", state)

        def json_mode() -> bool:
            return state.json or "--json" in argv

        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort as error:
            if isinstance(error.__cause__, KeyboardInterrupt):
                return _interrupted(error, json_mode())
            return _report(error, "aborted", EXIT_API_ERROR, json_mode())
        except click.ClickException as error:
            if json_mode():
                return _report(error, error.format_message(), error.exit_code, True)
            error.show()
            return error.exit_code
        except KeyboardInterrupt as error:
            return _interrupted(error, json_mode())
        except (OperationFailedError, WaitTimeoutError) as error:
            return _report(error, error.message, EXIT_WAIT_FAILED, json_mode())
        except ManagementError as error:
            return _report(error, error.message, EXIT_API_ERROR, json_mode())
        except ValueError as error:  # the library's checks of ids, aliases, org, timeout
            return _report(error, str(error), EXIT_USAGE, json_mode())
        except BrokenPipeError:  # `... | head`: the reader left; say nothing more
            _silence_stdout()
            return EXIT_API_ERROR
        return result if isinstance(result, int) else EXIT_OK


def _interrupted(error: BaseException, json_mode: bool) -> int:
    message = "interrupted; an upload or deployment already started goes on (check it with `get`)"
    return _report(error, message, EXIT_INTERRUPTED, json_mode)


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


@click.group(
    cls=RootGroup,
    help=ROOT_HELP,
    epilog=ROOT_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "--version", prog_name="cerebras-management", message="%(prog)s %(version)s"
)
@global_options
def app() -> None:
    """The root group (its help is ROOT_HELP)."""


def _register() -> None:
    from ._commands import endpoints, models, versions

    app.add_command(models)
    app.add_command(versions)
    app.add_command(endpoints)


_register()
