"""VERSION arguments: an integer id, an alias, or the full resource name the command line prints.

``orgs/my-org/models/gpt-oss-120b/versions/4`` is read as version ``4``, after checking it against
the command's ARCH here and against the organization when the client is built (`_common.client`):
a name of another architecture or organization is a usage error (exit 2) naming both, before
anything is sent. Without ``--org`` or ``CEREBRAS_ORG_NAME``, the name's organization is used.
"""

from __future__ import annotations

from typing import Any

import click

from ._common import settings


class VersionArgument(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A click type for VERSION: passes ids and aliases on, reads full names down to their id."""

    name = "version"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The version id of ``value`` (``value`` itself unless it is a resource name)."""
        if not isinstance(value, str) or "/" not in value:
            return value
        from .._names import parse_model_version_name  # not loaded for --help or --version

        try:
            ref = parse_model_version_name(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)
        arch = ctx.params.get("model_arch_id") if ctx is not None else None
        if arch is not None and ref.model_arch_id != arch:
            self.fail(
                f"{value} is a version of architecture {ref.model_arch_id!r}, not of ARCH {arch!r}",
                param,
                ctx,
            )
        if ctx is not None:
            settings(ctx).named_orgs.append((value, ref.org_name))
        return ref.version_id


#: The type of every VERSION argument.
VERSION = VersionArgument()
