from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployed_model import DeployedModel


T = TypeVar("T", bound="EndpointStatus")


@_attrs_define
class EndpointStatus:
    """
    Attributes:
        name (str): Endpoint name (e.g. my-org-gpt-oss-120b).
        model_arch_id (str): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).
        deployed_models (list[DeployedModel]): List of deployed models.
        created (int): Unix timestamp (in seconds) when the endpoint was created.
        updated (int): Unix timestamp (in seconds) when the endpoint was last updated.
        managing_org_name (str | None): Organization that has management access to this endpoint.
    """

    name: str
    model_arch_id: str
    deployed_models: list[DeployedModel]
    created: int
    updated: int
    managing_org_name: str | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "name": "name",
        "model_arch_id": "model_arch_id",
        "deployed_models": "deployed_models",
        "created": "created",
        "updated": "updated",
        "managing_org_name": "managing_org_name",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        model_arch_id = self.model_arch_id

        deployed_models = []
        for deployed_models_item_data in self.deployed_models:
            deployed_models_item = deployed_models_item_data.to_dict()
            deployed_models.append(deployed_models_item)

        created = self.created

        updated = self.updated

        _managing_org_name_value: str | Unset = (
            UNSET if self.managing_org_name is None else self.managing_org_name
        )
        managing_org_name = _managing_org_name_value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "name": name,
                "model_arch_id": model_arch_id,
                "deployed_models": deployed_models,
                "created": created,
                "updated": updated,
            }
        )
        if managing_org_name is not UNSET:
            field_dict["managing_org_name"] = managing_org_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "EndpointStatus: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict["name"]
        if type(_value) is not str:
            raise TypeError(
                "EndpointStatus.name: expected a string, got " + type(_value).__name__
            )
        _self.name = _value

        _value = src_dict["model_arch_id"]
        if type(_value) is not str:
            raise TypeError(
                "EndpointStatus.model_arch_id: expected a string, got "
                + type(_value).__name__
            )
        _self.model_arch_id = _value

        _value = src_dict["deployed_models"]
        if type(_value) is not list:
            raise TypeError(
                "EndpointStatus.deployed_models: expected an array, got "
                + type(_value).__name__
            )
        if _consume:
            _value.reverse()
            _self.deployed_models = [
                DeployedModel.from_dict(_value.pop()) for _ in range(len(_value))
            ]
        else:
            _self.deployed_models = [DeployedModel.from_dict(_item) for _item in _value]

        _value = src_dict["created"]
        if type(_value) is not int:
            raise TypeError(
                "EndpointStatus.created: expected an integer, got "
                + type(_value).__name__
            )
        _self.created = _value

        _value = src_dict["updated"]
        if type(_value) is not int:
            raise TypeError(
                "EndpointStatus.updated: expected an integer, got "
                + type(_value).__name__
            )
        _self.updated = _value

        _value = src_dict.get("managing_org_name")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "EndpointStatus.managing_org_name: expected a string, got "
                    + type(_value).__name__
                )
        _self.managing_org_name = _value
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
            f"name={self.name!r}, "
            f"model_arch_id={self.model_arch_id!r}, "
            f"deployed_models={self.deployed_models!r}, "
            f"created={self.created!r}, "
            f"updated={self.updated!r}, "
            f"managing_org_name={self.managing_org_name!r}"
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


# Models this one refers to, imported after its class so that cycles between models resolve.
from ..models.deployed_model import DeployedModel
