"""The resolved annotations of a generated model: what both readers derive their checks from.

The one-pass reader's diagnosis (`_models`) and the accelerator's mirrors (`_speedups`) read a model's
fields from the same resolved annotations; this leaf module is where both get them, so neither reader
imports the other.
"""

from __future__ import annotations

import sys
import typing
from typing import Any


def model_hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a generated model (nested models resolve in its package)."""
    package = sys.modules[cls.__module__.rpartition(".")[0]]
    return typing.get_type_hints(cls, localns=vars(package))
