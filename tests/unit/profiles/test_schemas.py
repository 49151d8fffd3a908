"""R22: the profile's two shapes. A draft keeps what was typed; only type-level garbage is
refused. Nothing the Employment Security Act's guideline forbids asking can be stored."""

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from mypage_api.profiles.schemas import (
    FORBIDDEN_TOPICS,
    Disclosure,
    PartnerSharing,
    Profile,
    ProfileDraft,
    apply_patch,
)
from tests.unit.profiles.makers import make_basic, make_profile

SECTIONS = [
    "basic",
    "sharing",
    "desired_work",
    "desired_conditions",
    "education",
    "career",
    "disability",
    "self_pr",
]
GUIDELINE_KEYS = [*FORBIDDEN_TOPICS, "permanent_domicile", "family_register", "honseki_prefecture"]


# Forbidden fields -------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [ProfileDraft, Profile])
@pytest.mark.parametrize("key", GUIDELINE_KEYS)
def test_what_the_guideline_forbids_asking_is_refused_at_the_top(
    shape: type[BaseModel], key: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        shape.model_validate({**make_profile(), key: "x"})
    assert raised.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("shape", [ProfileDraft, Profile])
@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("key", ["honseki", "birthplace", "religion", "union_membership"])
def test_what_the_guideline_forbids_asking_is_refused_in_every_section(
    shape: type[BaseModel], section: str, key: str
) -> None:
    data = make_profile()
    data[section] = {**data[section], key: "x"}
    with pytest.raises(ValidationError) as raised:
        shape.model_validate(data)
    assert [error["loc"] for error in raised.value.errors()] == [(section, key)]


@pytest.mark.parametrize(
    "path",
    [
        ("basic", "school"),
        ("desired_work", "occupations", 0),
        ("education", "schools", 0),
        ("career", "entries", 0),
        ("desired_conditions", "wage"),
    ],
)
def test_unknown_keys_are_refused_in_nested_objects_too(path: tuple[Any, ...]) -> None:
    data = make_profile()
    target: Any = data
    for part in path:
        target = target[part]
    target["beliefs"] = "x"
    with pytest.raises(ValidationError):
        ProfileDraft.model_validate(data)


def _strings_without_limit(schema: dict[str, Any]) -> list[str]:
    found = []
    for name, definition in schema.get("$defs", {}).items():
        for field, spec in definition.get("properties", {}).items():
            for option in spec.get("anyOf", [spec]):
                if option.get("type") == "string" and not (
                    "maxLength" in option or "pattern" in option or "format" in option
                ):
                    found.append(f"{name}.{field}")
    return found


@pytest.mark.parametrize("shape", [ProfileDraft, Profile])
def test_every_text_has_a_length_limit(shape: type[BaseModel]) -> None:
    assert _strings_without_limit(shape.model_json_schema()) == []


@pytest.mark.parametrize("shape", [ProfileDraft, Profile])
def test_every_list_has_a_length_limit(shape: type[BaseModel]) -> None:
    schema = shape.model_json_schema()
    unlimited = [
        f"{name}.{field}"
        for name, definition in schema["$defs"].items()
        for field, spec in definition.get("properties", {}).items()
        if spec.get("type") == "array" and "maxItems" not in spec
    ]
    assert unlimited == []


# Limits and type-level garbage ------------------------------------------------------------
@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("basic", {"name": "あ" * 101}),
        ("basic", {"address": "あ" * 201}),
        ("self_pr", {"text": "あ" * 2001}),
        ("desired_work", {"occupations": [{"name": f"職種{i}"} for i in range(4)]}),
        ("desired_conditions", {"locations": [{"prefecture_code": "13"}] * 4}),
        ("career", {"entries": [{"employer_name": "会社"}] * 21}),
    ],
)
def test_nothing_unbounded_is_stored(section: str, change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ProfileDraft.model_validate({section: change})


def test_limits_hold_at_their_boundary() -> None:
    draft = ProfileDraft.model_validate(
        {
            "basic": {"name": "あ" * 100},
            "self_pr": {"text": "あ" * 2000},
            "desired_work": {"occupations": [{"name": f"職種{i}"} for i in range(3)]},
        }
    )
    assert draft.basic.name is not None
    assert len(draft.basic.name) == 100


@pytest.mark.parametrize(
    ("section", "value"),
    [
        ("basic", {"birth_date": "yesterday"}),
        ("basic", {"birth_date": "1990-02-30"}),
        ("basic", {"postal_code": 1020072}),  # a number, not the text typed
        ("basic", {"school": {"kind": "university"}}),
        ("sharing", {"employers": "everyone"}),
        ("desired_work", {"employment_types": ["freelance"]}),
        ("desired_work", {"days_per_week": 8}),
        ("desired_work", {"working_hours": {"start": "25:00"}}),
        ("desired_conditions", {"locations": [{"prefecture_code": "48"}]}),
        ("desired_conditions", {"locations": [{"municipality_code": "1310"}]}),
        ("desired_conditions", {"wage": {"amount": "two hundred thousand"}}),
        ("desired_conditions", {"wage": {"amount": 0}}),
        ("desired_conditions", {"car_commute": "yes"}),
        ("education", {"schools": [{"year_month": "2013-13"}]}),
        ("education", {"schools": [{"year_month": "2013/03"}]}),
        ("career", {"entries": [{"start_month": "1850-01"}]}),
        ("disability", {"certificates": [{"kind": "other"}]}),
        ("basic", None),
    ],
)
def test_type_level_garbage_is_refused_even_in_a_draft(section: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        ProfileDraft.model_validate({section: value})


# A draft keeps what was typed -------------------------------------------------------------
def test_a_draft_may_be_empty() -> None:
    draft = ProfileDraft.model_validate({})
    assert draft.basic.name is None
    assert draft.desired_work.occupations == []


def test_wrong_but_well_typed_values_are_kept_for_correction() -> None:
    draft = ProfileDraft.model_validate(
        {
            "basic": {
                "name_kana": "山田",
                "postal_code": "999-9999",
                "phone": "12345",
                "birth_date": "2030-01-01",
            },
            "career": {"entries": [{"start_month": "2020-04", "end_month": "2019-03"}]},
        }
    )
    assert draft.basic.name_kana == "山田"
    assert draft.basic.postal_code == "999-9999"
    assert draft.basic.phone == "12345"
    assert draft.career.entries[0].end_month == "2019-03"


def test_input_is_normalised_as_it_is_read() -> None:
    draft = ProfileDraft.model_validate(
        {
            "basic": {
                "name": "  山田　太郎 ",
                "name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ",
                "postal_code": "〒１０２００７２",
                "phone": "09012345678",
            }
        }
    )
    assert draft.basic.name == "山田\u3000太郎"
    assert draft.basic.name_kana == "ヤマダ\u3000タロウ"
    assert draft.basic.postal_code == "102-0072"
    assert draft.basic.phone == "090-1234-5678"


def test_blank_text_counts_as_not_given() -> None:
    draft = ProfileDraft.model_validate({"basic": {"name": " \u3000 ", "birth_date": ""}})
    assert draft.basic.name is None
    assert draft.basic.birth_date is None


def test_repeated_choices_are_kept_once() -> None:
    draft = ProfileDraft.model_validate(
        {"desired_work": {"employment_types": ["regular", "part_time", "regular"]}}
    )
    assert draft.desired_work.employment_types == ["regular", "part_time"]


def test_a_location_given_by_municipality_alone_takes_its_prefecture() -> None:
    draft = ProfileDraft.model_validate(
        {"desired_conditions": {"locations": [{"municipality_code": "27100"}]}}
    )
    assert draft.desired_conditions.locations[0].prefecture_code == "27"


def test_sharing_defaults_to_private_and_opted_out() -> None:
    sharing = ProfileDraft.model_validate({}).sharing
    assert sharing.employers is Disclosure.private
    assert sharing.partners is PartnerSharing.opted_out


# The complete shape -----------------------------------------------------------------------
def test_a_complete_profile_reads_back_as_a_draft_with_the_same_json() -> None:
    profile = Profile.model_validate(make_profile())
    as_json = profile.model_dump(mode="json")
    assert ProfileDraft.model_validate(as_json).model_dump(mode="json") == as_json


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in getattr(annotation, "__args__", ()) for model in _models_in(arg)]


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """The keys of a model, with those of the models inside it, at every level."""
    shape: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        nested = _models_in(field.annotation)
        shape[name] = _fields(nested[0]) if nested else None
    return shape


def test_both_shapes_have_the_same_keys_at_every_level() -> None:
    assert _fields(Profile) == _fields(ProfileDraft)


@pytest.mark.parametrize(
    "basic",
    [
        make_basic(name_kana="山田"),
        make_basic(postal_code="12-345"),
        make_basic(phone="12345"),
        make_basic(name=...),
        make_basic(school={"kind": "high_school"}),
    ],
)
def test_the_complete_shape_refuses_what_a_draft_keeps(basic: dict[str, Any]) -> None:
    ProfileDraft.model_validate({"basic": basic})
    with pytest.raises(ValidationError):
        Profile.model_validate(make_profile(basic=basic))


def test_with_no_school_attendance_and_state_may_be_left_out() -> None:
    profile = Profile.model_validate(make_profile(basic=make_basic(school={"kind": "none"})))
    assert profile.basic.school.attendance is None


# Changing a profile (PATCH) ---------------------------------------------------------------
def _patch(data: dict[str, Any]) -> ProfileDraft:
    return ProfileDraft.model_validate(data)


def test_a_patch_changes_only_the_keys_it_was_given() -> None:
    current = Profile.model_validate(make_profile())
    changed = apply_patch(
        current,
        _patch({"basic": {"phone": "0312345678"}, "sharing": {"employers": "private"}}),
    )
    assert changed.basic.phone == "03-1234-5678"
    assert changed.basic.name == current.basic.name
    assert changed.sharing.employers is Disclosure.private
    assert changed.sharing.partners is PartnerSharing.opted_in  # not sent, not reset
    assert changed.career == _patch(make_profile()).career


def test_a_patch_merges_nested_objects_and_replaces_lists() -> None:
    current = Profile.model_validate(make_profile())
    changed = apply_patch(
        current,
        _patch(
            {
                "basic": {"school": {"state": "enrolled"}},
                "desired_work": {"occupations": [{"name": "経理"}]},
            }
        ),
    )
    assert changed.basic.school is not None
    assert changed.basic.school.kind == "other"
    assert changed.basic.school.state == "enrolled"
    assert [occupation.name for occupation in changed.desired_work.occupations] == ["経理"]


def test_null_in_a_patch_clears_a_field() -> None:
    current = Profile.model_validate(make_profile())
    changed = apply_patch(current, _patch({"self_pr": {"text": None}, "basic": {"address": None}}))
    assert changed.self_pr.text is None
    assert changed.basic.address is None


def test_an_empty_patch_changes_nothing() -> None:
    current = Profile.model_validate(make_profile())
    assert apply_patch(current, _patch({})) == _patch(make_profile())
