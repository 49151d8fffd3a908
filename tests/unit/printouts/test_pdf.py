"""The PDF pieces: fonts, documents in memory, QR codes as vectors, text that fits."""

import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfbase import pdfmetrics

from mypage_api.printouts.pdf import (
    AUTHOR,
    GOTHIC,
    LEADING,
    MINCHO,
    draw_qr,
    draw_text_box,
    fit_text,
    register_japanese_fonts,
    render_pdf,
)
from mypage_api.printouts.qr import qr_matrix
from tests.unit.printouts.images import fonts_of, qr_from_page
from tests.unit.printouts.qr_reader import read_qr

NUMBER = "13010-00000001"


def hello(canvas: Any) -> None:
    canvas.setFont(GOTHIC, 12)
    canvas.drawString(72, 720, "こんにちは ABC 123")


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


# Fonts ----------------------------------------------------------------------------------
def test_the_japanese_fonts_register_once_from_many_threads() -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: register_japanese_fonts(), range(32)))
    register_japanese_fonts()
    assert {GOTHIC, MINCHO} <= set(pdfmetrics.getRegisteredFontNames())


def test_the_fonts_are_named_not_embedded() -> None:
    gothic = fonts_of(read(render_pdf([hello], title="t")).pages[0])[GOTHIC]
    assert gothic["/Encoding"] == "/UniJIS-UCS2-H"
    descriptor = gothic["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


# Documents ------------------------------------------------------------------------------
def test_a_document_has_one_page_per_drawer_of_the_asked_size() -> None:
    document = read(render_pdf([hello, hello, hello], title="t", page_size=A5))
    assert len(document.pages) == 3
    box = document.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A5)


def test_a_document_needs_a_page() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        render_pdf([], title="t")


def test_the_metadata_names_the_service_and_no_versions() -> None:
    document = read(render_pdf([hello], title="ハローワーク受付票", subject="受付票"))
    info = document.metadata
    assert info is not None
    assert info.title == "ハローワーク受付票"
    assert info.author == AUTHOR == "ハローワークインターネットサービス"
    assert info.subject == "受付票"
    assert info.creator == "mypage-api"
    for value in (info.creator, info.producer):
        assert value is not None
        assert not re.search(r"\d", value), value
    assert str(document.root_object["/Lang"]) == "ja-JP"


def test_the_document_date_is_the_given_day_in_tokyo_else_a_fixed_one() -> None:
    dated = read(render_pdf([hello], title="t", document_date=date(2026, 12, 3))).metadata
    undated = read(render_pdf([hello], title="t")).metadata
    assert dated is not None
    assert undated is not None
    assert dated.creation_date_raw == dated.modification_date_raw == "D:20261203000000+09'00'"
    assert undated.creation_date_raw == "D:20000101000000+00'00'"


def test_the_same_drawing_gives_the_same_bytes_from_any_thread() -> None:
    def render(_: int) -> bytes:
        return render_pdf([hello], title="t", document_date=date(2026, 12, 3))

    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = set(pool.map(render, range(8)))
    assert len(outputs) == 1
    assert outputs.pop().startswith(b"%PDF-")


def test_the_text_is_extractable_japanese_included() -> None:
    # pypdf maps the UniJIS-UCS2-H CID font back to Unicode, so Japanese is asserted as text.
    assert "こんにちは ABC 123" in read(render_pdf([hello], title="t")).pages[0].extract_text()


# QR codes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("x", "y", "size", "border"), [(100, 200, 116, 4), (50, 60, 50, 2)])
def test_a_qr_code_is_drawn_in_its_square_module_for_module(
    x: float, y: float, size: float, border: int
) -> None:
    matrix = qr_matrix(NUMBER)

    def draw(canvas: Any) -> None:
        draw_qr(canvas, matrix, x=x, y=y, size=size, border=border)

    square, modules = qr_from_page(read(render_pdf([draw], title="t")).pages[0], border=border)
    assert (square.x, square.y, square.width, square.height) == pytest.approx((x, y, size, size))
    assert modules == matrix
    assert read_qr(modules) == NUMBER


def test_a_qr_matrix_must_be_square() -> None:
    with pytest.raises(ValueError, match="square"):
        render_pdf([lambda c: draw_qr(c, ((True, False),), x=0, y=0, size=10)], title="t")


# Fitting text ---------------------------------------------------------------------------
def width_of(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, GOTHIC, size))


def test_text_that_fits_keeps_its_size_on_one_line() -> None:
    assert fit_text("山田 太郎", GOTHIC, size=16, width=200, height=20) == (16, ["山田 太郎"])


def test_text_too_wide_shrinks() -> None:
    text = "ハローワーク飯田橋" * 2  # 18 full-width characters: 198 points at 11
    size, lines = fit_text(text, GOTHIC, size=11, width=150, height=14)
    assert lines == [text]
    assert size == 8  # the largest half point at which 18 em fit in 150 points


def test_text_breaks_after_a_space_when_it_takes_two_lines() -> None:
    size, lines = fit_text(
        "アレクサンダー フォン フンボルト", GOTHIC, size=12, width=110, height=30
    )
    assert lines == ["アレクサンダー", "フォン フンボルト"]
    assert size == 12


def test_text_too_long_even_at_the_smallest_size_keeps_every_character() -> None:
    text = "あ" * 200
    size, lines = fit_text(text, GOTHIC, size=12, width=100, height=20, min_size=6)
    assert size == 6
    assert "".join(lines) == text


japanese_text = st.text(
    alphabet=st.sampled_from("あいうアイウ漢字ABCabc123 　・（）"), min_size=1, max_size=120
)


@settings(max_examples=50, deadline=None)
@given(japanese_text, st.floats(min_value=20, max_value=400))
def test_fitted_lines_hold_the_text_and_fit_the_box(text: str, width: float) -> None:
    height = 30
    size, lines = fit_text(text, GOTHIC, size=16, width=width, height=height, min_size=6)
    assert 6 <= size <= 16
    spaces = str.maketrans("", "", " \u3000")
    assert "".join(lines).translate(spaces) == text.translate(spaces)
    for line in lines:
        assert len(line) == 1 or width_of(line, size) <= width
    assert len(lines) * size * LEADING <= height + 0.01 or size == 6


def test_a_text_box_centres_its_lines_on_the_middle() -> None:
    positions: list[tuple[float, float, str]] = []

    class Recorder:  # the two canvas methods draw_text_box calls
        def setFont(self, name: str, size: float) -> None:
            self.size = size

        def drawString(self, x: float, y: float, text: str) -> None:
            positions.append((x, y, text))

    text = "アレクサンダー フォン フンボルト"
    draw_text_box(Recorder(), text, GOTHIC, x=10, middle=100, width=110, height=30, size=12)
    (x1, y1, first), (x2, y2, second) = positions
    assert (x1, x2) == (10, 10)
    assert (first, second) == ("アレクサンダー", "フォン フンボルト")
    assert y1 - y2 == pytest.approx(12 * LEADING)
    assert (y1 + y2) / 2 == pytest.approx(100 - 0.35 * 12)


def test_a4_is_the_default_page() -> None:
    box = read(render_pdf([hello], title="t")).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4)
