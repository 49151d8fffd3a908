"""Language of human-readable texts, chosen by ``Accept-Language`` (Japanese by default)."""

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    ja = "ja"
    en = "en"


@dataclass(frozen=True)
class Text:
    """A text in both languages the API speaks."""

    ja: str
    en: str

    def in_(self, language: Language) -> str:
        return self.ja if language is Language.ja else self.en


def negotiate_language(accept_language: str | None) -> Language:
    """The supported language the client prefers most; Japanese when it states none."""
    best: tuple[float, Language] | None = None
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in Language.__members__:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, Language(primary))
    return best[1] if best else Language.ja
