"""In-memory state of the mock: organizations, their keys, model architectures and versions.

Endpoints and deployments are a part of the store (`Store.endpoints`, an
`._store_endpoints.EndpointStore` sharing its lock). Every public
method takes the lock; ``_``-prefixed helpers expect it held. Methods that serve the API raise
`ApiError` (its status and detail become the answer).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ._state import ALIAS_PATTERN, SYNC_STATES, ApiError, Progress, Progression, Version, check_aliases
from ._store_endpoints import EndpointStore

__all__ = ["ALIAS_PATTERN", "DEFAULT_ARCHITECTURES", "Access", "Store", "new_key"]

#: The architectures every organization can use unless the server is told otherwise.
DEFAULT_ARCHITECTURES = ("gpt-oss-120b", "llama3.1-8b")


class Access(Enum):
    """Outcome of checking a Bearer key against an organization."""

    OK = "ok"
    UNAUTHENTICATED = "unauthenticated"  # no key, or a key nobody issued
    FORBIDDEN = "forbidden"  # a real key of another organization
    NO_SUCH_ORG = "no_such_org"  # a real key, but the organization does not exist


@dataclass
class Model:
    """One architecture of an organization: its versions, by id and by alias."""

    next_id: int = 1
    versions: dict[int, Version] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)  # alias -> version id


@dataclass
class Org:
    """An organization: its key and its architectures."""

    key: str
    models: dict[str, Model] = field(default_factory=dict)


def new_key() -> str:
    """A fresh management key in the shape of a real one."""
    import secrets

    return "mgmt-" + secrets.token_urlsafe(24)


def _parse_id(version_ref: str) -> int | None:
    # Ids are small; a longer run of digits (past int()'s 4300-digit limit too) matches nothing.
    if version_ref.isascii() and version_ref.isdigit() and len(version_ref) <= 30:
        return int(version_ref)
    return None


class Store:
    """Thread-safe store; test code seeds it while the server thread serves requests."""

    def __init__(
        self,
        *,
        architectures: Iterable[str] = DEFAULT_ARCHITECTURES,
        sync: Progression | None = None,
        rollout: Progression | None = None,
    ) -> None:
        """An empty store; each organization created gets ``architectures``."""
        self._lock = threading.RLock()
        self._orgs: dict[str, Org] = {}
        self._keys: dict[str, str] = {}  # key -> org name
        self._architectures = tuple(architectures)
        self.sync = sync or Progression()
        self._sync_failures: deque[str] = deque()
        #: Dedicated endpoints and their deployments (shares this store's lock).
        self.endpoints = EndpointStore(
            self._lock,
            rollout or Progression(),
            add_org=self._add_org,
            find_version=lambda org_name, arch, ref: self._version(org_name, arch, ref)[1],
        )

    def clear(self) -> None:
        """Forget every organization, key, version, endpoint and pending failure."""
        with self._lock:
            self._orgs.clear()
            self._keys.clear()
            self._sync_failures.clear()
            self.endpoints.clear()

    # --- organizations and keys ---------------------------------------------------------------

    def add_org(self, org_name: str, api_key: str | None = None) -> str:
        """Create ``org_name`` (or keep it) and return its key; ``api_key`` replaces the key when given."""
        with self._lock:
            return self._add_org(org_name, api_key)

    def _add_org(self, org_name: str, api_key: str | None) -> str:
        org = self._orgs.get(org_name)
        if org is None:
            org = self._orgs[org_name] = Org(key=api_key or new_key())
            for arch in self._architectures:
                org.models[arch] = Model()
        elif api_key is not None and api_key != org.key:
            self._keys.pop(org.key, None)
            org.key = api_key
        self._keys[org.key] = org_name
        return org.key

    def check_access(self, api_key: str | None, org_name: str | None) -> Access:
        """Decide whether ``api_key`` may act on ``org_name`` (None: on no organization in particular)."""
        with self._lock:
            owner = self._keys.get(api_key) if api_key else None
            if owner is None:
                return Access.UNAUTHENTICATED
            if org_name is None or owner == org_name:
                return Access.OK
            return Access.FORBIDDEN if org_name in self._orgs else Access.NO_SUCH_ORG

    def org_of_key(self, api_key: str | None) -> str | None:
        """The organization ``api_key`` belongs to, or None."""
        with self._lock:
            return self._keys.get(api_key) if api_key else None

    # --- architectures and versions -----------------------------------------------------------

    def _model(self, org_name: str, model_arch_id: str) -> Model:
        org = self._orgs.get(org_name)
        model = org.models.get(model_arch_id) if org else None
        if model is None:
            raise ApiError(
                404, f"Model architecture {model_arch_id!r} not found in organization {org_name!r}"
            )
        return model

    @staticmethod
    def _resolve(model: Model, version_ref: str) -> Version | None:
        number = _parse_id(version_ref)
        version_id = number if number is not None else model.aliases.get(version_ref)
        return model.versions.get(version_id) if version_id is not None else None

    def _version(self, org_name: str, model_arch_id: str, version_ref: str) -> tuple[Model, Version]:
        model = self._model(org_name, model_arch_id)
        version = self._resolve(model, version_ref)
        if version is None:
            raise ApiError(404, f"Model version {version_ref!r} of {model_arch_id!r} not found")
        return model, version

    @staticmethod
    def _claim_aliases(model: Model, model_arch_id: str, aliases: list[str], owner: int | None) -> None:
        """Check ``aliases`` (pattern, repeats, held by a version other than ``owner``); 422 or 409."""
        check_aliases(aliases)
        for alias in aliases:
            holder = model.aliases.get(alias)
            if holder is not None and holder != owner:
                raise ApiError(
                    409,
                    f"alias {alias!r} is already used by version {holder} of {model_arch_id!r}; "
                    "remove it from that version first",
                )

    def _create_version(
        self,
        model: Model,
        model_arch_id: str,
        aliases: list[str],
        *,
        weight_uri: str | None,
        system_fingerprint_suffix: str | None,
        stage: int = 0,
        error: str | None = None,
    ) -> Version:
        self._claim_aliases(model, model_arch_id, aliases, None)
        progress = Progress(SYNC_STATES, self.sync, stage=stage, error=error)
        version = Version(model.next_id, list(aliases), progress, weight_uri, system_fingerprint_suffix)
        model.next_id += 1
        model.versions[version.version_id] = version
        for alias in aliases:
            model.aliases[alias] = version.version_id
        return version

    def add_model_version(
        self,
        org_name: str,
        model_arch_id: str,
        aliases: list[str],
        *,
        weight_uri: str | None = None,
        system_fingerprint_suffix: str | None = None,
        sync_status: str = "done",
    ) -> int:
        """Add a version (creating the org and architecture if needed) and return its integer id.

        ``sync_status`` is where its sync stands: ``queued``, ``in_progress`` (it then progresses
        like an upload), ``done`` or ``failed``.
        """
        if sync_status not in (*SYNC_STATES, "failed"):
            raise ValueError(f"sync_status must be one of {(*SYNC_STATES, 'failed')}, not {sync_status!r}")
        failed = sync_status == "failed"
        stage = len(SYNC_STATES) - 1 if failed else SYNC_STATES.index(sync_status)
        with self._lock:
            self._add_org(org_name, None)
            model = self._orgs[org_name].models.setdefault(model_arch_id, Model())
            version = self._create_version(
                model,
                model_arch_id,
                list(aliases),
                weight_uri=weight_uri,
                system_fingerprint_suffix=system_fingerprint_suffix,
                stage=stage,
                error="the weight sync failed" if failed else None,
            )
            return version.version_id

    def has_version(self, org_name: str, model_arch_id: str, version_ref: str) -> bool:
        """Whether an id or alias currently names a version."""
        with self._lock:
            try:
                self._version(org_name, model_arch_id, version_ref)
            except ApiError:
                return False
            return True

    def peek_version(self, org_name: str, model_arch_id: str, version_ref: str) -> dict[str, Any]:
        """The version's ``ModelVersion`` document, without counting a read (KeyError if missing).

        A sync paced in seconds shows where it stands now.
        """
        with self._lock:
            try:
                _, version = self._version(org_name, model_arch_id, version_ref)
            except ApiError as error:
                raise KeyError(error.detail) from None
            version.progress.read(count=False)  # the seconds elapsed still count
            return version.document(org_name, model_arch_id)

    def fail_next_syncs(self, times: int, message: str) -> None:
        """Make the next ``times`` uploads end ``failed`` (with ``message``) instead of ``done``."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._sync_failures.extend([message] * times)

    def finish_sync(self, org_name: str, model_arch_id: str, version_ref: str, error: str | None) -> None:
        """End the version's sync now: done, or failed with ``error`` (KeyError if no such version)."""
        with self._lock:
            try:
                _, version = self._version(org_name, model_arch_id, version_ref)
            except ApiError as exc:
                raise KeyError(exc.detail) from None
            version.progress.finish(error=error)

    def list_architectures(self, org_name: str) -> dict[str, Any]:
        """``ModelArchitectureList`` of the organization."""
        with self._lock:
            org = self._orgs.get(org_name)
            return {"model_architectures": list(org.models) if org else []}

    def list_versions(self, org_name: str, model_arch_id: str) -> dict[str, Any]:
        """``ModelVersionList``, oldest first; each listed version in flight counts a read."""
        with self._lock:
            model = self._model(org_name, model_arch_id)
            items = []
            for version in model.versions.values():
                if not version.progress.done:
                    version.progress.read()
                items.append(version.document(org_name, model_arch_id))
            return {"model_versions": items}

    def get_version(self, org_name: str, model_arch_id: str, version_ref: str) -> dict[str, Any]:
        """``ModelVersion`` by id or alias; a read (the sync advances)."""
        with self._lock:
            _, version = self._version(org_name, model_arch_id, version_ref)
            version.progress.read()
            return version.document(org_name, model_arch_id)

    def upload_version(self, org_name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create a version from a ``ModelVersionUploadRequest``; it starts ``queued``."""
        model_arch_id = body["model_arch_id"]
        spec = body.get("model") or {}
        with self._lock:
            model = self._model(org_name, model_arch_id)
            error = self._sync_failures.popleft() if self._sync_failures else None
            try:
                version = self._create_version(
                    model,
                    model_arch_id,
                    list(spec.get("version_aliases") or []),
                    weight_uri=spec.get("weight_uri"),
                    system_fingerprint_suffix=spec.get("system_fingerprint_suffix"),
                    error=error,
                )
            except ApiError:
                if error is not None:
                    self._sync_failures.appendleft(error)  # a refused upload does not use up a failure
                raise
            return version.document(org_name, model_arch_id)

    def set_aliases(
        self, org_name: str, model_arch_id: str, version_ref: str, aliases: list[str]
    ) -> dict[str, Any]:
        """Replace the version's aliases (``ModelVersionAliases``); 409 if another version holds one."""
        with self._lock:
            model, version = self._version(org_name, model_arch_id, version_ref)
            self._claim_aliases(model, model_arch_id, aliases, version.version_id)
            for alias in version.aliases:
                del model.aliases[alias]
            version.aliases = list(aliases)
            for alias in aliases:
                model.aliases[alias] = version.version_id
            return {
                "name": f"orgs/{org_name}/models/{model_arch_id}/versions/{version.version_id}",
                "version_aliases": list(aliases),
            }

    def delete_version(self, org_name: str, model_arch_id: str, version_ref: str) -> int | None:
        """Delete the version an id or alias names; return its integer id, or None if nothing matched."""
        with self._lock:
            try:
                model, version = self._version(org_name, model_arch_id, version_ref)
            except ApiError:
                return None
            del model.versions[version.version_id]
            for alias in version.aliases:
                del model.aliases[alias]
            return version.version_id
