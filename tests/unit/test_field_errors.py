"""One shape of field errors in a problem: {location, field, message, code}, capped."""

from collections.abc import Iterator

from mypage_api.errors import MAX_FIELD_ERRORS, FieldIssue, field_errors
from mypage_api.i18n import Language
from mypage_api.pagination import invalid_cursor


def test_each_error_is_listed_with_its_four_members_in_the_clients_language() -> None:
    issue = FieldIssue.of("body", "name", "string_too_long", "too long", {"max_length": 50})
    assert issue.in_(Language.ja) == {
        "location": "body",
        "field": "name",
        "message": "50文字以内で指定してください。",
        "code": "string_too_long",
    }
    assert issue.in_(Language.en)["message"] == "too long"


def test_a_check_without_a_japanese_wording_falls_back_to_a_general_one() -> None:
    issue = FieldIssue.of("body", "x", "some_new_check", "Some new check failed")
    assert issue.in_(Language.ja)["message"] == "この項目の値が正しくありません。"
    assert issue.in_(Language.en)["message"] == "Some new check failed"


def test_at_most_the_cap_is_listed_and_no_more_is_read() -> None:
    read = 0

    def many() -> Iterator[FieldIssue]:
        nonlocal read
        for index in range(50_000):
            read += 1
            yield FieldIssue.of("body", f"k{index}", "extra_forbidden", "Extra inputs")

    listed = field_errors(many())["errors"]
    assert [error.field for error in listed] == [f"k{i}" for i in range(MAX_FIELD_ERRORS)]
    assert read == MAX_FIELD_ERRORS


def test_a_malformed_cursor_lists_the_cursor_field() -> None:
    [issue] = invalid_cursor().extensions["errors"]
    assert issue.in_(Language.en) == {
        "location": "query",
        "field": "cursor",
        "message": "not a cursor of this list",
        "code": "invalid_cursor",
    }
    assert (
        issue.in_(Language.ja)["message"] == "前の応答の next_cursor をそのまま指定してください。"
    )
