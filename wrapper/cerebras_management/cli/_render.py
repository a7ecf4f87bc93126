"""Results for people: rich tables and panels on stdout (``--json`` output is in `_common`).

Details are drawn from each result's ``to_dict()``, so a field the API gains shows up here after
``make generate`` with no change; list tables pick the columns people scan for. Server text is
always wrapped in `rich.text.Text`, never read as markup, with its control characters made
visible (`visible`), and nested at most `TEXT_DEPTH` levels deep (`bounded`).

A table never breaks an id, a name or a URI inside it: when its natural width does not fit the
terminal, the result is printed one field per line instead (``field: value``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from ._output import OutputError, bounded, output_error, visible, write_stdout

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .._types import DeletedModelVersion

_TIMESTAMPS = frozenset({"created", "updated"})

#: Nesting shown in a table cell; deeper parts of a value are summarized (see `bounded`).
TEXT_DEPTH = 20


#: Width for output that is not a terminal (a file, a pipe, a CI log): wide enough that ids and URIs
#: stay on one line for grep, instead of rich's 80 columns (``COLUMNS`` still wins).
PIPE_WIDTH = 200


def console() -> Console:
    """A console on stdout (plain, and wide, when stdout is not a terminal)."""
    import os

    if sys.stdout is None:
        raise OutputError("cannot write the result: stdout is closed")
    out = _stdout_console()(file=sys.stdout, highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = PIPE_WIDTH
    return out


@cache
def _stdout_console() -> type[Console]:
    """rich's `Console`, but a reader that has gone is an `OutputError` (exit 1, or 4 after an
    applied write), not rich's own exit 1 (`Console.on_broken_pipe`)."""
    import errno
    import os

    from rich.console import Console

    class StdoutConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise output_error(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)))

    return StdoutConsole


def emit(*renderables: RenderableType) -> None:
    """Print to stdout; `OutputError` when stdout cannot be written."""
    out = console()
    try:
        for renderable in renderables:
            out.print(renderable)
    except (OSError, ValueError) as error:
        raise output_error(error) from None


def text(value: Any, key: str = "") -> str:
    """One value as people read it: lists joined, timestamps in UTC, None as a dash."""
    return _text(bounded(value, TEXT_DEPTH), key)


def _text(value: Any, key: str = "") -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key in _TIMESTAMPS and isinstance(value, int):
        try:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        except (OverflowError, OSError, ValueError):  # out of the platform's range: show it as sent
            return str(value)
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_text(v, k)}" for k, v in value.items())
    return str(value)


def flatten(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, text)`` rows of a result; the ``response`` envelope's fields are listed in place."""
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        if key == "response" and isinstance(value, Mapping):
            rows.extend(flatten(value))
        elif isinstance(value, Mapping) and value and all(not isinstance(v, Mapping) for v in value.values()):
            rows.extend((f"{key}.{sub}", text(item, sub)) for sub, item in value.items())
        else:
            rows.append((key, text(value, key)))
    return rows


class Grid:
    """Rows under column headings, shown as a table when it fits the width, else field per line."""

    def __init__(
        self, title: str | None, columns: Sequence[str], rows: Iterable[Sequence[str]], *, plain: bool = False
    ):
        self.title = None if title is None else visible(title)
        self.columns = [visible(column) for column in columns]
        self.rows = [[visible(cell) for cell in row] for row in rows]
        self.plain = plain  # a borderless field/value list (`details`), not a boxed table

    def table(self) -> RenderableType:
        from rich.table import Table
        from rich.text import Text

        if self.plain:
            table = Table(
                title=self.title and Text(self.title),
                title_justify="left",
                show_header=False,
                box=None,
                padding=(0, 2),
            )
            table.add_column("field", style="bold", no_wrap=True)
            table.add_column("value", no_wrap=True)
        else:
            table = Table(title=self.title and Text(self.title), title_justify="left", header_style="bold")
            for column in self.columns:
                table.add_column(column, no_wrap=True)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        return table

    def lines(self) -> str:
        """One ``field: value`` line per cell, a blank line between rows."""
        blocks = [self.title] if self.title else []
        if self.plain:
            blocks.append("\n".join(f"{field}: {value}" for field, value in self.rows))
        else:
            blocks += [
                "\n".join(f"{c}: {v}" for c, v in zip(self.columns, row, strict=True)) for row in self.rows
            ]
        return "\n\n".join(blocks) + "\n"


def show(*grids: Grid) -> None:
    """Print ``grids`` on stdout: as tables when every one fits the width, else one field per line."""
    from rich.cells import cell_len
    from rich.measure import Measurement

    out = console()
    tables = [grid.table() for grid in grids]
    wide = out.options.update_width(1 << 20)
    if all(Measurement.get(out, wide, table).maximum <= out.width for table in tables) and all(
        cell_len(grid.title or "") <= out.width for grid in grids
    ):
        emit(*tables)
    else:
        write_stdout("\n".join(grid.lines() for grid in grids))


def details(title: str, data: Mapping[str, Any], skip: Iterable[str] = ()) -> Grid:
    """Every field of one result, as ``(field, value)`` rows."""
    kept = bounded({k: v for k, v in data.items() if k not in set(skip)}, TEXT_DEPTH)
    return Grid(title, ["field", "value"], flatten(kept), plain=True)


def version_id_of(name: str) -> str:
    """The version id in a model version's name (the name itself when it has another shape)."""
    from .. import parse_model_version_name  # not loaded for --help or --version

    try:
        return parse_model_version_name(name).version_id
    except (TypeError, ValueError):
        return name


def show_architectures(architectures: list[str]) -> None:
    """``models list``."""
    show(Grid(None, ["model_arch_id"], ([text(arch)] for arch in architectures)))


def show_versions(model_arch_id: str, versions: list[dict[str, Any]]) -> None:
    """``versions list``: one row per version."""
    columns = ["version", "aliases", "sync_status", "done", "weight_uri"]
    rows = []
    for version in versions:
        status = version.get("response") or {}
        if not isinstance(status, Mapping):
            status = {}
        rows.append(
            [
                version_id_of(text(version.get("name"))),
                text(status.get("version_aliases")),
                text(status.get("sync_status")),
                text(version.get("done")),
                text(status.get("customer_s3_uri")),
            ]
        )
    show(Grid(f"Versions of {model_arch_id}", columns, rows))


def show_details(title: str, data: Mapping[str, Any]) -> None:
    """One result (a version, a deployment, a deployed model, aliases) as field/value rows."""
    show(details(title, data))


def show_deleted(results: list[DeletedModelVersion]) -> None:
    """``versions delete``: one plain line per version (never wrapped: logs grep them)."""
    lines = []
    for result in results:
        verb = "Deleted" if result.deleted else "Already gone:"
        lines.append(visible(f"{verb} {result.name}" + (f" ({result.message})" if result.message else "")))
    write_stdout("".join(line + "\n" for line in lines))


def show_endpoints(endpoints: list[dict[str, Any]]) -> None:
    """``endpoints list``."""
    columns = ["endpoint_id", "model_arch_id", "org_name", "created", "updated"]
    rows = [[text(endpoint.get(column), column) for column in columns] for endpoint in endpoints]
    show(Grid("Endpoints", columns, rows))


def show_endpoint(data: Mapping[str, Any]) -> None:
    """``endpoints get``: the endpoint's fields, then its deployed models."""
    deployed = data.get("deployed_models") or []
    if not isinstance(deployed, list):
        deployed = []
    columns = ["id", "model", "version_alias", "state", "created"]
    rows = [
        [text(model.get(column), column) for column in columns]
        for model in deployed
        if isinstance(model, Mapping)
    ]
    show(
        details(f"Endpoint {text(data.get('name', ''))}", data, skip=("deployed_models",)),
        Grid("Deployed models", columns, rows),
    )
