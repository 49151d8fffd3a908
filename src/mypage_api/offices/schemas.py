from typing import Any

from pydantic import BaseModel, ConfigDict, Field

OFFICE_EXAMPLE: dict[str, Any] = {
    "office_code": "13010",
    "name": "ハローワーク飯田橋",
    "prefecture_code": "13",
    "postal_code": "112-8577",
    "address": "東京都文京区後楽1-9-20 飯田橋合同庁舎",
    "phone": "03-3812-8609",
}


class OfficeRead(BaseModel):
    """A Hello Work office (公共職業安定所)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [OFFICE_EXAMPLE]}, from_attributes=True
    )

    office_code: str = Field(examples=["13010"])
    name: str = Field(examples=["ハローワーク飯田橋"])
    prefecture_code: str = Field(examples=["13"])
    postal_code: str
    address: str
    phone: str


class OfficeDetail(OfficeRead):
    """A Hello Work office (公共職業安定所) with its jurisdiction: the municipalities it serves."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [OFFICE_EXAMPLE | {"municipality_codes": ["13101", "13102", "13105"]}]
        }
    )

    municipality_codes: list[str] = Field(
        description="The municipalities (JIS X 0402, 5 digits) this office serves."
    )


class OfficeImport(BaseModel):
    """One row of the offices CSV."""

    office_code: str = Field(pattern=r"^\d{5}$")
    name: str = Field(min_length=1, max_length=100)
    prefecture_code: str = Field(pattern=r"^(0[1-9]|[1-3]\d|4[0-7])$")
    postal_code: str = Field(pattern=r"^\d{3}-?\d{4}$")
    address: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=20)
    municipality_codes: list[str]
