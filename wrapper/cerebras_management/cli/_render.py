"""Results for people: rich tables and panels on stdout (``--json`` output is in `_common`).

Details are drawn from each result's ``to_dict()``, so a field the API gains shows up here after
``make generate`` with no change; list tables pick the columns people scan for. Server text is
always wrapped in `rich.text.Text`, never read as markup, with its control characters made
visible (`visible`), and nested at most `TEXT_DEPTH` levels deep (`bounded`).

Nothing is ever folded by the command line: one result (``get``, an upload, a deployment) is
aligned ``field   value`` lines whatever the width, each value whole; a list is a table whose cells
never wrap. When a list is wider than the terminal, its long URIs are shortened in the middle
(``s3://bucket/ft…/checkpoint/``; ``get`` and ``--json`` show them whole), and if it still does not
fit, each row is printed as ``field   value`` lines instead.
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


#: The narrowest a shortened cell gets (with its ellipsis): below this, the list is shown as records.
MIN_SHORTENED = 16
ELLIPSIS = "…"


def shorten_middle(value: str, width: int) -> str:
    """``value`` cut to ``width`` cells by an ellipsis in its middle (its start and end stay readable)."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(value) <= width:
        return value
    tail_width = (width - 1) // 2
    head = set_cell_size(value, width - 1 - tail_width)
    tail = value[::-1]
    tail = set_cell_size(tail, tail_width)[::-1] if tail_width else ""
    return head + ELLIPSIS + tail


def field_lines(rows: Sequence[tuple[str, str]]) -> str:
    """``rows`` as aligned ``field   value`` lines, each value whole (a terminal may wrap a long one,
    the command line never folds it)."""
    from rich.cells import cell_len

    width = max((cell_len(field) for field, _ in rows), default=0)
    return "".join(
        f"  {field}{' ' * (width - cell_len(field))}  {value}".rstrip() + "\n" for field, value in rows
    )


class Grid:
    """A list: rows under column headings, shown as a table that fits the width.

    Cells of the ``shorten`` columns (URIs) may be cut in the middle to make the table fit; ids,
    names and states never are. When the table cannot fit even then, each row is shown as aligned
    ``field   value`` lines instead.
    """

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        shorten: Iterable[str] = (),
    ):
        self.title = visible(title)
        self.columns = [visible(column) for column in columns]
        self.rows = [[visible(cell) for cell in row] for row in rows]
        self.shorten = [self.columns.index(column) for column in shorten]

    def table(self, limits: Mapping[int, int] | None = None) -> RenderableType:
        """The boxed table, each cell of a column in ``limits`` shortened to that many cells."""
        from rich.table import Table
        from rich.text import Text

        table = Table(header_style="bold")
        for column in self.columns:
            table.add_column(column, no_wrap=True)
        for row in self.rows:
            cells = [
                shorten_middle(cell, (limits or {})[i]) if i in (limits or {}) else cell
                for i, cell in enumerate(row)
            ]
            table.add_row(*(Text(cell) for cell in cells))
        return table

    def records(self) -> str:
        """The title, then each row as aligned ``field   value`` lines, a blank line between rows."""
        blocks = [field_lines(list(zip(self.columns, row, strict=True))) for row in self.rows]
        return self.title + "\n\n" + "\n".join(blocks)


def show(grid: Grid) -> None:
    """Print ``grid`` on stdout: its title, then the table (its URIs shortened if that makes it fit),
    else its records."""
    out = console()
    table = grid.table()
    excess = _width(out, table) - out.width
    if excess > 0 and grid.shorten:
        table = grid.table(_limits(grid, excess))
        excess = _width(out, table) - out.width
    if excess > 0:
        write_stdout(grid.records())
        return
    write_stdout(grid.title + "\n")
    emit(table)


def _width(out: Console, table: RenderableType) -> int:
    from rich.measure import Measurement

    return Measurement.get(out, out.options.update_width(1 << 20), table).maximum


def _limits(grid: Grid, excess: int) -> dict[int, int]:
    """How wide each shortenable column may be to take ``excess`` cells off the table (the widest
    column gives first; none below `MIN_SHORTENED` or its heading)."""
    from rich.cells import cell_len

    limits = {i: max((cell_len(row[i]) for row in grid.rows), default=0) for i in grid.shorten}
    for i in sorted(grid.shorten, key=lambda i: -limits[i]):
        cut = min(excess, max(0, limits[i] - max(MIN_SHORTENED, cell_len(grid.columns[i]))))
        limits[i] -= cut
        excess -= cut
    return limits


def details(title: str, data: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    """Every field of one result under ``title``, as aligned ``field   value`` lines."""
    kept = bounded({k: v for k, v in data.items() if k not in set(skip)}, TEXT_DEPTH)
    rows = [(visible(field), visible(value)) for field, value in flatten(kept)]
    return visible(title) + "\n" + field_lines(rows)


def version_id_of(name: str) -> str:
    """The version id in a model version's name (the name itself when it has another shape)."""
    from .. import parse_model_version_name  # not loaded for --help or --version

    try:
        return parse_model_version_name(name).version_id
    except (TypeError, ValueError):
        return name


def show_architectures(architectures: list[str]) -> None:
    """``models list``."""
    show(Grid("Model architectures", ["model_arch_id"], ([text(arch)] for arch in architectures)))


def show_versions(model_arch_id: str, versions: list[dict[str, Any]]) -> None:
    """``versions list``: one row per version (a long weight URI is shortened; ``get`` shows it whole)."""
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
    show(Grid(f"Versions of {model_arch_id}", columns, rows, shorten=["weight_uri"]))


def show_details(title: str, data: Mapping[str, Any]) -> None:
    """One result (a version, a deployment, a deployed model, aliases) as aligned field/value lines."""
    write_stdout(details(title, data))


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
    """``endpoints get``: the endpoint's fields, then each deployed model's, in the same layout."""
    deployed = data.get("deployed_models") or []
    if not isinstance(deployed, list):
        deployed = []
    models = [model for model in deployed if isinstance(model, Mapping)]
    sections = [details(f"Endpoint {text(data.get('name', ''))}", data, skip=("deployed_models",))]
    if not models:
        sections.append("Deployed models: none\n")
    for number, model in enumerate(models, 1):
        sections.append(details(f"Deployed model {number} of {len(models)}", model))
    write_stdout("\n".join(sections))
