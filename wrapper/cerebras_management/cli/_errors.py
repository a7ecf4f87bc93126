"""What the command line says, and the exit status it returns, for each way a run can end badly.

    1    API or network error, a declined confirmation, a result that could not be written;
         no write of the run is known to be applied
    2    usage error, only before anything was sent
    3    a wait ended: the operation failed or did not finish in time
    4    a write was applied, then something failed (waiting on it, reading its answer, another
         delete, writing its result)
    130  interrupted

Messages are made of server text: people get it with control characters made visible; ``--json``
gets one JSON object on stderr. The management key is redacted from both.
"""

from __future__ import annotations

from typing import Any

from .. import ManagementError, OperationFailedError, WaitTimeoutError
from .._responses import _HINTS
from ._common import Settings
from ._exit_codes import EXIT_API_ERROR, EXIT_APPLIED, EXIT_INTERRUPTED, EXIT_USAGE, EXIT_WAIT_FAILED
from ._output import OutputError, bounded, dumps, err_line, redact, visible
from ._writes import interrupted_message, stopped_message

#: The library's hints name its arguments; the command line's options and variables instead.
_CLI_HINTS = {
    _HINTS[401]: "Check the management API key in the environment variable CEREBRAS_MANAGEMENT_API_KEY.",
    _HINTS[403]: "The key may belong to another organization: check --org (or CEREBRAS_ORG_NAME).",
}


def error_facts(error: BaseException, message: str) -> dict[str, Any]:
    """What every ``--json`` error says: ``error`` (the message), ``type``, ``status_code``,
    ``request_id`` and ``detail``."""
    return {
        "error": message,
        "type": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
        "request_id": getattr(error, "request_id", None),
        "detail": getattr(error, "detail", None),
    }


def _error_object(error: BaseException, message: str, code: int, state: Settings) -> dict[str, Any]:
    """The ``--json`` error document: `error_facts`, ``exit_code``, and more."""
    data = {**error_facts(error, message), "exit_code": code}
    if isinstance(error, (OperationFailedError, WaitTimeoutError)):
        status = error.status
        data["state"] = error.state
        data["elapsed"] = round(error.elapsed, 3)
        data["status"] = status.to_dict() if hasattr(status, "to_dict") else status
    if state.operation is not None and (state.operation.applied or code in (EXIT_APPLIED, EXIT_INTERRUPTED)):
        data["operation"] = state.operation.to_dict()
    bounded_data: dict[str, Any] = bounded(data)
    return bounded_data


def report(error: BaseException, message: str, code: int, state: Settings) -> int:
    """Write the error (a line for people, a JSON object with ``--json``); return ``code``."""
    for library_hint, cli_hint in _CLI_HINTS.items():
        message = message.replace(library_hint, cli_hint)
    message = redact(message)
    if state.json:
        err_line(redact(dumps(_error_object(error, message, code, state))))
    else:
        err_line(f"Error: {visible(message)}")
    return code


def report_management_error(error: ManagementError, state: Settings) -> int:
    """Exit 3 for a wait that ended, 4 when a write of this run was applied, else 1."""
    operation = state.operation
    if isinstance(error, (OperationFailedError, WaitTimeoutError)):
        message = error.message
        if operation is not None and operation.applied:
            message += f" The {operation.verb} itself was applied: check on it with: {operation.check}"
        return report(error, message, EXIT_WAIT_FAILED, state)
    if operation is not None and operation.write and (operation.applied or getattr(error, "applied", False)):
        operation.applied = True
        return report(error, stopped_message(operation, error, error.message), EXIT_APPLIED, state)
    return report(error, error.message, EXIT_API_ERROR, state)


def report_value_error(error: ValueError, state: Settings) -> int:
    """The library's checks of ids, aliases, org, timeout: exit 2, unless a write was applied (4)."""
    operation = state.operation
    if operation is not None and operation.applied:
        return report(error, stopped_message(operation, error, str(error)), EXIT_APPLIED, state)
    return report(error, str(error), EXIT_USAGE, state)


def report_output_error(error: OutputError, state: Settings) -> int:
    """The result could not be written: 4 when a write of this run was applied, whatever the
    reason (said on stderr, if stderr is there); else 1, silently when the reader has gone
    (``... | head``)."""
    operation = state.operation
    if operation is not None and operation.write and operation.applied:
        message = stopped_message(operation, error, str(error), then="writing its result")
        return report(error, message, EXIT_APPLIED, state)
    if error.reader_gone:
        return EXIT_API_ERROR
    return report(error, str(error), EXIT_API_ERROR, state)


def report_interrupt(error: BaseException, state: Settings) -> int:
    """Ctrl-C: 130, and the exact command to check on what goes on without us."""
    return report(error, interrupted_message(state.operation), EXIT_INTERRUPTED, state)
