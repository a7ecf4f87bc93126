from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
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
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in ("managing_org_name",):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        name = d.pop("name")

        model_arch_id = d.pop("model_arch_id")

        deployed_models = []
        _deployed_models = d.pop("deployed_models")
        for deployed_models_item_data in _deployed_models:
            deployed_models_item = DeployedModel.from_dict(deployed_models_item_data)

            deployed_models.append(deployed_models_item)

        created = d.pop("created")

        updated = d.pop("updated")

        managing_org_name = d.pop("managing_org_name", UNSET)

        endpoint_status = cls(
            name=name,
            model_arch_id=model_arch_id,
            deployed_models=deployed_models,
            created=created,
            updated=updated,
            managing_org_name=None
            if isinstance(managing_org_name, Unset)
            else managing_org_name,
        )

        endpoint_status.additional_properties = d
        return endpoint_status

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
from ..models.deployed_model import DeployedModel
