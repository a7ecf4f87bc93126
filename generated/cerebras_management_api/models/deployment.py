from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
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
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in (
            "done",
            "response",
        ):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        name = d.pop("name")

        done = d.pop("done", UNSET)

        _response = d.pop("response", UNSET)
        response: DeploymentMetadata | Unset
        if isinstance(_response, Unset):
            response = UNSET
        else:
            response = DeploymentMetadata.from_dict(_response)

        deployment = cls(
            name=name,
            done=None if isinstance(done, Unset) else done,
            response=None if isinstance(response, Unset) else response,
        )

        deployment.additional_properties = d
        return deployment

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
from ..models.deployment_metadata import DeploymentMetadata
