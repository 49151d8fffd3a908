"""The QR code of the seeker number: the PNG, the SVG and the matrix carry the number."""

import io

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from mypage_api.printouts.qr import QUIET_ZONE, qr_matrix, qr_png, qr_svg, qr_symbol
from tests.unit.printouts.images import decode_png, modules_from_png, read_svg, without_border
from tests.unit.printouts.qr_reader import read_qr, read_qr_details

NUMBER = "13010-00000001"
OTHER = "13010-00000002"

seeker_numbers = st.from_regex(r"[0-9]{5}-[0-9]{8}", fullmatch=True)


def segno_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The encoder's own modules, asked for directly."""
    symbol = segno.make(text, error="m", micro=False)
    return tuple(tuple(bool(module) for module in row) for row in symbol.matrix)


# The symbol -----------------------------------------------------------------------------
def test_a_seeker_number_is_a_full_qr_code_of_version_1_at_level_q() -> None:
    symbol = qr_symbol(NUMBER)
    assert (symbol.version, symbol.error, symbol.mode) == (1, "Q", "alphanumeric")
    assert not symbol.is_micro


def test_the_matrix_is_the_encoders_symbol_and_reads_as_the_number() -> None:
    matrix = qr_matrix(NUMBER)
    assert matrix == segno_matrix(NUMBER)
    assert len(matrix) == 21
    assert read_qr_details(matrix) == (NUMBER, "Q", qr_symbol(NUMBER).mask)


def test_another_number_gives_another_matrix() -> None:
    assert qr_matrix(OTHER) != qr_matrix(NUMBER)
    assert read_qr(qr_matrix(OTHER)) == OTHER


def test_empty_text_is_refused() -> None:
    with pytest.raises(ValueError, match="some text"):
        qr_matrix("")


# PNG ------------------------------------------------------------------------------------
def test_the_png_encodes_the_seeker_number() -> None:
    modules = modules_from_png(qr_png(NUMBER), scale=8, border=QUIET_ZONE)
    assert modules == segno_matrix(NUMBER)
    assert modules != segno_matrix(OTHER)
    assert read_qr(modules) == NUMBER


@pytest.mark.parametrize(("scale", "border"), [(1, 0), (3, 2), (8, 4), (10, 4)])
def test_the_png_has_the_asked_scale_and_quiet_zone(scale: int, border: int) -> None:
    png = qr_png(NUMBER, scale=scale, border=border)
    image = decode_png(png)
    assert (image.width, image.height) == ((21 + 2 * border) * scale,) * 2
    assert modules_from_png(png, scale=scale, border=border) == qr_matrix(NUMBER)


@pytest.mark.parametrize(("scale", "border"), [(0, 4), (-1, 4), (8, -1)])
def test_impossible_sizes_are_refused(scale: int, border: int) -> None:
    with pytest.raises(ValueError, match=r"scale|border"):
        qr_png(NUMBER, scale=scale, border=border)
    with pytest.raises(ValueError, match=r"scale|border"):
        qr_svg(NUMBER, scale=scale, border=border)


# SVG ------------------------------------------------------------------------------------
def test_the_svg_draws_the_modules_of_the_seeker_number_on_white() -> None:
    svg = read_svg(qr_svg(NUMBER))
    assert (svg.width, svg.height, svg.view_box) == ("232", "232", "0 0 232 232")
    assert svg.background == "#fff"
    modules = without_border(svg.modules, QUIET_ZONE)
    assert modules == segno_matrix(NUMBER)
    assert modules != segno_matrix(OTHER)
    assert read_qr(modules) == NUMBER


def test_the_svg_follows_scale_and_quiet_zone() -> None:
    svg = read_svg(qr_svg(NUMBER, scale=3, border=2))
    assert (svg.width, svg.height, svg.view_box) == ("75", "75", "0 0 75 75")
    assert without_border(svg.modules, 2) == qr_matrix(NUMBER)


def test_the_svg_is_segnos_own_with_a_view_box_added() -> None:
    out = io.BytesIO()
    segno.make(NUMBER, error="m", micro=False).save(
        out, kind="svg", scale=8, border=4, dark="#000", light="#fff"
    )
    assert qr_svg(NUMBER).replace(b'viewBox="0 0 232 232" ', b"") == out.getvalue()


# Determinism ----------------------------------------------------------------------------
def test_the_same_number_gives_the_same_bytes() -> None:
    assert qr_png(NUMBER) == qr_png(NUMBER)
    assert qr_svg(NUMBER) == qr_svg(NUMBER)
    assert qr_png(NUMBER) != qr_png(OTHER)


@settings(max_examples=20, deadline=None)
@given(seeker_numbers)
def test_any_seeker_number_round_trips_through_png_and_svg(number: str) -> None:
    assert modules_from_png(qr_png(number), scale=8, border=4) == segno_matrix(number)
    assert without_border(read_svg(qr_svg(number)).modules, 4) == segno_matrix(number)
    assert read_qr(qr_matrix(number)) == number
