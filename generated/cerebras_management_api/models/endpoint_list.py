from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if endpoints is not UNSET:
            field_dict["endpoints"] = endpoints

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in ("endpoints",):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        _endpoints = d.pop("endpoints", UNSET)
        endpoints: list[Endpoint] | Unset = UNSET
        if _endpoints is not UNSET:
            endpoints = []
            for endpoints_item_data in _endpoints:
                endpoints_item = Endpoint.from_dict(endpoints_item_data)

                endpoints.append(endpoints_item)

        endpoint_list = cls(
            endpoints=None if isinstance(endpoints, Unset) else endpoints,
        )

        endpoint_list.additional_properties = d
        return endpoint_list

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Models this one refers to, imported after its class so that cycles between models resolve.
from ..models.endpoint import Endpoint
