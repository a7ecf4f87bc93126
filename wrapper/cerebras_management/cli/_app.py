"""The root command: global options, the command groups, and exceptions turned into exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from .._version import __version__
from ._common import CONTEXT, Settings, global_options
from ._exit_codes import EXIT_API_ERROR, EXIT_OK
from ._output import OutputError, output_error, silence

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
  1    API or network error, a declined confirmation, or a result that could not be written;
       no write of this run is known to be applied
  2    usage error (invalid argument, alias or seconds, missing key or organization):
       nothing was sent
  3    a --wait (or `versions wait`) ended: the operation failed or did not finish in time
  4    a write was applied, then something failed (waiting on it, reading its answer, another
       delete, writing its result): the message says what was applied and the command to
       check on it; do not repeat it
  130  interrupted (Ctrl-C); the message says how to check on what goes on
"""


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
        from .. import ManagementError
        from . import _errors

        state = Settings()
        extra.setdefault("obj", state)
        if "--json" in argv:  # seen before the options are parsed, for errors in parsing them
            state.json = True
        try:
            try:
                result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
                _flush_stdout()
                if state.stdout_lost is not None:  # the run went on without stdout (see `lose_stdout`)
                    raise state.stdout_lost
            except click.exceptions.Abort as error:
                if isinstance(error.__cause__, KeyboardInterrupt):
                    return _errors.report_interrupt(error, state)
                return _errors.report(error, "aborted", EXIT_API_ERROR, state)
            except click.ClickException as error:
                if state.json:
                    return _errors.report(error, error.format_message(), error.exit_code, state)
                error.show()
                return error.exit_code
            except KeyboardInterrupt as error:
                return _errors.report_interrupt(error, state)
            except ManagementError as error:
                return _errors.report_management_error(error, state)
            except ValueError as error:  # the library's checks of ids, aliases, org, timeout
                return _errors.report_value_error(error, state)
        except OutputError as error:  # stdout closed, full or its reader gone: the result is lost
            silence(sys.stdout)
            return _errors.report_output_error(error, state)
        except BrokenPipeError as error:  # click's own output (`--help | head`): the reader left
            silence(sys.stdout)
            return _errors.report_output_error(output_error(error), state)
        return result if isinstance(result, int) else EXIT_OK


def _flush_stdout() -> None:
    """Flush what the command wrote, so a failure to write shows now, not as an exit-time traceback."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:
        raise output_error(error) from None


@click.group(
    cls=RootGroup,
    help=ROOT_HELP,
    epilog=ROOT_EPILOG,
    context_settings=CONTEXT,
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
