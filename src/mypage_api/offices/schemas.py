from pydantic import BaseModel, ConfigDict, Field


class OfficeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    office_code: str = Field(examples=["13010"])
    name: str = Field(examples=["ハローワーク飯田橋"])
    prefecture_code: str = Field(examples=["13"])
    postal_code: str
    address: str
    phone: str


class OfficeDetail(OfficeRead):
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
