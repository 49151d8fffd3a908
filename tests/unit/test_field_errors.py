"""One shape of field errors in a problem: {location, field, message, code}, capped."""

from collections.abc import Iterator

from mypage_api.errors import MAX_FIELD_ERRORS, FieldError, field_errors
from mypage_api.pagination import invalid_cursor


def test_each_error_is_listed_with_its_four_members() -> None:
    error = FieldError(location="query", field="q", message="too_long", code="too_long")
    assert field_errors([error]) == {
        "errors": [{"location": "query", "field": "q", "message": "too_long", "code": "too_long"}]
    }


def test_at_most_the_cap_is_listed_and_no_more_is_read() -> None:
    read = 0

    def many() -> Iterator[FieldError]:
        nonlocal read
        for index in range(50_000):
            read += 1
            yield FieldError(location="body", field=f"k{index}", message="extra", code="extra")

    listed = field_errors(many())["errors"]
    assert [error["field"] for error in listed] == [f"k{i}" for i in range(MAX_FIELD_ERRORS)]
    assert read == MAX_FIELD_ERRORS


def test_a_malformed_cursor_lists_the_cursor_field() -> None:
    assert invalid_cursor().extensions == {
        "errors": [
            {
                "location": "query",
                "field": "cursor",
                "message": "not a cursor of this list",
                "code": "invalid_cursor",
            }
        ]
    }
