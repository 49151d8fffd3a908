"""The token endpoint's failures as OAuth2 clients read them (RFC 6749 §5.2).

Every failure of ``POST /v1/auth/token`` stays an RFC 9457 problem and also carries
``error`` (an RFC 6749 code) and ``error_description`` beside the problem members, so that
OAuth2 libraries and Swagger UI's Authorize dialog show the reason. ``error_description``
is the problem's English detail: RFC 6749 allows printable ASCII only there; the
Japanese text stays in ``title`` and ``detail``."""

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from mypage_api import problems
from mypage_api.errors import ProblemError, validation_problem_error
from mypage_api.problems import ProblemType

# RFC 6749 §5.2 codes. Throttling has no code of its own: the grant is not accepted now,
# and the description (and ``Retry-After``) say why.
OAUTH_ERRORS: dict[str, str] = {
    problems.INVALID_CREDENTIALS.slug: "invalid_grant",
    problems.ACCOUNT_RESTRICTED.slug: "invalid_grant",
    problems.LOGIN_THROTTLED.slug: "invalid_grant",
    problems.LOGIN_LOCKED.slug: "invalid_grant",
    problems.INVALID_CLIENT.slug: "invalid_client",
}


def oauth_error(
    problem: ProblemType, *, grant_type_refused: bool = False, fields: Sequence[str] = ()
) -> dict[str, str]:
    """The RFC 6749 members of a token endpoint problem (``fields``: those in error)."""
    if grant_type_refused:
        code = "unsupported_grant_type"
    else:
        code = OAUTH_ERRORS.get(problem.slug, "invalid_request")
    description = problem.detail.en
    if fields:
        description = f"{problem.title.en}: {', '.join(fields)}."
    return {"error": code, "error_description": description}


class TokenEndpointRoute(APIRoute):
    """A route whose problems also carry RFC 6749 ``error`` and ``error_description``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_token_request(request: Request) -> Response:
            try:
                return await handle(request)
            except ProblemError as refusal:
                refusal.extensions.update(oauth_error(refusal.problem))
                raise
            except RequestValidationError as invalid:
                raise _oauth_validation_problem(invalid) from None

        return handle_token_request


def _oauth_validation_problem(invalid: RequestValidationError) -> ProblemError:
    errors: list[Any] = list(invalid.errors())
    grant_type_refused = any(
        tuple(error.get("loc", ()))[-1:] == ("grant_type",) and error.get("input") is not None
        for error in errors
    )
    refusal = validation_problem_error(errors)
    fields = [str(error.get("loc", ("", ""))[-1]) for error in errors]
    refusal.extensions.update(
        oauth_error(refusal.problem, grant_type_refused=grant_type_refused, fields=fields)
    )
    return refusal
