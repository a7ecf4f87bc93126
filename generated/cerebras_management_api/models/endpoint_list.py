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
    from ..models.endpoint import Endpoint


T = TypeVar("T", bound="EndpointList")


@_attrs_define
class EndpointList:
    """
    Attributes:
        endpoints (list[Endpoint] | None): Endpoints that can be managed via the API.
    """

    endpoints: list[Endpoint] | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "endpoints": "endpoints",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        _endpoints_value: list[Endpoint] | Unset = (
            UNSET if self.endpoints is None else self.endpoints
        )
        endpoints: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(_endpoints_value, Unset):
            endpoints = []
            for endpoints_item_data in _endpoints_value:
                endpoints_item = endpoints_item_data.to_dict()
                endpoints.append(endpoints_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if endpoints is not UNSET:
            field_dict["endpoints"] = endpoints

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "EndpointList: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict.get("endpoints")
        if _value is None:
            _self.endpoints = None
        else:
            if type(_value) is not list:
                raise TypeError(
                    "EndpointList.endpoints: expected an array, got "
                    + type(_value).__name__
                )
            if _consume:
                _value.reverse()
                _self.endpoints = [
                    Endpoint.from_dict(_value.pop()) for _ in range(len(_value))
                ]
            else:
                _self.endpoints = [Endpoint.from_dict(_item) for _item in _value]

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
        return f"{type(self).__qualname__}(endpoints={self.endpoints!r}{extra})"

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
from ..models.endpoint import Endpoint
