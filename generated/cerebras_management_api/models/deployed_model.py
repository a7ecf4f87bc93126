from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
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
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        for _optional in (
            "id",
            "model",
            "version_alias",
            "created",
            "state",
        ):
            if _optional in d and d[_optional] is None:
                del d[_optional]
        id = d.pop("id", UNSET)

        model = d.pop("model", UNSET)

        version_alias = d.pop("version_alias", UNSET)

        created = d.pop("created", UNSET)

        state = d.pop("state", UNSET)

        deployed_model = cls(
            id=None if isinstance(id, Unset) else id,
            model=None if isinstance(model, Unset) else model,
            version_alias=None if isinstance(version_alias, Unset) else version_alias,
            created=None if isinstance(created, Unset) else created,
            state=None if isinstance(state, Unset) else state,
        )

        deployed_model.additional_properties = d
        return deployed_model

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
