"""Pieces every resource module uses: parameter types and the organization of a call."""

from __future__ import annotations

import httpx

from .._config import require_org_name
from .._paths import path_segment

VersionId = int | str
"""A model version: its integer id, or one of its aliases."""

Timeout = float | httpx.Timeout | None
"""A call's per-attempt timeout: seconds or an `httpx.Timeout`; None means the client's."""


def org_segment(org_name: str | None, default: str | None) -> str:
    """The call's organization (argument, else the client's), checked as a path segment."""
    return path_segment("org_name", require_org_name(org_name, default))
