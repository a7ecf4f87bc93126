"""Results for people: rich tables and panels on stdout (``--json`` output is in `_common`).

Details are drawn from each result's ``to_dict()``, so a field the API gains shows up here after
``make generate`` with no change; list tables pick the columns people scan for. Server text is
always wrapped in `rich.text.Text`, never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from .._types import DeletedModelVersion

_TIMESTAMPS = frozenset({"created", "updated"})


#: Width for output that is not a terminal (a file, a pipe, a CI log): wide enough that ids and URIs
#: stay on one line for grep, instead of rich's 80 columns (``COLUMNS`` still wins).
PIPE_WIDTH = 200


def console() -> Console:
    """A console on stdout (plain, and wide, when stdout is not a terminal)."""
    import os

    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = PIPE_WIDTH
    return out


def text(value: Any, key: str = "") -> str:
    """One value as people read it: lists joined, timestamps in UTC, None as a dash."""
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
        return ", ".join(text(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={text(v, k)}" for k, v in value.items())
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


def _table(title: str | None, columns: Iterable[str], rows: Iterable[Iterable[str]]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold")
    for index, column in enumerate(columns):
        table.add_column(column, overflow="fold", no_wrap=index == 0)  # ids stay whole
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def details(title: str, data: Mapping[str, Any], skip: Iterable[str] = ()) -> Table:
    """A two-column table of every field of one result."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    skipped = set(skip)
    for key, value in flatten({k: v for k, v in data.items() if k not in skipped}):
        table.add_row(Text(key), Text(value))
    return table


def version_id_of(name: str) -> str:
    """The version id at the end of ``orgs/<org>/models/<arch>/versions/<id>``."""
    return name.rsplit("/", 1)[-1]


def show_architectures(architectures: list[str]) -> None:
    """``models list``."""
    console().print(_table(None, ["model_arch_id"], ([arch] for arch in architectures)))


def show_versions(model_arch_id: str, versions: list[dict[str, Any]]) -> None:
    """``versions list``: one row per version."""
    columns = ["version", "aliases", "sync_status", "done", "weight_uri"]
    rows = []
    for version in versions:
        status = version.get("response") or {}
        rows.append(
            [
                version_id_of(str(version.get("name", ""))),
                text(status.get("version_aliases")),
                text(status.get("sync_status")),
                text(version.get("done")),
                text(status.get("customer_s3_uri")),
            ]
        )
    console().print(_table(f"Versions of {model_arch_id}", columns, rows))


def show_details(title: str, data: Mapping[str, Any]) -> None:
    """One result (a version, a deployment, a deployed model, aliases) as field/value rows."""
    console().print(details(title, data))


def show_deleted(results: list[DeletedModelVersion]) -> None:
    """``versions delete``: one plain line per version (never wrapped: logs grep them)."""
    for result in results:
        verb = "Deleted" if result.deleted else "Already gone:"
        print(f"{verb} {result.name}" + (f" ({result.message})" if result.message else ""))


def show_endpoints(endpoints: list[dict[str, Any]]) -> None:
    """``endpoints list``."""
    columns = ["endpoint_id", "model_arch_id", "org_name", "created", "updated"]
    rows = [[text(endpoint.get(column), column) for column in columns] for endpoint in endpoints]
    console().print(_table("Endpoints", columns, rows))


def show_endpoint(data: Mapping[str, Any]) -> None:
    """``endpoints get``: the endpoint's fields, then its deployed models."""
    out = console()
    out.print(details(f"Endpoint {data.get('name', '')}", data, skip=("deployed_models",)))
    deployed = data.get("deployed_models") or []
    columns = ["id", "model", "version_alias", "state", "created"]
    rows = [[text(model.get(column), column) for column in columns] for model in deployed]
    out.print(_table("Deployed models", columns, rows))
