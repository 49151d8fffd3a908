"""Text normalisation applied to profile input (pure functions, no I/O).

Every function is total: it never raises, and returns the input cleaned as far as it can
be. Whether the result is acceptable (katakana, an existing postal code, a Japanese phone
number) is a separate question, answered by the ``is_*`` / ``phone_kind`` functions and
reported by the profile check, so that a draft keeps what the applicant typed.

Every normaliser is idempotent: normalising twice gives the same text as once.
"""

import re
import unicodedata
from enum import StrEnum

IDEOGRAPHIC_SPACE = "\u3000"
PROLONGED_SOUND_MARK = "ー"

# Invisible characters that only hide differences: bidirectional overrides, zero-width
# space, word joiner, byte-order mark. Zero-width joiners (emoji) and variation selectors
# (異体字 sequences in names) are kept.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0/C1 controls but \t and \n
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029\x85]")
_WHITESPACE_RUN = re.compile(r"\s+")

# Full-width ASCII (！-～) and half-width katakana (｡-ﾟ): the only characters NFKC is applied
# to in free text. A kana just before a half-width voicing mark is taken along so that
# 'カﾞ' becomes 'ガ'. Kanji are never touched: NFKC (and even NFC) would replace CJK
# compatibility ideographs, that is change the characters of a person's name.
_WIDTH_VARIANTS = re.compile("[\u3041-\u30ff]?[\uff01-\uff5e\uff61-\uff9f]+")

# Characters people type for a hyphen or a long vowel (after NFKC).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70\u2500\u2501\ufe63\uff0d"
_DASH = re.compile(f"[{_DASHES}]")

# Katakana accepted in フリガナ: ァ (U+30A1) to ヾ (U+30FE), which holds the small kana,
# ヴ, ヵヶ, ヷ-ヺ, the middle dot ・ (foreign names), the prolonged sound mark ー and the
# iteration marks ヽヾ. Words are separated by one full-width space.
_KATAKANA_WORD = "[\u30a1-\u30fe]+"
_KATAKANA = re.compile(f"{_KATAKANA_WORD}(?:{IDEOGRAPHIC_SPACE}{_KATAKANA_WORD})*")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,  # ゝ → ヽ
    0x309E: 0x30FE,  # ゞ → ヾ
}
# Spacing voicing marks (゛゜) would become a space and a combining mark under NFKC;
# turned into the combining marks first they join the kana before them.
_SPACING_VOICING = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})


def _clean(value: str) -> str:
    value = _LINE_BREAK.sub("\n", value)
    value = _INVISIBLE.sub("", value)
    value = value.replace("\t", " ")
    return _CONTROL.sub("", value)


def _narrow(value: str) -> str:
    """Full-width alphanumerics to ASCII and half-width katakana to full width, only."""
    return _WIDTH_VARIANTS.sub(lambda match: unicodedata.normalize("NFKC", match[0]), value)


def _collapse(match: re.Match[str]) -> str:
    """A run of spaces becomes one: a full-width space if the run held one, else ' '."""
    return IDEOGRAPHIC_SPACE if IDEOGRAPHIC_SPACE in match[0] else " "


def _compact(value: str) -> str:
    """NFKC without spaces, any dash a hyphen: for codes and numbers. NFKC runs again once
    the spaces are gone, as a combining mark that followed one now joins a character."""
    value = _WHITESPACE_RUN.sub("", unicodedata.normalize("NFKC", _clean(value)))
    return _DASH.sub("-", unicodedata.normalize("NFKC", value))


def normalise_text(value: str) -> str:
    """One line of text (names, addresses, titles).

    Controls and invisible characters are removed, full-width alphanumerics become ASCII,
    half-width katakana become full width, runs of spaces (line breaks included) become
    one space, and the ends are trimmed. Kanji are left exactly as typed.
    """
    value = _narrow(_clean(value))
    return _WHITESPACE_RUN.sub(_collapse, value).strip()


def normalise_multiline(value: str) -> str:
    """Free text that keeps its lines (self-PR, job content, considerations).

    As ``normalise_text``, but line breaks are kept (as ``\\n``), spaces are not
    collapsed inside a line (a leading full-width space indents a Japanese paragraph),
    trailing spaces of each line are removed, and so are blank lines at either end.
    """
    value = _narrow(_clean(value))
    lines = [line.rstrip() for line in value.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def is_blank(value: str) -> bool:
    """True when nothing but spaces, controls and invisible characters was typed."""
    return not normalise_text(value)


def normalise_kana(value: str) -> str:
    """フリガナ: full-width katakana, words separated by one full-width space.

    NFKC (half-width katakana and their voicing marks become full width), hiragana
    become katakana, any hyphen or dash becomes the prolonged sound mark ー, and runs of
    spaces of either width become one full-width space. Characters that are not kana are
    kept as they are, for ``is_katakana`` to refuse.
    """
    value = _clean(value).translate(_SPACING_VOICING)
    value = unicodedata.normalize("NFKC", value)
    value = value.translate(_HIRAGANA_TO_KATAKANA)
    # Voicing marks left combining after a hiragana with no precomposed form (わ゛) may
    # compose once it is katakana (ヷ); NFC composes them and leaves kana otherwise as is.
    value = unicodedata.normalize("NFC", value)
    value = _DASH.sub(PROLONGED_SOUND_MARK, value)
    return _WHITESPACE_RUN.sub(IDEOGRAPHIC_SPACE, value).strip()


def is_katakana(value: str) -> bool:
    """True for normalised フリガナ: katakana words separated by single full-width spaces."""
    return _KATAKANA.fullmatch(value) is not None


# Postal codes ----------------------------------------------------------------------------

_POSTAL_CODE = re.compile(r"[0-9]{7}")
POSTAL_CODE_PATTERN = r"^[0-9]{3}-[0-9]{4}$"


def normalise_postal_code(value: str) -> str:
    """``NNN-NNNN`` for seven digits written any usual way (〒, full width, dashes anywhere
    or none, spaces); anything else is returned cleaned but otherwise as typed."""
    value = _compact(value).removeprefix("〒")
    digits = value.replace("-", "")
    return f"{digits[:3]}-{digits[3:]}" if _POSTAL_CODE.fullmatch(digits) else value


def is_postal_code(value: str) -> bool:
    """True for a normalised postal code (``NNN-NNNN``); whether it exists is another matter."""
    return re.fullmatch(POSTAL_CODE_PATTERN, value) is not None


# Phone numbers ---------------------------------------------------------------------------


class PhoneKind(StrEnum):
    landline = "landline"  # 固定電話: 0 + area code + local number, 10 digits
    mobile = "mobile"  # 携帯電話・PHS: 070, 080, 090, 11 digits
    ip = "ip"  # IP電話: 050, 11 digits
    service = "service"  # 0120/0800 free dial, 0570 navi dial, 0990, 0170, 0180


# Service numbers: where the digits after the prefix are grouped (prefix, then group sizes).
_SERVICE_GROUPS = {
    "0120": (3, 3),
    "0570": (3, 3),
    "0990": (3, 3),
    "0170": (3, 3),
    "0180": (3, 3),
    "0800": (3, 4),
}
_ELEVEN_DIGIT_PREFIXES = {
    "070": PhoneKind.mobile,
    "080": PhoneKind.mobile,
    "090": PhoneKind.mobile,
    "050": PhoneKind.ip,
}
# 10-digit numbers that are not landlines: 010 (international prefix), 020 and 060 (not
# numbers for people), 050/070/080/090 (11 digits).
_NOT_LANDLINE = ("010", "020", "050", "060", "070", "080", "090")
# The only two-digit area codes whose every number belongs to them: 03 (Tokyo), 06 (Osaka).
_TWO_DIGIT_AREA_CODES = ("03", "06")
_PHONE_SHAPE = re.compile(r"[0-9]+(?:-[0-9]+)*")
_PHONE_SEPARATORS = re.compile(r"[-().]+")


def phone_kind(value: str) -> PhoneKind | None:
    """What kind of Japanese number ``value`` is (digits, hyphens allowed), or None when it
    is not a Japanese number: 10 or 11 digits starting with 0, with a prefix in use."""
    if _PHONE_SHAPE.fullmatch(value) is None:
        return None
    digits = value.replace("-", "")
    if len(digits) == 11:
        if digits.startswith("0800"):
            return PhoneKind.service
        return _ELEVEN_DIGIT_PREFIXES.get(digits[:3])
    if len(digits) == 10:
        if digits[:4] in _SERVICE_GROUPS:
            return PhoneKind.service
        if digits[0] == "0" and digits[1] != "0" and not digits.startswith(_NOT_LANDLINE):
            return PhoneKind.landline
    return None


def _group(digits: str, *sizes: int) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(digits[start : start + size])
        start += size
    return "-".join(parts)


def _landline(digits: str, typed_groups: list[str]) -> str:
    """A landline is hyphenated as area code, local exchange, subscriber number. Only the
    applicant knows where the area code ends (03 vs 04-xxxx vs 042-xxx), so their grouping
    is kept when it has that shape; otherwise the digits stand alone."""
    if digits.startswith(_TWO_DIGIT_AREA_CODES):
        return _group(digits, 2, 4, 4)
    if len(typed_groups) == 3:
        area, exchange, subscriber = (len(group) for group in typed_groups)
        if 2 <= area <= 5 and area + exchange == 6 and subscriber == 4:
            return "-".join(typed_groups)
    return digits


def normalise_phone(value: str) -> str:
    """A Japanese phone number, hyphenated the way it is written in Japan.

    Full-width digits, spaces, dashes, dots and parentheses (``03(1234)5678``) are read
    as separators and ``+81`` (with or without the trunk ``(0)``) as the leading 0.
    Mobile and IP numbers become ``0X0-XXXX-XXXX``, 0120/0570 ``0120-XXX-XXX``, 0800
    ``0800-XXX-XXXX``, 03/06 ``03-XXXX-XXXX``; other landlines keep the applicant's
    grouping when it has the shape of area code, exchange and number (``0466-12-3456``),
    else are digits only. Text that is not a Japanese number is returned cleaned.
    """
    value = _compact(value)
    international = value.startswith("+81")
    if international:
        value = value.removeprefix("+81")
    value = _PHONE_SEPARATORS.sub("-", value).strip("-")
    if international:
        value = "0" + value.removeprefix("0").lstrip("-")
    kind = phone_kind(value)
    if kind is None:
        return value
    digits = value.replace("-", "")
    if kind in (PhoneKind.mobile, PhoneKind.ip):
        return _group(digits, 3, 4, 4)
    if kind is PhoneKind.service:
        return _group(digits, 4, *_SERVICE_GROUPS[digits[:4]])
    return _landline(digits, value.split("-"))
