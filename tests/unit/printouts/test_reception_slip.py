"""The reception slip (ハローワーク受付票): one A4 page with the number, its QR code, the
name, the office and the dates."""

import dataclasses
import io
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PageObject, PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from mypage_api.printouts.qr import qr_matrix, qr_png
from mypage_api.printouts.reception_slip import ReceptionSlip, render_reception_slip_pdf
from tests.unit.printouts.images import fonts_of, modules_from_png, qr_from_page
from tests.unit.printouts.qr_reader import read_qr

NUMBER = "13010-00000001"


def make_slip(**changes: Any) -> ReceptionSlip:
    slip = ReceptionSlip(
        seeker_number=NUMBER,
        name="山田 太郎",
        name_kana="ヤマダ　タロウ",
        office_name="ハローワーク飯田橋",
        office_code="13010",
        office_phone="03-3812-8609",
        registered_on=date(2026, 11, 25),
        valid_until=date(2027, 1, 31),
        issued_on=date(2026, 12, 3),
    )
    return dataclasses.replace(slip, **changes)


def page_of(slip: ReceptionSlip) -> PageObject:
    document = PdfReader(io.BytesIO(render_reception_slip_pdf(slip)))
    assert len(document.pages) == 1
    return document.pages[0]


def test_the_slip_is_one_a4_page() -> None:
    data = render_reception_slip_pdf(make_slip())
    assert data.startswith(b"%PDF-")
    box = page_of(make_slip()).mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4)


def test_the_slip_shows_the_number_name_office_and_dates() -> None:
    # pypdf maps the CID font (UniJIS-UCS2-H) back to Unicode, so the Japanese is checked
    # as text, not only the ASCII parts.
    text = page_of(make_slip()).extract_text()
    for expected in [
        "ハローワーク受付票",
        "求職番号",
        NUMBER,
        "フリガナ",
        "ヤマダ　タロウ",
        "氏名",
        "山田 太郎",
        "ハローワーク飯田橋（13010）",
        "03-3812-8609",
        "求職申込日",
        "2026年11月25日",
        "有効期間",
        "2027年1月31日まで",
        "発行日　2026年12月3日",
        "ハローワークにお越しの際は、この受付票または2次元バーコードをご提示ください。",
    ]:
        assert expected in text


def test_without_an_office_phone_the_row_is_left_out() -> None:
    text = page_of(make_slip(office_phone=None)).extract_text()
    assert "電話番号" not in text
    assert "有効期間" in text


def test_the_qr_code_on_the_slip_is_the_seeker_number() -> None:
    square, modules = qr_from_page(page_of(make_slip()))
    assert modules == qr_matrix(NUMBER)
    assert read_qr(modules) == NUMBER
    assert square.width == pytest.approx(40 * mm)
    assert square.y > A4[1] / 2  # on the top half, above the cut line


def test_the_text_uses_the_builtin_gothic_and_helvetica_for_the_number() -> None:
    assert set(fonts_of(page_of(make_slip()))) == {"HeiseiKakuGo-W5", "Helvetica-Bold"}


def test_the_metadata_carries_the_title_and_the_issue_day() -> None:
    info = PdfReader(io.BytesIO(render_reception_slip_pdf(make_slip()))).metadata
    assert info is not None
    assert info.title == "ハローワーク受付票"
    assert info.author == "ハローワークインターネットサービス"
    assert info.creation_date_raw == "D:20261203000000+09'00'"


def test_rendering_twice_gives_the_same_bytes() -> None:
    assert render_reception_slip_pdf(make_slip()) == render_reception_slip_pdf(make_slip())
    assert render_reception_slip_pdf(make_slip()) != render_reception_slip_pdf(
        make_slip(seeker_number="13010-00000002")
    )


def test_a_long_name_wraps_and_loses_nothing() -> None:
    name = ("ウォルフェシュレーゲルシュタインハウゼンベルガードルフ アレクサンダー・フォン" * 3)[
        :100
    ]
    text = page_of(make_slip(name=name)).extract_text()
    assert name.replace(" ", "") in text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(
    "number",
    ["1301-00000001", "13010-0000001", "13010_00000001", "１３０１０-00000001", f"{NUMBER}\n", ""],
)
def test_a_malformed_seeker_number_is_refused(number: str) -> None:
    with pytest.raises(ValueError, match="seeker number"):
        make_slip(seeker_number=number)


@settings(max_examples=20, deadline=None)
@given(st.from_regex(r"[0-9]{5}-[0-9]{8}", fullmatch=True))
def test_any_seeker_number_renders_and_its_codes_read_back(number: str) -> None:
    page = page_of(make_slip(seeker_number=number))
    assert number in page.extract_text()
    _, modules = qr_from_page(page)
    assert read_qr(modules) == number
    assert modules_from_png(qr_png(number), scale=8, border=4) == qr_matrix(number)
