"""The referral letter (紹介状（本人控え）), or with the result (紹介状・選考結果通知), as a PDF."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from mypage_api.printouts.pdf import GOTHIC, LINE_MIDDLE, draw_text_box, render_pdf
from mypage_api.printouts.text import japanese_date

TITLES = {False: "紹介状（本人控え）", True: "紹介状・選考結果通知"}
RESULTS = {"hired": "採用", "rejected": "不採用", "withdrawn_by_employer": "求人者による取消"}


@dataclass(frozen=True)
class LetterText:
    seeker_number: str
    seeker_name: str
    job_number: str
    title: str
    occupation: str
    employer_name: str
    office_name: str
    office_code: str
    referred_on: date
    result: str | None
    result_registered_on: date | None


_WIDTH, _HEIGHT = A4
_LEFT, _RIGHT = 20 * mm, _WIDTH - 20 * mm
_VALUE_LEFT = _LEFT + 40 * mm
_ROW = 10 * mm


def _draw(canvas: Any, letter: LetterText) -> None:
    canvas.setFont(GOTHIC, 20)
    canvas.drawCentredString(_WIDTH / 2, _HEIGHT - 25 * mm, TITLES[letter.result is not None])
    rows = [
        ("紹介日", japanese_date(letter.referred_on)),
        ("求職番号", letter.seeker_number),
        ("氏名", letter.seeker_name),
        ("求人番号", letter.job_number),
        ("求人", letter.title),
        ("職種", letter.occupation),
        ("事業所名", letter.employer_name),
        ("紹介したハローワーク", f"{letter.office_name}（{letter.office_code}）"),
    ]
    if letter.result is not None and letter.result_registered_on is not None:
        rows.append(("選考結果", RESULTS.get(letter.result, letter.result)))
        rows.append(("結果登録日", japanese_date(letter.result_registered_on)))
    top = _HEIGHT - 40 * mm
    for label, value in rows:
        middle = top - _ROW / 2
        canvas.setFont(GOTHIC, 10)
        canvas.drawString(_LEFT, middle - LINE_MIDDLE * 10, label)
        draw_text_box(
            canvas,
            value,
            GOTHIC,
            x=_VALUE_LEFT,
            middle=middle,
            width=_RIGHT - _VALUE_LEFT,
            height=_ROW,
            size=12,
        )
        top -= _ROW


def render_referral_letter_pdf(letter: LetterText, *, issued_on: date) -> bytes:
    return render_pdf(
        [lambda canvas: _draw(canvas, letter)],
        title=TITLES[letter.result is not None],
        document_date=issued_on,
    )
