"""R22 with R6/R7: checking a profile separates blocking errors from warnings, section by
section; a draft is saved with its problems reported and nothing typed lost; submission
goes through the same check."""

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.profiles.schemas import BasicDraft, Profile, ProfileDraft, apply_patch
from mypage_api.profiles.validation import (
    MESSAGES,
    IssueCode,
    ProfileCheck,
    ProfileNotReady,
    ProfileSection,
    check_profile,
    fill_address,
    prepare_submission,
    review_draft,
)
from tests.unit.profiles.makers import TODAY, make_basic, make_profile


def check(**sections: Any) -> ProfileCheck:
    return check_profile(ProfileDraft.model_validate(make_profile(**sections)), today=TODAY)


def check_basic(**fields: Any) -> ProfileCheck:
    return check_profile(
        ProfileDraft.model_validate(make_profile(basic=make_basic(**fields))), today=TODAY
    )


def errors(result: ProfileCheck) -> set[tuple[str, str]]:
    return {(issue.field, issue.code) for issue in result.errors}


def warnings(result: ProfileCheck) -> set[tuple[str, str]]:
    return {(issue.field, issue.code) for issue in result.warnings}


# A complete profile -----------------------------------------------------------------------
def test_a_complete_profile_passes_with_no_error_and_no_warning() -> None:
    result = check()
    assert result.errors == []
    assert result.warnings == []
    assert result.ready_to_submit


def test_submission_gives_the_complete_profile_and_the_municipality_for_the_office() -> None:
    submission = prepare_submission(ProfileDraft.model_validate(make_profile()), today=TODAY)
    assert isinstance(submission.profile, Profile)
    assert submission.profile.basic.postal_code == "102-0072"
    assert submission.area.municipality_code == "13101"
    assert submission.area.municipality_codes == ("13101",)


def test_the_check_answers_every_section_and_whether_submission_is_possible() -> None:
    as_json = check().model_dump(mode="json")
    assert set(as_json) == {section.value for section in ProfileSection} | {"ready_to_submit"}
    assert as_json["basic"] == {"errors": [], "warnings": []}
    assert as_json["ready_to_submit"] is True


def test_an_issue_names_its_section_field_code_and_messages_in_both_languages() -> None:
    issue = check_basic(name_kana="山田").basic.errors[0]
    assert issue.model_dump(mode="json") == {
        "section": "basic",
        "field": "basic.name_kana",
        "code": "kana_not_katakana",
        "message_ja": "フリガナは全角カタカナで入力してください。",
        "message_en": "Write the reading in katakana.",
    }


def test_every_code_has_a_message_in_both_languages() -> None:
    assert set(MESSAGES) == set(IssueCode)
    assert all(text.ja and text.en for text in MESSAGES.values())


# A draft saved part-way -------------------------------------------------------------------
def test_a_partial_draft_is_saved_with_its_errors_reported_and_its_data_kept() -> None:
    typed = {
        "basic": {"name": "山田 太郎", "name_kana": "やまだ", "postal_code": "999-9999"},
        "career": {"entries": [{"employer_name": "飯田橋商事", "start_month": "2013-04"}]},
    }
    reviewed = review_draft(ProfileDraft.model_validate(typed), today=TODAY)

    assert reviewed.draft.basic.name == "山田 太郎"
    assert reviewed.draft.basic.name_kana == "ヤマダ"
    assert reviewed.draft.basic.postal_code == "999-9999"  # kept to be corrected
    assert reviewed.draft.career.entries[0].employer_name == "飯田橋商事"
    assert errors(reviewed.check) == {
        ("basic.postal_code", "postal_code_unknown"),
        ("basic.address", "required"),  # nothing to fill it from
        ("basic.birth_date", "required"),
        ("basic.phone", "required"),
        ("basic.school", "required"),
    }
    assert not reviewed.check.ready_to_submit
    assert [issue.section for issue in reviewed.check.errors] == [ProfileSection.basic] * 5


def test_an_empty_draft_is_all_required_basic_fields_and_advice() -> None:
    result = check_profile(ProfileDraft(), today=TODAY)
    assert {field for field, code in errors(result)} == {
        f"basic.{field}"
        for field in ("name", "name_kana", "birth_date", "postal_code", "address", "phone")
    } | {"basic.school"}
    assert warnings(result) == {
        ("desired_work.occupations", "no_desired_occupation"),
        ("desired_work.employment_types", "no_employment_type"),
        ("desired_conditions.locations", "no_desired_location"),
        ("career.entries", "no_history"),
        ("self_pr.text", "self_pr_empty"),
    }


def test_submission_of_a_draft_with_errors_is_refused_with_the_same_check() -> None:
    draft = ProfileDraft.model_validate(make_profile(basic=make_basic(phone="12345")))
    with pytest.raises(ProfileNotReady) as refused:
        prepare_submission(draft, today=TODAY)
    assert refused.value.check == check_profile(draft, today=TODAY)
    assert errors(refused.value.check) == {("basic.phone", "phone_invalid")}


def test_warnings_do_not_block_submission() -> None:
    draft = ProfileDraft.model_validate(
        make_profile(desired_work={}, self_pr={}, career={}, education={})
    )
    submission = prepare_submission(draft, today=TODAY)
    assert submission.check.warnings
    assert submission.check.errors == []


# Basic information ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field", ["name", "name_kana", "birth_date", "postal_code", "phone", "school"]
)
def test_each_basic_field_is_required_at_submission(field: str) -> None:
    assert errors(check_basic(**{field: ...})) == {(f"basic.{field}", "required")}


def test_kana_in_hiragana_or_half_width_passes_once_normalised() -> None:
    assert errors(check_basic(name_kana="やまだ たろう")) == set()
    assert errors(check_basic(name_kana="ﾔﾏﾀﾞ ﾀﾛｳ")) == set()


@pytest.mark.parametrize("kana", ["山田太郎", "Yamada Taro", "ヤマダ1"])
def test_kana_that_is_not_katakana_after_normalisation_blocks(kana: str) -> None:
    assert errors(check_basic(name_kana=kana)) == {("basic.name_kana", "kana_not_katakana")}


@pytest.mark.parametrize("postal_code", ["000-0000", "999-9999"])
def test_a_postal_code_that_does_not_exist_blocks(postal_code: str) -> None:
    assert errors(check_basic(postal_code=postal_code)) == {
        ("basic.postal_code", "postal_code_unknown")
    }


@pytest.mark.parametrize("postal_code", ["100-001", "1000-0001", "千代田"])
def test_a_postal_code_that_is_not_seven_digits_blocks(postal_code: str) -> None:
    assert errors(check_basic(postal_code=postal_code)) == {
        ("basic.postal_code", "postal_code_format")
    }


@pytest.mark.parametrize("postal_code", ["100-0001", "1000001", "〒100-0001"])
def test_a_postal_code_that_exists_passes(postal_code: str) -> None:
    result = check_basic(postal_code=postal_code, address="東京都千代田区千代田1-1")
    assert result.errors == []
    assert result.warnings == []


def test_the_address_is_filled_from_the_postal_code_when_omitted() -> None:
    basic = BasicDraft.model_validate(make_basic(postal_code="1000001", address=...))
    assert fill_address(basic).address == "東京都千代田区千代田"
    reviewed = review_draft(ProfileDraft(basic=basic), today=TODAY)
    assert reviewed.draft.basic.address == "東京都千代田区千代田"
    assert errors(reviewed.check) == set()


def test_a_typed_address_is_never_replaced() -> None:
    basic = BasicDraft.model_validate(make_basic(address="東京都千代田区飯田橋3-1-1 2階"))
    assert fill_address(basic).address == "東京都千代田区飯田橋3-1-1 2階"


def test_an_address_is_not_filled_from_a_code_that_does_not_exist() -> None:
    basic = BasicDraft.model_validate(make_basic(postal_code="999-9999", address=...))
    assert fill_address(basic).address is None


@pytest.mark.parametrize(
    "address", ["東京都千代田区飯田橋3-1-1", "千代田区飯田橋3-1-1", "東京都 千代田区 飯田橋"]
)
def test_an_address_in_the_postal_codes_municipality_raises_no_warning(address: str) -> None:
    assert check_basic(address=address).warnings == []


def test_the_county_of_a_town_may_be_left_out_of_the_address() -> None:
    # 498-0803 is 三重県桑名郡木曽岬町和泉.
    assert check_basic(postal_code="498-0803", address="三重県木曽岬町和泉1").warnings == []
    assert check_basic(postal_code="498-0803", address="木曽岬町和泉1").warnings == []


def test_an_address_outside_the_postal_codes_municipality_is_a_warning() -> None:
    result = check_basic(address="大阪府大阪市北区梅田1-1")
    assert result.errors == []
    assert warnings(result) == {("basic.address", "address_mismatch")}


def test_a_large_business_postal_code_is_a_warning() -> None:
    result = check_basic(postal_code="060-8621", address=...)
    assert result.errors == []
    assert warnings(result) == {("basic.postal_code", "postal_code_business")}


@pytest.mark.parametrize(
    "phone", ["12345", "0312345", "020-1234-5678", "0701234567", "+1 212 555 0100"]
)
def test_a_phone_that_is_not_a_japanese_number_blocks(phone: str) -> None:
    assert errors(check_basic(phone=phone)) == {("basic.phone", "phone_invalid")}


@pytest.mark.parametrize("phone", ["03-1234-5678", "0466-12-3456", "080-1234-5678", "05012345678"])
def test_landline_mobile_and_ip_numbers_pass(phone: str) -> None:
    result = check_basic(phone=phone)
    assert result.errors == []
    assert result.warnings == []


def test_a_free_dial_number_is_a_warning() -> None:
    result = check_basic(phone="0120-123-456")
    assert result.errors == []
    assert warnings(result) == {("basic.phone", "phone_service_number")}


def test_a_birth_date_in_the_future_blocks() -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert errors(check_basic(birth_date=tomorrow.isoformat())) == {
        ("basic.birth_date", "birth_date_in_future")
    }


def test_a_birth_date_before_1900_is_implausible() -> None:
    assert errors(check_basic(birth_date="1899-12-31")) == {
        ("basic.birth_date", "birth_date_implausible")
    }
    assert errors(check_basic(birth_date="1900-01-01")) == set()


def test_the_school_needs_attendance_and_state_unless_there_is_none() -> None:
    assert errors(check_basic(school={"kind": "high_school"})) == {
        ("basic.school.attendance", "required"),
        ("basic.school.state", "required"),
    }
    assert errors(check_basic(school={"kind": "none"})) == set()
    assert errors(check_basic(school={})) == {("basic.school.kind", "required")}


# Eligibility (R6, R7) ---------------------------------------------------------------------
FULL_TIME_GRADUATE = {"kind": "high_school", "attendance": "full_time", "state": "graduated"}


def eligibility_errors(
    birth_date: str, school: dict[str, str] = FULL_TIME_GRADUATE, today: date = TODAY
) -> set[tuple[str, str]]:
    """The errors of a young applicant's profile (no history to date before the birth)."""
    basic = make_basic(birth_date=birth_date, school=school)
    draft = ProfileDraft.model_validate(make_profile(basic=basic, education={}, career={}))
    return errors(check_profile(draft, today=today))


def test_born_exactly_16_years_ago_today_passes_and_one_day_later_is_too_young() -> None:
    assert eligibility_errors("2010-11-25") == set()
    assert eligibility_errors("2010-11-26") == {("basic.birth_date", "too_young")}


def test_born_today_is_too_young_not_born_in_the_future() -> None:
    assert eligibility_errors(TODAY.isoformat()) == {("basic.birth_date", "too_young")}


def test_born_on_29_february_turns_16_on_1_march_in_a_common_year() -> None:
    # 2100 is a common year (divisible by 100, not by 400): the birthday is 1 March.
    assert eligibility_errors("2084-02-29", today=date(2100, 2, 28)) == {
        ("basic.birth_date", "too_young")
    }
    assert eligibility_errors("2084-02-29", today=date(2100, 3, 1)) == set()


def test_born_on_29_february_turns_16_on_the_day_in_a_leap_year() -> None:
    assert eligibility_errors("2008-02-29", today=date(2024, 2, 28)) == {
        ("basic.birth_date", "too_young")
    }
    assert eligibility_errors("2008-02-29", today=date(2024, 2, 29)) == set()


@pytest.mark.parametrize("kind", ["junior_high", "secondary", "high_school"])
@pytest.mark.parametrize("state", ["enrolled", "graduating"])
def test_a_full_time_pupil_enrolled_or_graduating_is_refused(kind: str, state: str) -> None:
    school = {"kind": kind, "attendance": "full_time", "state": state}
    assert eligibility_errors("2009-05-01", school) == {("basic.school", "school_pupil")}


@pytest.mark.parametrize("attendance", ["night", "part_time", "correspondence"])
def test_night_part_time_and_correspondence_pupils_may_register(attendance: str) -> None:
    school = {"kind": "high_school", "attendance": attendance, "state": "enrolled"}
    assert eligibility_errors("2009-05-01", school) == set()


def test_a_graduate_of_high_school_may_register() -> None:
    assert eligibility_errors("2008-03-01", FULL_TIME_GRADUATE) == set()


def test_age_is_reported_before_school() -> None:
    school = {"kind": "junior_high", "attendance": "full_time", "state": "enrolled"}
    assert eligibility_errors("2012-01-01", school) == {("basic.birth_date", "too_young")}


def test_eligibility_is_checked_on_every_change_of_a_submitted_profile() -> None:
    current = Profile.model_validate(make_profile())
    patch = ProfileDraft.model_validate(
        {"basic": {"school": {"kind": "high_school", "state": "enrolled"}}}
    )
    with pytest.raises(ProfileNotReady) as refused:
        prepare_submission(apply_patch(current, patch), today=TODAY)
    assert errors(refused.value.check) == {("basic.school", "school_pupil")}


# Desired work and conditions --------------------------------------------------------------
def test_no_desired_occupation_yet_is_a_warning() -> None:
    result = check(desired_work={"employment_types": ["regular"]})
    assert result.errors == []
    assert warnings(result) == {("desired_work.occupations", "no_desired_occupation")}


def test_an_occupation_needs_its_name() -> None:
    result = check(desired_work={"occupations": [{"classification_code": "251"}]})
    assert ("desired_work.occupations.0.name", "required") in errors(result)


def test_working_hours_may_run_overnight_but_not_start_when_they_end() -> None:
    overnight = {"start": "22:00", "end": "06:00"}
    assert errors(check(desired_work={"working_hours": overnight})) == set()
    empty = {"start": "09:00", "end": "09:00"}
    assert errors(check(desired_work={"working_hours": empty})) == {
        ("desired_work.working_hours", "working_hours_empty")
    }
    assert errors(check(desired_work={"working_hours": {"start": "09:00"}})) == {
        ("desired_work.working_hours.end", "required")
    }


def test_more_working_days_and_days_off_than_a_week_has_is_a_warning() -> None:
    work = {"days_per_week": 5, "days_off": ["saturday", "sunday", "monday"]}
    assert ("desired_work.days_per_week", "days_inconsistent") in warnings(check(desired_work=work))
    work = {"days_per_week": 5, "days_off": ["saturday", "sunday", "public_holidays"]}
    assert ("desired_work.days_per_week", "days_inconsistent") not in warnings(
        check(desired_work=work)
    )


def test_a_municipality_outside_its_prefecture_blocks() -> None:
    conditions = {"locations": [{"prefecture_code": "27", "municipality_code": "13101"}]}
    assert errors(check(desired_conditions=conditions)) == {
        ("desired_conditions.locations.0.municipality_code", "municipality_not_in_prefecture")
    }


def test_a_wage_needs_its_unit() -> None:
    assert errors(check(desired_conditions={"wage": {"amount": 1200}})) == {
        ("desired_conditions.wage.unit", "required")
    }


@pytest.mark.parametrize(
    ("amount", "unit"), [(200_000, "hourly"), (1_200, "monthly"), (500, "daily")]
)
def test_a_wage_that_looks_like_another_unit_is_a_warning(amount: int, unit: str) -> None:
    result = check(desired_conditions={"wage": {"amount": amount, "unit": unit}})
    assert result.errors == []
    assert ("desired_conditions.wage.amount", "wage_unit_mismatch") in warnings(result)


@pytest.mark.parametrize(("amount", "unit"), [(1_200, "hourly"), (9_000, "daily")])
def test_a_plausible_wage_raises_no_warning(amount: int, unit: str) -> None:
    result = check(desired_conditions={"wage": {"amount": amount, "unit": unit}})
    assert ("desired_conditions.wage.amount", "wage_unit_mismatch") not in warnings(result)


# Education and career ---------------------------------------------------------------------
def school(**fields: Any) -> dict[str, Any]:
    return {"name": "千代田高校", "status": "graduated", "year_month": "2008-03", **fields}


def job(**fields: Any) -> dict[str, Any]:
    return {"employer_name": "飯田橋商事", "start_month": "2013-04", **fields}


def test_a_graduation_before_the_birth_blocks() -> None:
    education = {"schools": [school(year_month="1990-03")]}  # born 1990-04-01
    assert errors(check(education=education)) == {
        ("education.schools.0.year_month", "before_birth")
    }
    assert errors(check(education={"schools": [school(year_month="1990-04")]})) == set()


def test_a_graduation_in_the_future_blocks_but_an_expected_one_does_not() -> None:
    assert errors(check(education={"schools": [school(year_month="2026-12")]})) == {
        ("education.schools.0.year_month", "date_in_future")
    }
    expected = school(status="expected", year_month="2027-03")
    assert errors(check(education={"schools": [expected]})) == set()
    assert errors(check(education={"schools": [school(year_month="2026-11")]})) == set()


def test_an_expected_graduation_already_past_is_a_warning() -> None:
    result = check(education={"schools": [school(status="expected", year_month="2026-10")]})
    assert result.errors == []
    assert warnings(result) == {("education.schools.0.year_month", "expected_in_past")}


def test_a_school_entry_needs_its_name_status_and_month() -> None:
    assert errors(check(education={"schools": [{}]})) == {
        ("education.schools.0.name", "required"),
        ("education.schools.0.status", "required"),
        ("education.schools.0.year_month", "required"),
    }


def test_a_qualification_acquired_before_the_birth_blocks() -> None:
    education = {
        "schools": [school()],
        "qualifications": [{"name": "簿記2級", "acquired": "1989-06"}],
    }
    assert errors(check(education=education)) == {
        ("education.qualifications.0.acquired", "before_birth")
    }


def test_work_history_ending_before_it_starts_blocks() -> None:
    career = {"entries": [job(end_month="2013-03")]}
    assert errors(check(career=career)) == {("career.entries.0.end_month", "end_before_start")}
    assert errors(check(career={"entries": [job(end_month="2013-04")]})) == set()


def test_work_history_may_end_in_a_planned_month_but_not_start_in_the_future() -> None:
    assert errors(check(career={"entries": [job(end_month="2027-03")]})) == set()
    assert errors(check(career={"entries": [job(start_month="2026-12")]})) == {
        ("career.entries.0.start_month", "date_in_future")
    }


def test_work_history_starting_before_the_birth_blocks() -> None:
    assert errors(check(career={"entries": [job(start_month="1989-04")]})) == {
        ("career.entries.0.start_month", "before_birth")
    }


def test_no_work_history_and_no_education_is_a_warning() -> None:
    result = check(career={}, education={})
    assert result.errors == []
    assert warnings(result) == {("career.entries", "no_history")}
    assert warnings(check(career={})) == set()  # education alone is a history


# Disability and self-PR -------------------------------------------------------------------
def test_the_disability_section_is_never_required() -> None:
    assert check(disability=...).disability.model_dump() == {"errors": [], "warnings": []}


def test_a_certificate_needs_its_kind() -> None:
    disability = {"has_disability": True, "certificates": [{"grade": "2級"}]}
    assert errors(check(disability=disability)) == {("disability.certificates.0.kind", "required")}


def test_details_of_a_disability_while_stating_none_is_a_warning() -> None:
    disability = {"has_disability": False, "considerations": "通院のため月1回休みが必要"}
    assert warnings(check(disability=disability)) == {
        ("disability.has_disability", "disability_details_without_disability")
    }


def test_an_empty_self_pr_is_a_warning() -> None:
    result = check(self_pr={"text": "  "})
    assert result.errors == []
    assert warnings(result) == {("self_pr.text", "self_pr_empty")}


# Check and submission agree ---------------------------------------------------------------
_OPTIONAL_PATHS = [
    ("basic", "name"),
    ("basic", "name_kana"),
    ("basic", "birth_date"),
    ("basic", "postal_code"),
    ("basic", "address"),
    ("basic", "phone"),
    ("basic", "school", "attendance"),
    ("basic", "school", "state"),
    ("desired_work", "occupations", 0, "name"),
    ("desired_work", "working_hours", "start"),
    ("desired_conditions", "locations", 0, "prefecture_code"),
    ("desired_conditions", "wage", "unit"),
    ("education", "schools", 0, "name"),
    ("education", "schools", 0, "status"),
    ("education", "schools", 0, "year_month"),
    ("education", "qualifications", 0, "name"),
    ("career", "entries", 0, "employer_name"),
    ("career", "entries", 0, "start_month"),
    ("career", "entries", 0, "end_month"),
    ("self_pr", "text"),
]


@given(st.sets(st.sampled_from(_OPTIONAL_PATHS)))
def test_a_draft_is_ready_exactly_when_it_can_be_submitted(removed: set[tuple[Any, ...]]) -> None:
    data = make_profile(
        desired_conditions={
            "locations": [{"prefecture_code": "13", "municipality_code": "13101"}],
            "wage": {"amount": 220_000, "unit": "monthly"},
        }
    )
    for path in removed:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target.pop(path[-1], None)
    draft = ProfileDraft.model_validate(data)
    ready = check_profile(draft, today=TODAY).ready_to_submit
    try:
        prepare_submission(draft, today=TODAY)
    except ProfileNotReady:
        submitted = False
    else:
        submitted = True
    assert ready == submitted
