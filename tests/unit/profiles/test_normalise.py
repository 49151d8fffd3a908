"""Input normalisation: フリガナ in full-width katakana, postal codes as NNN-NNNN, phone
numbers as Japanese numbers are written, and names left exactly as typed."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.profiles.normalise import (
    PhoneKind,
    is_blank,
    is_katakana,
    is_postal_code,
    normalise_kana,
    normalise_multiline,
    normalise_phone,
    normalise_postal_code,
    normalise_text,
    phone_kind,
)

HIRAGANA = [chr(code) for code in range(0x3041, 0x3097)] + ["ゝ", "ゞ", "ー"]
HALF_WIDTH_KATAKANA = [chr(code) for code in range(0xFF66, 0xFFA0)]  # ｦ to ﾟ
SPACES = [" ", "\u3000", "\t"]


# フリガナ ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "kana"),
    [
        ("やまだ たろう", "ヤマダ　タロウ"),  # hiragana become katakana
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),  # half width becomes full width, voicing marks join
        ("ヤマダ　　 タロウ", "ヤマダ　タロウ"),  # any run of spaces: one full-width space
        ("  ヤマダ  ", "ヤマダ"),  # ends trimmed
        ("ジョ-ジ・スミス", "ジョージ・スミス"),  # a hyphen is a long vowel
        ("ｼﾞｮｰｼﾞ", "ジョージ"),
        ("ゔぁいおりん", "ヴァイオリン"),
        ("は゛", "バ"),  # a spacing voicing mark joins the kana before it
    ],
)
def test_kana_is_normalised_to_full_width_katakana(typed: str, kana: str) -> None:
    assert normalise_kana(typed) == kana
    assert is_katakana(kana)


@pytest.mark.parametrize("typed", ["山田", "Yamada", "ヤマダ1", "ヤマダ=タロウ", ""])
def test_kana_keeps_what_is_not_kana_for_the_check_to_refuse(typed: str) -> None:
    assert not is_katakana(normalise_kana(typed))


@given(st.text(alphabet=HIRAGANA, min_size=1))
def test_hiragana_always_become_katakana(typed: str) -> None:
    assert is_katakana(normalise_kana(typed))


@given(st.lists(st.text(alphabet=HIRAGANA, min_size=1), min_size=1, max_size=4), st.data())
def test_words_are_separated_by_one_full_width_space(words: list[str], data: st.DataObject) -> None:
    separators = [data.draw(st.text(alphabet=SPACES, min_size=1)) for _ in words[1:]]
    typed = words[0] + "".join(
        space + word for space, word in zip(separators, words[1:], strict=True)
    )
    kana = normalise_kana(typed)
    assert is_katakana(kana)
    assert kana.count("\u3000") == len(words) - 1


@given(st.text(alphabet=HALF_WIDTH_KATAKANA, min_size=1))
def test_half_width_katakana_read_as_full_width(typed: str) -> None:
    assert normalise_kana(typed) == normalise_kana(unicodedata.normalize("NFKC", typed))


@given(st.text())
def test_kana_normalisation_is_idempotent(typed: str) -> None:
    once = normalise_kana(typed)
    assert normalise_kana(once) == once


# Free text --------------------------------------------------------------------------------
def test_full_width_alphanumerics_become_ascii_and_half_width_kana_full_width() -> None:
    assert normalise_text("ＡＢＣ　１２３ ｶﾞｯｺｳ") == "ABC\u3000123 ガッコウ"


@pytest.mark.parametrize(
    "name",
    [
        "\ufa10",  # 塚, a CJK compatibility ideograph that NFKC (and NFC) would replace
        "髙橋",
        "葛\U000e0100飾",  # an ideographic variation sequence
        "渡邉",
    ],
)
def test_kanji_in_names_are_left_exactly_as_typed(name: str) -> None:
    assert normalise_text(name) == name


def test_controls_and_invisible_characters_are_removed_and_spaces_collapsed() -> None:
    assert normalise_text("\u200b山田\x00 \t 太郎\n") == "山田 太郎"
    assert is_blank(" \u3000\u200b\t")
    assert not is_blank("山")


def test_multiline_text_keeps_its_lines_and_paragraph_indent() -> None:
    typed = "\n\n\u3000私は接客が得意です。  \r\nよろしくお願いします。\r\n\r\n"
    assert normalise_multiline(typed) == "\u3000私は接客が得意です。\nよろしくお願いします。"


@given(st.text())
def test_text_normalisation_is_idempotent(typed: str) -> None:
    assert normalise_text(normalise_text(typed)) == normalise_text(typed)
    assert normalise_multiline(normalise_multiline(typed)) == normalise_multiline(typed)


# Postal codes -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [
        "102-0072",
        "1020072",
        "〒102-0072",
        "１０２－００７２",
        " 102 0072 ",
        "102ー0072",
        "1020-072",
    ],
)
def test_seven_digits_written_any_usual_way_become_nnn_nnnn(typed: str) -> None:
    assert normalise_postal_code(typed) == "102-0072"


@pytest.mark.parametrize("typed", ["102-007", "10200721", "abc-defg", "千代田"])
def test_what_is_not_seven_digits_is_kept_for_the_check_to_refuse(typed: str) -> None:
    assert not is_postal_code(normalise_postal_code(typed))


@given(st.text(alphabet="0123456789", min_size=7, max_size=7), st.sampled_from(["", "-", "－"]))
def test_any_seven_digits_normalise_to_nnn_nnnn(digits: str, dash: str) -> None:
    code = normalise_postal_code(digits[:3] + dash + digits[3:])
    assert code == f"{digits[:3]}-{digits[3:]}"
    assert is_postal_code(code)


@given(st.text())
def test_postal_code_normalisation_is_idempotent(typed: str) -> None:
    once = normalise_postal_code(typed)
    assert normalise_postal_code(once) == once


# Phone numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "phone", "kind"),
    [
        ("09012345678", "090-1234-5678", PhoneKind.mobile),
        ("080 1234 5678", "080-1234-5678", PhoneKind.mobile),
        ("070-1234-5678", "070-1234-5678", PhoneKind.mobile),
        ("０９０－１２３４－５６７８", "090-1234-5678", PhoneKind.mobile),
        ("+81 90-1234-5678", "090-1234-5678", PhoneKind.mobile),
        ("05012345678", "050-1234-5678", PhoneKind.ip),
        ("0312345678", "03-1234-5678", PhoneKind.landline),
        ("03(1234)5678", "03-1234-5678", PhoneKind.landline),
        ("+81 (0)6 1234 5678", "06-1234-5678", PhoneKind.landline),
        ("045-123-4567", "045-123-4567", PhoneKind.landline),
        ("0466-12-3456", "0466-12-3456", PhoneKind.landline),  # the typed area code is kept
        ("01267-2-3456", "01267-2-3456", PhoneKind.landline),
        ("0466123456", "0466123456", PhoneKind.landline),  # no way to know the area code
        ("04661-23-456", "0466123456", PhoneKind.landline),  # not the shape of one
        ("0120123456", "0120-123-456", PhoneKind.service),
        ("0570-123-456", "0570-123-456", PhoneKind.service),
        ("08001234567", "0800-123-4567", PhoneKind.service),
    ],
)
def test_japanese_numbers_are_written_as_in_japan(typed: str, phone: str, kind: PhoneKind) -> None:
    assert normalise_phone(typed) == phone
    assert phone_kind(phone) is kind


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "0312345",  # too short
        "031234567890",  # too long
        "0012345678",  # a carrier prefix
        "02012345678",  # not a number for people
        "0701234567",  # a mobile number has 11 digits
        "+1 212 555 0100",
        "03-1234-5678 内線12",
    ],
)
def test_what_is_not_a_japanese_number_is_kept_for_the_check_to_refuse(typed: str) -> None:
    assert phone_kind(normalise_phone(typed)) is None


@given(
    st.sampled_from(["070", "080", "090"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.lists(st.sampled_from(["", "-", " ", "－", "(", ")"]), min_size=2, max_size=2),
)
def test_a_mobile_number_reads_the_same_whatever_its_separators(
    prefix: str, rest: str, separators: list[str]
) -> None:
    rest = "1" + rest  # 080-0... would be 0800 free dial: mobile numbers go on 1-9
    typed = prefix + separators[0] + rest[:4] + separators[1] + rest[4:]
    assert normalise_phone(typed) == f"{prefix}-{rest[:4]}-{rest[4:]}"


@given(st.text())
def test_phone_normalisation_is_idempotent(typed: str) -> None:
    once = normalise_phone(typed)
    assert normalise_phone(once) == once
