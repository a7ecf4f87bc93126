from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeployedModel")


@_attrs_define
class DeployedModel:
    """
    Attributes:
        id (str | None): Deployment ID corresponding to this instance of deployed model. This is the UUID generated
            during deployment.
        model (str | None): Model Version ID in the format of
            orgs/<org_name>/models/<model_arch_id>/versions/<version_id>.
        version_alias (str | None):
        created (int | None): Unix timestamp (in seconds) when the deployment was created.
        state (str | None):
    """

    id: str | None = None
    model: str | None = None
    version_alias: str | None = None
    created: int | None = None
    state: str | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "id": "id",
        "model": "model",
        "version_alias": "version_alias",
        "created": "created",
        "state": "state",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        _id_value: str | Unset = UNSET if self.id is None else self.id
        id = _id_value

        _model_value: str | Unset = UNSET if self.model is None else self.model
        model = _model_value

        _version_alias_value: str | Unset = (
            UNSET if self.version_alias is None else self.version_alias
        )
        version_alias = _version_alias_value

        _created_value: int | Unset = UNSET if self.created is None else self.created
        created = _created_value

        _state_value: str | Unset = UNSET if self.state is None else self.state
        state = _state_value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if model is not UNSET:
            field_dict["model"] = model
        if version_alias is not UNSET:
            field_dict["version_alias"] = version_alias
        if created is not UNSET:
            field_dict["created"] = created
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "DeployedModel: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict.get("id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeployedModel.id: expected a string, got " + type(_value).__name__
                )
        _self.id = _value
        _value = src_dict.get("model")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeployedModel.model: expected a string, got "
                    + type(_value).__name__
                )
        _self.model = _value
        _value = src_dict.get("version_alias")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeployedModel.version_alias: expected a string, got "
                    + type(_value).__name__
                )
        _self.version_alias = _value
        _value = src_dict.get("created")
        if _value is not None:
            if type(_value) is not int:
                raise TypeError(
                    "DeployedModel.created: expected an integer, got "
                    + type(_value).__name__
                )
        _self.created = _value
        _value = src_dict.get("state")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "DeployedModel.state: expected a string, got "
                    + type(_value).__name__
                )
        _self.state = _value
        if cls._json_keys.issuperset(src_dict):
            _self._additional_properties = None
        else:
            _self._additional_properties = {
                key: value
                for key, value in src_dict.items()
                if key not in cls._json_names
            }
        return _self

    def __repr__(self) -> str:
        extra = (
            f", additional_properties={self._additional_properties!r}"
            if self._additional_properties
            else ""
        )
        return (
            f"{type(self).__qualname__}("
            f"id={self.id!r}, "
            f"model={self.model!r}, "
            f"version_alias={self.version_alias!r}, "
            f"created={self.created!r}, "
            f"state={self.state!r}"
            f"{extra})"
        )

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The properties the schema does not declare, by JSON name (the dict is made on first use)."""
        extras = self._additional_properties
        if extras is None:
            extras = self._additional_properties = {}
        return extras

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self._additional_properties or ())

    def __getitem__(self, key: str) -> Any:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        return extras[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        del extras[key]

    def __contains__(self, key: str) -> bool:
        extras = self._additional_properties
        return extras is not None and key in extras
