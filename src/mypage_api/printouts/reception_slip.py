"""The Hello Work reception slip (ハローワーク受付票) of a Hello Work user, as a PDF.

One A4 portrait page. The slip fills the top half, framed, with a dashed cut line at the
middle of the page: printed at home on the usual A4 paper, it can be shown whole or cut
to A5 and carried. The seeker number is set large in a Latin font beside its QR code.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ConfigDict, with_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from mypage_api.printouts.pdf import (
    GOTHIC,
    LATIN_BOLD,
    LINE_MIDDLE,
    draw_qr,
    draw_text_box,
    render_pdf,
)
from mypage_api.printouts.qr import qr_matrix
from mypage_api.printouts.text import japanese_date

TITLE = "ハローワーク受付票"
NOTE = "ハローワークにお越しの際は、この受付票または2次元バーコードをご提示ください。"

_SEEKER_NUMBER = re.compile(r"[0-9]{5}-[0-9]{8}")


@with_config(
    ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_number": "13010-00012345",
                    "name": "山田 太郎",
                    "name_kana": "ヤマダ　タロウ",
                    "office_name": "ハローワーク飯田橋",
                    "office_code": "13010",
                    "office_phone": "03-3812-8609",
                    "registered_on": "2026-11-05",
                    "valid_until": "2027-01-31",
                    "issued_on": "2026-11-20",
                }
            ]
        }
    )
)
@dataclass(frozen=True)
class ReceptionSlip:
    """The Hello Work reception slip (ハローワーク受付票) of a Hello Work user (利用登録者)."""

    seeker_number: str
    name: str
    name_kana: str
    office_name: str
    office_code: str
    office_phone: str | None
    registered_on: date
    valid_until: date
    issued_on: date
    """The JST day the slip was printed."""

    def __post_init__(self) -> None:
        if not _SEEKER_NUMBER.fullmatch(self.seeker_number):
            raise ValueError("a seeker number is 5 digits, a hyphen and 8 digits")


def render_reception_slip_pdf(slip: ReceptionSlip) -> bytes:
    """The slip as a one-page PDF; the same slip always gives the same bytes."""
    return render_pdf(
        [lambda canvas: _draw(canvas, slip)],
        title=TITLE,
        document_date=slip.issued_on,
    )


# Layout, in points from the lower left corner of the page.
_PAGE_WIDTH, _PAGE_HEIGHT = A4
_CUT_LINE = _PAGE_HEIGHT / 2
_LEFT = 15 * mm
_RIGHT = _PAGE_WIDTH - 15 * mm
_FRAME_TOP = _PAGE_HEIGHT - 30 * mm
_FRAME_BOTTOM = _CUT_LINE + 15 * mm
_INNER_LEFT = _LEFT + 7 * mm
_INNER_RIGHT = _RIGHT - 5 * mm
_QR_SIZE = 40 * mm  # 29 modules of about 1.4 mm, the quiet zone included
_QR_BOTTOM = _FRAME_TOP - 4 * mm - _QR_SIZE
_LABEL_SIZE = 9
_VALUE_LEFT = _INNER_LEFT + 32 * mm
_ROW = 8 * mm


def _draw(canvas: Any, slip: ReceptionSlip) -> None:
    canvas.setFont(GOTHIC, 20)
    canvas.drawCentredString(_PAGE_WIDTH / 2, _PAGE_HEIGHT - 20 * mm, TITLE)
    canvas.setFont(GOTHIC, _LABEL_SIZE)
    canvas.drawRightString(
        _RIGHT, _FRAME_TOP + 2.5 * mm, f"発行日　{japanese_date(slip.issued_on)}"
    )
    canvas.setLineWidth(0.8)
    canvas.rect(_LEFT, _FRAME_BOTTOM, _RIGHT - _LEFT, _FRAME_TOP - _FRAME_BOTTOM)

    # The seeker number, large, with its QR code at the right.
    qr_left = _INNER_RIGHT - _QR_SIZE
    draw_qr(canvas, qr_matrix(slip.seeker_number), x=qr_left, y=_QR_BOTTOM, size=_QR_SIZE)
    _label(canvas, "求職番号", _FRAME_TOP - 11 * mm)
    draw_text_box(
        canvas,
        slip.seeker_number,
        LATIN_BOLD,
        x=_INNER_LEFT,
        middle=_FRAME_TOP - 23 * mm,
        width=qr_left - _INNER_LEFT - 4 * mm,
        height=14 * mm,
        size=30,
    )

    # Below the code, the rows: the name with its reading above it, as forms set them.
    rows: list[tuple[str, str | None, float, float]] = [
        ("フリガナ", slip.name_kana, 10, _ROW),
        ("氏名", slip.name, 16, 10 * mm),
        ("登録ハローワーク", f"{slip.office_name}（{slip.office_code}）", 11, _ROW),
        ("電話番号", slip.office_phone, 11, _ROW),
        ("求職申込日", japanese_date(slip.registered_on), 11, _ROW),
        ("有効期間", f"{japanese_date(slip.valid_until)}まで", 11, _ROW),
    ]
    top = _QR_BOTTOM - 3 * mm
    for label, value, size, height in rows:
        if value is None:
            continue
        middle = top - height / 2
        _label(canvas, label, middle)
        draw_text_box(
            canvas,
            value,
            GOTHIC,
            x=_VALUE_LEFT,
            middle=middle,
            width=_INNER_RIGHT - _VALUE_LEFT,
            height=height,
            size=size,
        )
        top -= height

    # Below the frame, what the slip is for; then where to cut it to A5.
    draw_text_box(
        canvas,
        NOTE,
        GOTHIC,
        x=_LEFT,
        middle=_FRAME_BOTTOM - 6 * mm,
        width=_RIGHT - _LEFT,
        height=5 * mm,
        size=9.5,
    )
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.5)
    canvas.setDash(4, 3)
    canvas.line(0, _CUT_LINE, _PAGE_WIDTH, _CUT_LINE)
    canvas.restoreState()


def _label(canvas: Any, text: str, middle: float) -> None:
    """A row's label, on the baseline of a value box centred on ``middle``."""
    canvas.setFont(GOTHIC, _LABEL_SIZE)
    canvas.drawString(_INNER_LEFT, middle - LINE_MIDDLE * _LABEL_SIZE, text)
