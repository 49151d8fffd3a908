"""Reusable PDF pieces over reportlab: Japanese fonts, QR codes as vectors, documents in memory.

Fonts are reportlab's built-in CID fonts: the PDF names the font and the viewer supplies
the glyphs, so no font file is needed on the server and none is embedded. Documents are
rendered with ``invariant=1``, so the same drawing gives the same bytes.
"""

import io
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from mypage_api.printouts.qr import QUIET_ZONE, QrMatrix

GOTHIC = "HeiseiKakuGo-W5"
"""Japanese sans-serif (角ゴシック), for headings, labels and text."""
MINCHO = "HeiseiMin-W3"
"""Japanese serif (明朝), for letters' running text."""
LATIN_BOLD = "Helvetica-Bold"
"""One of PDF's standard fonts, for numbers set large (seeker and job numbers)."""

AUTHOR = "ハローワークインターネットサービス"
CREATOR = "mypage-api"

PageDrawer = Callable[[Any], None]
"""Draws one page on a reportlab ``Canvas`` (origin bottom left, units of 1/72 inch)."""

_fonts_lock = threading.Lock()
_fonts_registered = False


def register_japanese_fonts() -> None:
    """Register the CID fonts with reportlab once per process; safe from any thread."""
    global _fonts_registered
    if _fonts_registered:
        return
    with _fonts_lock:
        if not _fonts_registered:
            for name in (GOTHIC, MINCHO):
                pdfmetrics.registerFont(UnicodeCIDFont(name))
            _fonts_registered = True


def render_pdf(
    pages: Sequence[PageDrawer],
    *,
    title: str,
    page_size: tuple[float, float] = A4,
    document_date: date | None = None,
    subject: str = "",
) -> bytes:
    """A PDF document, in memory, with one page per drawer.

    ``document_date`` (a JST day) becomes the creation and modification date in the
    metadata; without it reportlab's invariant date (2000-01-01) is written, never the
    time of rendering, so the bytes depend on the input only.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    register_japanese_fonts()
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=page_size,
        invariant=1,
        pageCompression=1,
        lang="ja-JP",
        initialFontName=GOTHIC,
    )
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setCreator(CREATOR)
    canvas.setSubject(subject)
    if document_date is not None:
        stamp = f"D:{document_date:%Y%m%d}000000+09'00'"
        canvas.setDateFormatter(lambda *_: stamp)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def draw_qr(
    canvas: Any,
    matrix: QrMatrix,
    *,
    x: float,
    y: float,
    size: float,
    border: int = QUIET_ZONE,
) -> None:
    """Draw a QR code as filled vector squares in the square of side ``size`` whose lower
    left corner is (``x``, ``y``); ``border`` modules of it are the light quiet zone.

    The square is painted white first, so the code reads on any background. Dark runs of
    a row are drawn as one rectangle, so viewers show no seams between modules.
    """
    if not matrix or any(len(row) != len(matrix) for row in matrix):
        raise ValueError("a QR matrix is square")
    if border < 0:
        raise ValueError("border must not be negative")
    module = size / (len(matrix) + 2 * border)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        bottom = y + size - (border + row_index + 1) * module
        for start, length in _dark_runs(row):
            path.rect(x + (border + start) * module, bottom, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


LEADING = 1.2
"""Line distance as a multiple of the font size."""
LINE_MIDDLE = 0.35
"""From the baseline to the middle of a line of Japanese text, as a share of the size."""
_SPACES = " \u3000"


def fit_text(
    text: str, font_name: str, *, size: float, width: float, height: float, min_size: float = 6
) -> tuple[float, list[str]]:
    """The largest font size, from ``size`` down to ``min_size`` in half points, at which
    ``text`` wrapped to ``width`` fits in ``height``, and its lines.

    Lines break after the last space that fits, else between any two characters (as
    Japanese text does). Text too long even at ``min_size`` comes back at ``min_size`` and
    overflows the height rather than losing characters.
    """
    register_japanese_fonts()
    current = size
    while True:
        lines = _wrap(text, font_name, current, width)
        if len(lines) * current * LEADING <= height + 0.01 or current - 0.5 < min_size:
            return current, lines
        current -= 0.5


def draw_text_box(
    canvas: Any,
    text: str,
    font_name: str,
    *,
    x: float,
    middle: float,
    width: float,
    height: float,
    size: float,
    min_size: float = 6,
) -> None:
    """Draw ``text`` left-aligned from ``x``, at the largest size up to ``size`` at which it
    fits in ``width`` × ``height``, its lines centred on the line ``y = middle``.

    One line at ``size`` sits on the baseline ``middle - LINE_MIDDLE × size``, so a label
    drawn on that baseline beside the box lines up with it.
    """
    fitted, lines = fit_text(
        text, font_name, size=size, width=width, height=height, min_size=min_size
    )
    canvas.setFont(font_name, fitted)
    first = middle + (len(lines) - 1) * fitted * LEADING / 2 - LINE_MIDDLE * fitted
    for index, line in enumerate(lines):
        canvas.drawString(x, first - index * fitted * LEADING, line)


def _wrap(text: str, font_name: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    rest = text.strip(_SPACES)
    while rest:
        cut = _fitting_prefix(rest, font_name, size, width)
        if cut < len(rest):
            space = max(rest.rfind(space, 1, cut + 1) for space in _SPACES)
            if space > 0:
                cut = space
        lines.append(rest[:cut].rstrip(_SPACES))
        rest = rest[cut:].lstrip(_SPACES)
    return lines or [""]


def _fitting_prefix(text: str, font_name: str, size: float, width: float) -> int:
    """How many leading characters of ``text`` fit in ``width``; at least one."""
    total = 0.0
    for index, char in enumerate(text):
        total += pdfmetrics.stringWidth(char, font_name, size)
        if total > width:
            return max(1, index)
    return len(text)


def _dark_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, dark in enumerate((*row, False)):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
