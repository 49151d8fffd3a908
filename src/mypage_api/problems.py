"""The catalogue of problem types (RFC 9457). A type's slug never changes once published."""

from dataclasses import dataclass

from mypage_api.i18n import Text

PROBLEM_TYPE_PREFIX = "urn:mypage-api:problem:"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: Text
    detail: Text

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_PREFIX + self.slug


VALIDATION_FAILED = ProblemType(
    "validation-failed",
    422,
    Text("入力内容に誤りがあります", "The request is not valid"),
    Text(
        "入力内容を確認してください。誤りのある項目は errors に示しています。",
        "Check the request; the fields in error are listed in errors.",
    ),
)
INVALID_CURSOR = ProblemType(
    "invalid-cursor",
    422,
    Text("ページ指定が正しくありません", "The page cursor is not valid"),
    Text(
        "cursor には前の応答の next_cursor をそのまま指定してください。",
        "Pass the next_cursor of a previous response unchanged.",
    ),
)
NOT_FOUND = ProblemType(
    "not-found",
    404,
    Text("見つかりません", "Not found"),
    Text("指定されたものは見つかりません。", "Nothing was found at this address."),
)
METHOD_NOT_ALLOWED = ProblemType(
    "method-not-allowed",
    405,
    Text("この操作はできません", "Method not allowed"),
    Text("このアドレスではこのメソッドを使えません。", "This method is not allowed here."),
)
BAD_REQUEST = ProblemType(
    "bad-request",
    400,
    Text("リクエストが正しくありません", "Bad request"),
    Text("リクエストの形式が正しくありません。", "The request is malformed."),
)
SERVICE_UNAVAILABLE = ProblemType(
    "service-unavailable",
    503,
    Text("ただいま利用できません", "Service unavailable"),
    Text("しばらくしてからもう一度お試しください。", "Please try again later."),
)
INTERNAL_ERROR = ProblemType(
    "internal-error",
    500,
    Text("システムエラーが発生しました", "Internal error"),
    Text(
        "しばらくしてからもう一度お試しください。解決しない場合はハローワークにお問い合わせください。",
        "Please try again later. If it persists, contact Hello Work.",
    ),
)
OFFICE_NOT_FOUND = ProblemType(
    "office-not-found",
    404,
    Text("ハローワークが見つかりません", "Office not found"),
    Text(
        "指定された安定所番号のハローワークはありません。",
        "There is no Hello Work office with this office code.",
    ),
)

GENERIC_BY_STATUS: dict[int, ProblemType] = {
    400: BAD_REQUEST,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    422: VALIDATION_FAILED,
    503: SERVICE_UNAVAILABLE,
}
