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
    from ..models.deployment_metadata import DeploymentMetadata


T = TypeVar("T", bound="Deployment")


@_attrs_define
class Deployment:
    """
    Attributes:
        name (str): Deployment UUID. This can be used to later query the status of this deployment.
        done (bool | None): Whether the operation is complete.
        response (DeploymentMetadata | None): Deployment metadata captured at submission time.
    """

    name: str
    done: bool | None = None
    response: DeploymentMetadata | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "name": "name",
        "done": "done",
        "response": "response",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        _done_value: bool | Unset = UNSET if self.done is None else self.done
        done = _done_value

        _response_value: DeploymentMetadata | Unset = (
            UNSET if self.response is None else self.response
        )
        response: dict[str, Any] | Unset = UNSET
        if not isinstance(_response_value, Unset):
            response = _response_value.to_dict()

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if done is not UNSET:
            field_dict["done"] = done
        if response is not UNSET:
            field_dict["response"] = response

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "Deployment: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict["name"]
        if type(_value) is not str:
            raise TypeError(
                "Deployment.name: expected a string, got " + type(_value).__name__
            )
        _self.name = _value

        _value = src_dict.get("done")
        if _value is not None:
            if type(_value) is not bool:
                raise TypeError(
                    "Deployment.done: expected a boolean, got " + type(_value).__name__
                )
        _self.done = _value
        _value = src_dict.get("response")
        _self.response = (
            None if _value is None else DeploymentMetadata.from_dict(_value)
        )
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
            f"done={self.done!r}, "
            f"response={self.response!r}"
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
from ..models.deployment_metadata import DeploymentMetadata
