"""The mock's records (versions, endpoints, deployments), how they progress, and their JSON shapes."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ALIAS_PATTERN",
    "ROLLOUT_STATES",
    "SYNC_STATES",
    "ApiError",
    "Call",
    "Deployment",
    "Endpoint",
    "Progress",
    "Progression",
    "Version",
    "check_aliases",
]

#: The alias pattern the API documents for user-defined version aliases.
ALIAS_PATTERN = re.compile(r"^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$")

#: A version's ``sync_status`` as its upload progresses; the last step is replaced by ``failed`` when
#: the sync fails. Only ``queued``, ``in_progress`` and ``done`` appear in the published examples.
SYNC_STATES = ("queued", "in_progress", "done")
#: A deployment's ``state`` (``rollout_status`` in the deploy answer) as its rollout progresses; the
#: last step is replaced by ``failed`` when the rollout fails. Published: ``not_started``, ``complete``.
ROLLOUT_STATES = ("not_started", "in_progress", "complete")
FAILED = "failed"


class ApiError(ValueError):
    """An error answer of the API: ``status`` and the ``detail`` message of its ``{"detail": ...}`` body.

    A ``ValueError``, so the seeding helpers raise it for the same mistakes the API answers 4xx to.
    """

    def __init__(self, status: int, detail: str) -> None:
        """Answer ``status`` with ``{"detail": detail}``."""
        super().__init__(detail)
        self.status = status
        self.detail = detail


def check_aliases(aliases: list[str]) -> None:
    """Raise a 422 `ApiError` unless every alias matches `ALIAS_PATTERN`, without repeats."""
    bad = [alias for alias in aliases if not isinstance(alias, str) or not ALIAS_PATTERN.fullmatch(alias)]
    if bad:
        raise ApiError(422, f"alias {bad[0]!r} does not match {ALIAS_PATTERN.pattern}")
    repeated = sorted({alias for alias in aliases if aliases.count(alias) > 1})
    if repeated:
        raise ApiError(422, f"alias {repeated[0]!r} is given more than once")


@dataclass(frozen=True)
class Progression:
    """How fast a long-running operation advances: one step per ``after_reads`` reads of the resource,
    or per ``after_seconds`` seconds, whichever is further along (None: that clock does not count;
    both None: it never advances on its own).
    """

    after_reads: int | None = 1
    after_seconds: float | None = None

    def __post_init__(self) -> None:
        """Refuse counts and durations that could never advance or would divide by zero."""
        if self.after_reads is not None and self.after_reads < 1:
            raise ValueError("after_reads must be at least 1 (or None)")
        if self.after_seconds is not None and self.after_seconds <= 0:
            raise ValueError("after_seconds must be positive (or None)")


@dataclass
class Progress:
    """Where one operation is among ``steps``; it only moves forward, and only when read."""

    steps: tuple[str, ...]
    progression: Progression
    stage: int = 0
    reads: int = 0
    started: float = field(default_factory=time.monotonic)
    error: str | None = None  # set: the last step is "failed", with this message

    @property
    def state(self) -> str:
        """The current step's name (``failed`` at the end of a failing operation)."""
        last = len(self.steps) - 1
        if self.stage >= last and self.error is not None:
            return FAILED
        return self.steps[min(self.stage, last)]

    @property
    def done(self) -> bool:
        """Whether the operation has finished, successfully or not."""
        return self.stage >= len(self.steps) - 1

    def read(self, *, count: bool = True) -> None:
        """Count one read (unless ``count`` is false: a peek), and advance by the reads and the
        seconds elapsed."""
        if self.done:
            return
        if count:
            self.reads += 1
        target = 0
        if self.progression.after_reads is not None:
            target = self.reads // self.progression.after_reads
        if self.progression.after_seconds is not None:
            elapsed = time.monotonic() - self.started
            target = max(target, int(elapsed / self.progression.after_seconds))
        self.stage = min(max(self.stage, target), len(self.steps) - 1)

    def finish(self, *, error: str | None = None) -> None:
        """Jump to the end: done, or failed with ``error``."""
        self.stage = len(self.steps) - 1
        self.error = error


@dataclass
class Version:
    """One model version of an organization's architecture."""

    version_id: int
    aliases: list[str]
    progress: Progress
    weight_uri: str | None = None
    system_fingerprint_suffix: str | None = None

    def document(self, org_name: str, model_arch_id: str) -> dict[str, Any]:
        """The ``ModelVersion`` envelope: ``{name, done, response: ModelVersionStatus}`` (+ ``error``)."""
        status: dict[str, Any] = {}
        if self.weight_uri is not None:
            status["customer_s3_uri"] = self.weight_uri
        status["version_aliases"] = list(self.aliases)
        status["sync_status"] = self.progress.state
        if self.system_fingerprint_suffix is not None:
            status["system_fingerprint_suffix"] = self.system_fingerprint_suffix
        document: dict[str, Any] = {
            "name": f"orgs/{org_name}/models/{model_arch_id}/versions/{self.version_id}",
            "done": self.progress.done,
            "response": status,
        }
        if self.progress.error is not None and self.progress.done:
            document["error"] = {"code": 13, "message": self.progress.error}
        return document


@dataclass
class Deployment:
    """One deployment of a model version to an endpoint (an entry of its ``deployed_models``)."""

    deployment_id: str
    model: str  # orgs/<org>/models/<arch>/versions/<integer id>
    version_id: int
    version_alias: str | None
    created: int
    progress: Progress

    def document(self) -> dict[str, Any]:
        """The ``DeployedModel`` entry (+ ``error: {code, message}`` once its rollout failed, as a
        failed version carries one: the waiter reports the message)."""
        document: dict[str, Any] = {"id": self.deployment_id, "model": self.model}
        if self.version_alias is not None:
            document["version_alias"] = self.version_alias
        document["created"] = self.created
        document["state"] = self.progress.state
        if self.progress.error is not None and self.progress.done:
            document["error"] = {"code": 13, "message": self.progress.error}
        return document


@dataclass
class Endpoint:
    """A dedicated endpoint, managed by one organization, serving one architecture."""

    endpoint_id: str
    model_arch_id: str
    org_name: str
    created: int
    updated: int
    deployments: list[Deployment] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The ``Endpoint`` item of a list."""
        return {
            "endpoint_id": self.endpoint_id,
            "model_arch_id": self.model_arch_id,
            "created": self.created,
            "updated": self.updated,
            "org_name": self.org_name,
        }

    def status(self) -> dict[str, Any]:
        """The ``EndpointStatus`` document."""
        return {
            "name": self.endpoint_id,
            "model_arch_id": self.model_arch_id,
            "deployed_models": [deployment.document() for deployment in self.deployments],
            "created": self.created,
            "updated": self.updated,
            "managing_org_name": self.org_name,
        }


@dataclass(frozen=True)
class Call:
    """An authenticated, validated request, as an operation handler sees it."""

    org_name: str  # the organization the caller's key belongs to
    params: dict[str, str]  # decoded path parameters
    body: Any  # the parsed JSON body, or None
    response_style: str
