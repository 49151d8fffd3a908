"""What free-word search reads of a job: the one place that decides it."""

from mypage_api.search_text import search_document


def search_columns(
    *, title: str, occupation_name: str, description: str, employer_name: str | None
) -> dict[str, str]:
    """``search_text`` and ``search_tokens`` of a job. The employer's name is searchable only
    when the job publishes it."""
    text, tokens = search_document([title, occupation_name, description, employer_name or ""])
    return {"search_text": text, "search_tokens": tokens}
