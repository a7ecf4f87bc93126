"""The generated package, loaded on first use, then a plain module attribute.

    from . import _generated as gen

    gen.get_model_version._get_kwargs(...)   # cerebras_management_api.api.model_versions.get_model_version
    gen.models.ModelVersion.from_dict(...)   # cerebras_management_api.models

`import cerebras_management` stays about as cheap as `import httpx` (the generated package and attrs
load on the first call), and after that each use is an attribute lookup, not an ``import``
statement (about 2 us each, on every call).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cerebras_management_api import models as models
    from cerebras_management_api.api.endpoints import deploy_model as deploy_model
    from cerebras_management_api.api.endpoints import get_endpoint as get_endpoint
    from cerebras_management_api.api.endpoints import list_endpoints as list_endpoints
    from cerebras_management_api.api.model_versions import delete_model_version as delete_model_version
    from cerebras_management_api.api.model_versions import get_model_version as get_model_version
    from cerebras_management_api.api.model_versions import list_model_versions as list_model_versions
    from cerebras_management_api.api.model_versions import (
        set_model_version_aliases as set_model_version_aliases,
    )
    from cerebras_management_api.api.model_versions import upload_model_version as upload_model_version
    from cerebras_management_api.api.models import list_model_architectures as list_model_architectures

PACKAGE = "cerebras_management_api"


def __getattr__(name: str) -> ModuleType:
    if name.startswith("_"):
        raise AttributeError(name)
    module = importlib.import_module(f"{PACKAGE}.models") if name == "models" else _operation_module(name)
    globals()[name] = module  # from now on a plain module attribute
    return module


def _operation_module(name: str) -> ModuleType:
    """``cerebras_management_api.api.<tag>.<name>``, whichever tag holds it."""
    import importlib.util
    import pkgutil

    api = importlib.import_module(f"{PACKAGE}.api")
    for tag in pkgutil.iter_modules(api.__path__):
        qualified = f"{api.__name__}.{tag.name}.{name}"
        if importlib.util.find_spec(qualified) is not None:
            return importlib.import_module(qualified)
    raise AttributeError(f"the generated package has no operation module {name!r}")
