"""Hints added to error messages when the answer shows a likely cause the user can fix."""

from __future__ import annotations

import re
from typing import Any

from ._constants import ORG_NAME_ENV

#: A 404 whose message says the *organization* is unknown ("Organization 'x' not found", "unknown
#: org", "no such organization"); not "Model architecture 'x' not found in organization 'y'", which
#: names an organization that exists.
_UNKNOWN_ORG = re.compile(
    r"^\W*(?:(?:org|organi[sz]ation)\b[^.;:]*?\b(?:not found|does not exist|unknown)"
    r"|(?:unknown|no such|invalid) (?:org|organi[sz]ation)\b)",
    re.IGNORECASE,
)

UNKNOWN_ORG_HINT = (
    f"The organization is unknown: org_name (or env {ORG_NAME_ENV}) must be the management organization "
    "*name* from the API keys page, not the org id."
)


def unknown_org_hint(status: int, detail: Any) -> str | None:
    """The "org *name*, not its id" hint for a 404 whose detail says the organization is unknown."""
    if status == 404 and isinstance(detail, str) and _UNKNOWN_ORG.search(detail):
        return UNKNOWN_ORG_HINT
    return None
