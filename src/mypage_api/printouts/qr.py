"""The QR code (2次元バーコード) of a seeker number, as PNG, SVG or a module matrix.

Every output comes from the same symbol (:func:`qr_symbol`): a full QR code, never Micro
QR (counter scanners and phone apps do not all read Micro QR), error correction at least
level M. segno raises the level as far as it goes without a larger symbol, so a seeker
number (14 alphanumeric characters) is version 1 (21×21 modules) at level Q. segno picks
the mask by the standard's penalty rules, so the same text always gives the same symbol.
Images are black on white, the quiet zone included, so they read on a dark screen too.
"""

import io

import segno

QrMatrix = tuple[tuple[bool, ...], ...]
"""Rows top to bottom, modules left to right; ``True`` is a dark module. No quiet zone."""

DEFAULT_SCALE = 8
"""Pixels (PNG) or user units (SVG) per module."""
QUIET_ZONE = 4
"""Light modules on each side of the symbol, as ISO/IEC 18004 asks for QR codes."""

_DARK = "#000"
_LIGHT = "#fff"


def qr_symbol(text: str) -> segno.QRCode:
    if not text:
        raise ValueError("a QR code needs some text")
    return segno.make(text, error="m", boost_error=True, micro=False)


def qr_matrix(text: str) -> QrMatrix:
    """The symbol's modules, without the quiet zone."""
    return tuple(tuple(bool(module) for module in row) for row in qr_symbol(text).matrix)


def qr_png(text: str, *, scale: int = DEFAULT_SCALE, border: int = QUIET_ZONE) -> bytes:
    """A PNG (1-bit greyscale) of ``scale`` pixels per module and ``border`` light modules
    on each side."""
    _check_size(scale, border)
    out = io.BytesIO()
    qr_symbol(text).save(out, kind="png", scale=scale, border=border, dark=_DARK, light=_LIGHT)
    return out.getvalue()


def qr_svg(text: str, *, scale: int = DEFAULT_SCALE, border: int = QUIET_ZONE) -> bytes:
    """An SVG document (UTF-8) of ``scale`` user units per module and ``border`` light
    modules on each side.

    It carries both its size (``width``/``height``) and a ``viewBox``, so a client can
    show it at any size with CSS.
    """
    _check_size(scale, border)
    symbol = qr_symbol(text)
    out = io.BytesIO()
    symbol.save(out, kind="svg", scale=scale, border=border, dark=_DARK, light=_LIGHT)
    svg = out.getvalue()
    width, height = symbol.symbol_size(scale=scale, border=border)
    opening = b'<svg xmlns="http://www.w3.org/2000/svg" '
    if svg.count(opening) != 1 or b"viewBox" in svg:
        raise RuntimeError("segno wrote an SVG opening tag this module does not know")
    view_box = f'viewBox="0 0 {int(width)} {int(height)}" '.encode()
    return svg.replace(opening, opening + view_box)


def _check_size(scale: int, border: int) -> None:
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if border < 0:
        raise ValueError("border must not be negative")
