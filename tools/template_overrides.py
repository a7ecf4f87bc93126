"""Guard our template overrides against a generator whose stock templates changed.

`openapi/templates/` holds copies of openapi-python-client templates with small changes (each marked
`CEREBRAS OVERRIDE`); `make generate` passes the folder as `--custom-template-path`. Templates are not
the generator's public API: a new release may change the stock template an override was copied from,
and the copy would then silently drop the release's fixes. `openapi/templates/stock.sha256` records
the sha256 of each stock template the overrides were made from; `check_overrides` compares it with
the installed generator's and stops the build with instructions when they differ.
"""

from __future__ import annotations

import hashlib
from importlib import metadata, resources
from pathlib import Path

GENERATOR = "openapi_python_client"


def stock_template(name: str) -> bytes:
    """The installed generator's stock template `name`."""
    return resources.files(GENERATOR).joinpath("templates", name).read_bytes()


def recorded_hashes(folder: Path) -> dict[str, str]:
    """`stock.sha256` as {template name: sha256 of the stock template the override was made from}."""
    hashes: dict[str, str] = {}
    for line in (folder / "stock.sha256").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            hashes[name.strip()] = digest
    return hashes


def check_overrides(folder: Path) -> None:
    """Raise SystemExit, saying what to do, when an override's stock template is not the recorded one."""
    recorded = recorded_hashes(folder)
    overrides = sorted(path.name for path in folder.glob("*.jinja"))
    unrecorded = [name for name in overrides if name not in recorded]
    if unrecorded:
        raise SystemExit(
            f"{folder}/stock.sha256 has no entry for {', '.join(unrecorded)}: record the sha256 of the stock "
            "template each override was copied from."
        )
    version = metadata.version(GENERATOR.replace("_", "-"))
    for name in overrides:
        try:
            actual = hashlib.sha256(stock_template(name)).hexdigest()
        except FileNotFoundError:
            raise SystemExit(
                f"openapi/templates/{name} overrides a template that openapi-python-client {version} no "
                "longer has: the generator's templates changed. Port the CEREBRAS OVERRIDE blocks to the "
                "new templates (or drop the override), then update openapi/templates/stock.sha256."
            ) from None
        if actual != recorded[name]:
            raise SystemExit(
                f"openapi/templates/{name} was made from another version of openapi-python-client's stock "
                f"template (installed {version}: sha256 {actual[:12]}..., "
                f"recorded {recorded[name][:12]}...). "
                "Copy the new stock template over it, re-apply each block marked CEREBRAS OVERRIDE (see "
                "openapi/templates/README.md), then record the new sha256 in openapi/templates/stock.sha256."
            )
