"""Writes the command line never hides: what was sent, whether it was applied, how to check on it.

A command that changes something (upload, deploy, set-aliases, delete) or waits on a change
records an `Operation` in the run's settings before it sends anything, and marks it applied the
moment the server accepts the write (`applied`). Given an announcement (``--wait``), `applied` prints
the result at once (stdout; a JSON line on stderr with ``--json``), before any waiting; when stdout
cannot take it (a reader that has gone, a full disk) the run goes on, and waits as asked. Whatever
fails next (a poll, reading an answer, writing the result, Ctrl-C), the error handler then says what
was applied and the exact command to check on it, and exits 4 rather than 1, so a CI job that
retries on 1 never uploads or deploys twice.
"""

from __future__ import annotations

from typing import Any

from ._common import client, lose_stdout, settings
from ._operation import Operation
from ._output import OutputError, dumps, err_line, redact, visible, write_stdout

PROG = "cerebras-management"


def command(*args: str, org: bool = True) -> str:
    """The exact shell command ``cerebras-management ARGS`` for this run's org and base URL."""
    import shlex  # not loaded for --help or --version

    state = settings()
    words = [PROG, *args]
    org_name = client(needs_org=False).org_name  # from --org or the environment
    if org and org_name:
        words += ["--org", org_name]
    if state.base_url:  # given on the command line: the environment may not have it
        words += ["--base-url", state.base_url]
    return " ".join(shlex.quote(word) for word in words)


def begin(
    verb: str, check: str, *, sent: str = "", write: bool = True, waiting_for: str | None = None
) -> Operation:
    """Record the operation this run is about to send (or wait on)."""
    operation = Operation(verb=verb, check=check, sent=sent, write=write, waiting_for=waiting_for)
    settings().operation = operation
    return operation


def applied(
    operation: Operation,
    what: str,
    result: Any,
    *,
    check: str | None = None,
    announce: str | None = None,
) -> None:
    """The server applied ``operation``: record ``what`` it made and, given ``announce``, say so now.

    People get the ``announce`` line on stdout (``Uploaded version 7 of ...``); ``--json`` gets one
    JSON object on stderr (``{"applied": {...}}``), so stdout stays the one final document. A stdout
    that cannot take the line does not stop the run (the wait asked for still happens): its end
    reports the lost output, exit 4.
    """
    operation.applied = True
    operation.what = what
    operation.result = result
    if check is not None:
        operation.check = check
    if announce is None:
        return
    if settings().json:
        err_line(redact(dumps({"applied": operation.to_dict()})))
        return
    try:
        write_stdout(redact(visible(announce)) + "\n")
    except OutputError as error:
        lose_stdout(error)


def _sentence(message: str) -> str:
    message = message.rstrip()
    return message if message.endswith((".", "!", "?")) else message + "."


def stopped_message(operation: Operation, error: BaseException, message: str, then: str | None = None) -> str:
    """The exit-4 message: ``operation`` was applied, then ``error`` ended the run (while ``then``)."""
    check = f"Do not repeat the {operation.repeat or operation.verb}; check on it with: {operation.check}"
    if operation.what is None:  # the write's own answer could not be read
        status = getattr(error, "status_code", None)
        answered = f" (the server answered {status})" if status else ""
        sent = operation.sent or operation.verb
        unread = f"but its answer could not be read: {_sentence(message)}"
        return f"the {sent} was applied{answered}, {unread} {check}"
    waiting = f"waiting for {operation.waiting_for}" if operation.waiting_for else "the command"
    then = then or operation.then or waiting
    applied = f"the {operation.verb} was applied ({operation.what})"
    if operation.finished:
        applied += f" and {operation.finished}"
    return f"{applied}. Then {then} failed: {_sentence(message)} {check}"


def interrupted_message(operation: Operation | None) -> str:
    """The Ctrl-C note: what goes on without us and the exact command to check on it."""
    if operation is None:
        return "interrupted"
    if operation.applied:
        done = f"the {operation.verb} was applied ({operation.what})"
        if operation.waiting_for:
            done += " and goes on"
        elif operation.in_flight:
            done += f"; the {operation.sent} may have reached the server"
    elif operation.write:
        done = f"the {operation.sent or operation.verb} may have reached the server"
    else:
        done = f"the {operation.verb} goes on"
    return f"interrupted; {done}. Check on it with: {operation.check}"
