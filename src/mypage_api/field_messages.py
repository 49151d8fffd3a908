"""Field-level messages of a validation problem in both languages the API speaks.

Pydantic words its checks in English; a Japanese problem lists its fields in Japanese
too. Each check (pydantic's error ``type``, or the API's own field codes) has a Japanese
wording here, filled from the check's context (``max_length``, ``ge``...); a check not
listed falls back to a general Japanese sentence. The English text stays pydantic's own
(or the API's), which already names the limit."""

from collections.abc import Mapping
from typing import Any

from mypage_api.i18n import Text

FALLBACK_JA = "この項目の値が正しくありません。"

JAPANESE: dict[str, str] = {
    # pydantic's checks (https://docs.pydantic.dev/latest/errors/validation_errors/)
    "missing": "必須の項目です。",
    "missing_argument": "必須の項目です。",
    "extra_forbidden": "この項目は指定できません。",
    "string_type": "文字列で指定してください。",
    "string_too_short": "{min_length}文字以上で指定してください。",
    "string_too_long": "{max_length}文字以内で指定してください。",
    "string_pattern_mismatch": "形式が正しくありません。",
    "too_short": "{min_length}件以上指定してください。",
    "too_long": "{max_length}件以内で指定してください。",
    "int_type": "整数で指定してください。",
    "int_parsing": "整数で指定してください。",
    "int_from_float": "整数で指定してください。",
    "float_type": "数値で指定してください。",
    "float_parsing": "数値で指定してください。",
    "bool_type": "真偽値（true または false）で指定してください。",
    "bool_parsing": "真偽値（true または false）で指定してください。",
    "greater_than": "{gt}より大きい値を指定してください。",
    "greater_than_equal": "{ge}以上の値を指定してください。",
    "less_than": "{lt}より小さい値を指定してください。",
    "less_than_equal": "{le}以下の値を指定してください。",
    "multiple_of": "{multiple_of}の倍数を指定してください。",
    "date_type": "日付（YYYY-MM-DD）で指定してください。",
    "date_parsing": "日付（YYYY-MM-DD）で指定してください。",
    "date_from_datetime_parsing": "日付（YYYY-MM-DD）で指定してください。",
    "date_from_datetime_inexact": "日付（YYYY-MM-DD）で指定してください。",
    "datetime_type": "日時（ISO 8601）で指定してください。",
    "datetime_parsing": "日時（ISO 8601）で指定してください。",
    "datetime_from_date_parsing": "日時（ISO 8601）で指定してください。",
    "time_type": "時刻（HH:MM）で指定してください。",
    "time_parsing": "時刻（HH:MM）で指定してください。",
    "enum": "次のいずれかを指定してください: {expected}",
    "literal_error": "次のいずれかを指定してください: {expected}",
    "list_type": "配列で指定してください。",
    "dict_type": "オブジェクトで指定してください。",
    "model_type": "オブジェクトで指定してください。",
    "model_attributes_type": "オブジェクトで指定してください。",
    "json_invalid": "JSON として読み取れません。",
    "json_type": "JSON として読み取れません。",
    "uuid_type": "UUID で指定してください。",
    "uuid_parsing": "UUID で指定してください。",
    "url_parsing": "URL の形式が正しくありません。",
    "url_type": "URL で指定してください。",
    "value_error": "値が正しくありません。",
    "assertion_error": "値が正しくありません。",
    "no_such_attribute": "この項目は指定できません。",
    "frozen_field": "この項目は変更できません。",
    "unique_items": "同じ値を重ねて指定することはできません。",
    # the API's own field codes
    "invalid_cursor": "前の応答の next_cursor をそのまま指定してください。",
    "nul": "NUL 文字（U+0000）は使えません。",
}

# The API's own checks raise ``ValueError`` with these English texts (a pydantic
# ``value_error``): their Japanese wording.
VALUE_ERRORS: dict[str, str] = {
    "must be full-width katakana": "全角カタカナで入力してください。",
    "must be a postal code NNN-NNNN": "郵便番号は NNN-NNNN の形で入力してください。",
    "must be a Japanese phone number": "日本国内の電話番号を入力してください。",
    "a date is written YYYY-MM-DD": "日付は YYYY-MM-DD の形で入力してください。",
    "wage_max is below wage_min": "賃金の上限が下限より低くなっています。",
    "the municipality is not in the prefecture": "市区町村がその都道府県にありません。",
    "give either seeker_number or everyone: true": (
        "seeker_number か everyone: true のどちらか一方を指定してください。"
    ),
    "attendance and state are required unless kind is none": (
        "kind が none でない場合、attendance と state は必須です。"
    ),
    "min_wage and wage_unit go together": "min_wage と wage_unit は組み合わせて指定してください。",
}


def field_message(code: str, english: str, context: Mapping[str, Any] | None = None) -> Text:
    """The message of a failed check in both languages; ``context`` fills the Japanese
    wording (a wording whose placeholders the context lacks falls back)."""
    context = dict(context or {})
    if "expected" in context:  # pydantic's "'a', 'b' or 'c'"
        context["expected"] = str(context["expected"]).replace(" or ", "、")
    template = JAPANESE.get(code)
    if code == "value_error":
        template = VALUE_ERRORS.get(str(context.get("error", "")), template)
    if template is None:
        return Text(FALLBACK_JA, english)
    try:
        japanese = template.format(**context)
    except (KeyError, IndexError, ValueError):
        japanese = FALLBACK_JA
    return Text(japanese, english)
