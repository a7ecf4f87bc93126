"""Reading the resource names the API returns: ``orgs/<org>/models/<arch>/versions/<version>``.

An upload answers with the new version's ``name``, not its id; every later call (``get``, ``wait``,
``set_aliases``, ``delete``, ``deploy``) takes the id. `parse_model_version_name` turns one into the
other, so nobody splits names by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MODEL_VERSION_NAME_SHAPE", "ModelVersionRef", "parse_model_version_name", "version_id_of"]

MODEL_VERSION_NAME_SHAPE = "orgs/<org_name>/models/<model_arch_id>/versions/<version_id>"
"""The shape of a model version's resource name."""

_LITERALS = ((0, "orgs"), (2, "models"), (4, "versions"))


@dataclass(frozen=True, slots=True)
class ModelVersionRef:
    """The parts of a model version's resource name.

    Attributes:
        org_name: The organization's name (not its id).
        model_arch_id: The model architecture, e.g. ``"gpt-oss-120b"``.
        version_id: The version's id as it appears in the name (a string, e.g. ``"7"``); every method
            that takes a ``version_id`` accepts it as it is.
    """

    org_name: str
    model_arch_id: str
    version_id: str

    @property
    def name(self) -> str:
        """The resource name these parts make: ``orgs/<org>/models/<arch>/versions/<version>``."""
        return f"orgs/{self.org_name}/models/{self.model_arch_id}/versions/{self.version_id}"


def parse_model_version_name(name: str) -> ModelVersionRef:
    """Split a model version's resource name (``ModelVersion.name``) into its parts.

    >>> parse_model_version_name("orgs/my-org/models/gpt-oss-120b/versions/7")
    ModelVersionRef(org_name='my-org', model_arch_id='gpt-oss-120b', version_id='7')

    Raises:
        TypeError: `name` is not a string.
        ValueError: `name` does not have the shape
            ``orgs/<org_name>/models/<model_arch_id>/versions/<version_id>`` (the message says how it
            differs).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a model version's resource name (str), got {type(name).__name__}")
    parts = name.split("/")
    problem = _problem(parts)
    if problem is not None:
        raise ValueError(
            f"not a model version name: {name!r} ({problem}); expected {MODEL_VERSION_NAME_SHAPE}, "
            "e.g. 'orgs/my-org/models/gpt-oss-120b/versions/7' (the `name` of a ModelVersion)"
        )
    return ModelVersionRef(org_name=parts[1], model_arch_id=parts[3], version_id=parts[5])


def version_id_of(name: object) -> str | None:
    """The version id in a model version's resource name, or None when `name` is not one (no error)."""
    parts = name.split("/") if isinstance(name, str) else []
    return parts[5] if _problem(parts) is None else None


def _problem(parts: list[str]) -> str | None:
    """Why `parts` (the name split on '/') is not a model version name, or None when it is one."""
    if len(parts) != 6:
        return f"{len(parts)} '/'-separated parts, not 6"
    for index, word in _LITERALS:
        if parts[index] != word:
            return f"part {index + 1} is {parts[index]!r}, not {word!r}"
    for index, label in ((1, "org_name"), (3, "model_arch_id"), (5, "version_id")):
        if not parts[index].strip():
            return f"the {label} part is empty"
    return None
