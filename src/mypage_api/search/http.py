"""A search page as answered over HTTP, by the search and by saved searches alike."""

from typing import Any

from fastapi import Response

from mypage_api.search.service import AnsweredPage, PageSource

# The 200 answer's header, for the contract.
PAGE_SOURCE_HEADER: dict[str, Any] = {
    "X-Search-Page": {
        "description": "Where the page came from: `kept` (kept in memory, nothing changed "
        "since), `checked` (kept, and checked against the jobs changed since) or `read` "
        "(read from the database now). Every page is exact whichever it is.",
        "schema": {"type": "string", "enum": [source.value for source in PageSource]},
    }
}


def page_response(page: AnsweredPage) -> Response:
    """The page's JSON as it was serialised once, and where it came from."""
    return Response(
        page.body, media_type="application/json", headers={"X-Search-Page": page.source}
    )
