"""In-memory state of the mock: organizations, their keys, model architectures and versions."""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass, field
from enum import Enum

__all__ = ["ALIAS_PATTERN", "Access", "Store"]

#: The alias pattern the API documents for user-defined version aliases.
ALIAS_PATTERN = re.compile(r"^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$")


class Access(Enum):
    """Outcome of checking a Bearer key against an organization."""

    OK = "ok"
    UNAUTHENTICATED = "unauthenticated"  # no key, or a key nobody issued
    FORBIDDEN = "forbidden"  # a real key of another organization
    NO_SUCH_ORG = "no_such_org"  # a real key, but the organization does not exist


@dataclass
class _Model:
    next_id: int = 1
    versions: dict[int, set[str]] = field(default_factory=dict)  # id -> aliases


@dataclass
class _Org:
    key: str
    models: dict[str, _Model] = field(default_factory=dict)


def new_key() -> str:
    """A fresh management key in the shape of a real one."""
    return "mgmt-" + secrets.token_urlsafe(24)


class Store:
    """Thread-safe store; test code seeds it while the server thread reads and deletes."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._lock = threading.Lock()
        self._orgs: dict[str, _Org] = {}
        self._keys: dict[str, str] = {}  # key -> org name

    def clear(self) -> None:
        """Forget every organization, key and version."""
        with self._lock:
            self._orgs.clear()
            self._keys.clear()

    def add_org(self, org_name: str, api_key: str | None = None) -> str:
        """Create ``org_name`` (or keep it) and return its key; ``api_key`` replaces the key when given."""
        with self._lock:
            return self._add_org(org_name, api_key)

    def _add_org(self, org_name: str, api_key: str | None) -> str:
        org = self._orgs.get(org_name)
        if org is None:
            org = self._orgs[org_name] = _Org(key=api_key or new_key())
        elif api_key is not None and api_key != org.key:
            self._keys.pop(org.key, None)
            org.key = api_key
        self._keys[org.key] = org_name
        return org.key

    def add_model_version(self, org_name: str, model_arch_id: str, aliases: list[str]) -> int:
        """Add a version (creating the org and architecture if needed) and return its integer id."""
        for alias in aliases:
            if not ALIAS_PATTERN.match(alias):
                raise ValueError(f"alias {alias!r} does not match {ALIAS_PATTERN.pattern}")
        with self._lock:
            self._add_org(org_name, None)
            model = self._orgs[org_name].models.setdefault(model_arch_id, _Model())
            taken = set().union(*model.versions.values()) if model.versions else set()
            clash = taken.intersection(aliases)
            if clash:
                raise ValueError(f"alias already used in {org_name}/{model_arch_id}: {sorted(clash)}")
            version_id = model.next_id
            model.next_id += 1
            model.versions[version_id] = set(aliases)
            return version_id

    def check_access(self, api_key: str | None, org_name: str | None) -> Access:
        """Decide whether ``api_key`` may act on ``org_name`` (None: on no organization in particular)."""
        with self._lock:
            owner = self._keys.get(api_key) if api_key else None
            if owner is None:
                return Access.UNAUTHENTICATED
            if org_name is None or owner == org_name:
                return Access.OK
            return Access.FORBIDDEN if org_name in self._orgs else Access.NO_SUCH_ORG

    def _resolve(self, model: _Model, version_ref: str) -> int | None:
        if version_ref.isascii() and version_ref.isdigit():
            # Ids are small; a longer run of digits (past int()'s 4300-digit limit too) matches nothing.
            if len(version_ref) > 30:
                return None
            number = int(version_ref)
            return number if number in model.versions else None
        for version_id, aliases in model.versions.items():
            if version_ref in aliases:
                return version_id
        return None

    def delete_version(self, org_name: str, model_arch_id: str, version_ref: str) -> int | None:
        """Delete the version an id or alias names; return its integer id, or None if nothing matched."""
        with self._lock:
            org = self._orgs.get(org_name)
            model = org.models.get(model_arch_id) if org else None
            if model is None:
                return None
            version_id = self._resolve(model, version_ref)
            if version_id is None:
                return None
            del model.versions[version_id]
            return version_id

    def has_version(self, org_name: str, model_arch_id: str, version_ref: str) -> bool:
        """Whether an id or alias currently names a version."""
        with self._lock:
            org = self._orgs.get(org_name)
            model = org.models.get(model_arch_id) if org else None
            return model is not None and self._resolve(model, version_ref) is not None
