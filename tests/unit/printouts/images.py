"""Read back what the renderers wrote, with the standard library only: PNG pixels, the
modules of segno's SVG path, and the filled rectangles of a PDF page."""

import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from pypdf import PageObject

SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

Grid = tuple[tuple[bool, ...], ...]


@dataclass(frozen=True)
class Png:
    width: int
    height: int
    dark: Grid
    """Rows of pixels; True where the pixel is darker than mid grey."""


def decode_png(data: bytes) -> Png:
    """Decode a non-interlaced greyscale PNG (bit depth 1, 2, 4, 8 or 16)."""
    assert data.startswith(SIGNATURE), "not a PNG"
    position, chunks = len(SIGNATURE), []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        position += 12 + length
    assert chunks[0][0] == b"IHDR"
    assert chunks[-1][0] == b"IEND"
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (colour, compression, filtering, interlace) == (0, 0, 0, 0), "greyscale only"
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = (width * depth + 7) // 8
    unit = max(1, depth // 8)  # bytes per pixel, as the filters count them
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], previous, unit)
        rows.append(row)
        previous = row
    assert len(raw) == height * (stride + 1), "extra image data"
    half = (1 << depth) // 2
    return Png(width, height, tuple(_samples(row, width, depth, half) for row in rows))


def _unfilter(kind: int, row: bytes, above: bytes, unit: int) -> bytes:
    out = bytearray(len(row))
    for i, value in enumerate(row):
        left = out[i - unit] if i >= unit else 0
        up = above[i]
        upper_left = above[i - unit] if i >= unit else 0
        if kind == 0:
            predictor = 0
        elif kind == 1:
            predictor = left
        elif kind == 2:
            predictor = up
        elif kind == 3:
            predictor = (left + up) // 2
        elif kind == 4:
            estimate = left + up - upper_left
            distances = (abs(estimate - left), abs(estimate - up), abs(estimate - upper_left))
            predictor = (left, up, upper_left)[distances.index(min(distances))]
        else:
            raise AssertionError(f"unknown PNG filter {kind}")
        out[i] = (value + predictor) & 0xFF
    return bytes(out)


def _samples(row: bytes, width: int, depth: int, half: int) -> tuple[bool, ...]:
    if depth == 16:
        values = [row[2 * x] << 8 | row[2 * x + 1] for x in range(width)]
    else:
        per_byte = 8 // depth
        values = [
            (row[x // per_byte] >> (8 - depth * (x % per_byte + 1))) & ((1 << depth) - 1)
            for x in range(width)
        ]
    return tuple(value < half for value in values)


def modules_from_png(data: bytes, *, scale: int, border: int) -> Grid:
    """Sample the centre pixel of each module; fail unless every pixel of the image,
    quiet zone included, agrees with the module it belongs to."""
    image = decode_png(data)
    assert image.width == image.height
    assert image.width % scale == 0
    size = image.width // scale - 2 * border
    modules = tuple(
        tuple(
            image.dark[(border + row) * scale + scale // 2][(border + col) * scale + scale // 2]
            for col in range(size)
        )
        for row in range(size)
    )
    for y, pixels in enumerate(image.dark):
        for x, dark in enumerate(pixels):
            row, col = y // scale - border, x // scale - border
            inside = 0 <= row < size and 0 <= col < size
            assert dark == (inside and modules[row][col]), f"pixel ({x}, {y}) off its module"
    return modules


@dataclass(frozen=True)
class Svg:
    width: str
    height: str
    view_box: str | None
    modules: Grid
    background: str | None
    """The fill of the path that covers the whole image, if there is one."""


def read_svg(data: bytes) -> Svg:
    """The dark modules of an SVG that segno wrote: one stroked path of horizontal runs
    (``M``/``m`` moves, ``h`` lines) of stroke width 1, each on a module row's centre line,
    scaled by the group or path ``transform``."""
    root = ElementTree.fromstring(data)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    scale = None
    background = None
    runs: list[tuple[float, float, float]] = []  # y, x from, x to, in modules
    for element in root.iter():
        transform = element.get("transform")
        if transform is not None:
            match = re.fullmatch(r"scale\((\d+(?:\.\d+)?)\)", transform)
            assert match, transform
            scale = float(match.group(1))
        if element.tag != f"{SVG}path":
            continue
        if element.get("fill") is not None:
            background = element.get("fill")
            assert element.get("d") == "M0 0h{0}v{0}h-{0}z".format(
                int(float(root.get("width", "0")) / (scale or 1))
            )
            continue
        assert element.get("stroke") == "#000"
        x = y = 0.0
        for command, numbers in re.findall(r"([MmHhVvLlZz])([^MmHhVvLlZz]*)", element.get("d", "")):
            values = [float(number) for number in numbers.split()]
            if command in "Mm" and len(values) == 2:
                x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
            elif command == "h" and len(values) == 1:
                runs.append((y, x, x + values[0]))
                x += values[0]
            else:
                raise AssertionError(f"unexpected path command {command}{numbers}")
    side = float(root.get("width", "0")) / (scale or 1)
    dark = [[False] * int(side) for _ in range(int(side))]
    for y, start, end in runs:
        assert y - int(y) == 0.5, "a run off a module row's centre line"
        for col in range(int(start), int(end)):
            dark[int(y)][col] = True
    return Svg(
        width=root.get("width", ""),
        height=root.get("height", ""),
        view_box=root.get("viewBox"),
        modules=tuple(tuple(row) for row in dark),
        background=background,
    )


def without_border(grid: Grid, border: int) -> Grid:
    """The grid inside a quiet zone, failing unless the quiet zone is all light."""
    size = len(grid) - 2 * border
    for row_index, row in enumerate(grid):
        for col_index, dark in enumerate(row):
            inside = border <= row_index < border + size and border <= col_index < border + size
            assert inside or not dark, "a dark module in the quiet zone"
    return tuple(tuple(row[border : border + size]) for row in grid[border : border + size])


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: tuple[float, float, float]

    def contains(self, x: float, y: float) -> bool:
        """Whether (x, y) lies in the rectangle, give or take the PDF's rounding."""
        slack = 0.01
        return (
            self.x - slack <= x <= self.x + self.width + slack
            and self.y - slack <= y <= self.y + self.height + slack
        )


def filled_rects(page: PageObject) -> list[Rect]:
    """Every ``re`` of the page that is filled, with the fill colour (RGB or grey) in force.

    Enough for reportlab's output, which draws without changing the transformation matrix
    around rectangles."""
    fill = (0.0, 0.0, 0.0)
    saved: list[tuple[float, float, float]] = []
    pending: list[tuple[float, float, float, float]] = []
    rects: list[Rect] = []
    contents = page.get_contents()
    assert contents is not None
    for operands, operator in contents.operations:
        op = operator.decode()
        if op == "q":
            saved.append(fill)
        elif op == "Q":
            fill = saved.pop()
        elif op == "rg":
            fill = (float(operands[0]), float(operands[1]), float(operands[2]))
        elif op == "g":
            fill = (float(operands[0]),) * 3
        elif op == "cm":
            assert [float(o) for o in operands[:4]] == [1, 0, 0, 1], "rotated or scaled"
            assert [float(o) for o in operands[4:]] == [0, 0], "moved origin"
        elif op == "re":
            x, y, w, h = (float(o) for o in operands)
            pending.append((x, y, w, h))
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
            rects += [Rect(*r, fill=fill) for r in pending]
            pending = []
        elif op in ("S", "s", "n"):
            pending = []
    return rects


def fonts_of(page: PageObject) -> dict[str, Any]:
    """The page's font dictionaries by base font name (``HeiseiKakuGo-W5``)."""
    resources: Any = page["/Resources"].get_object()
    fonts = [font.get_object() for font in resources["/Font"].values()]
    return {str(font["/BaseFont"]).removeprefix("/"): font for font in fonts}


def qr_from_page(page: PageObject, *, border: int = 4) -> tuple[Rect, Grid]:
    """The QR code drawn on a page by ``draw_qr``: its white square and its modules."""
    white = [r for r in filled_rects(page) if r.fill == (1, 1, 1) and r.width == r.height]
    assert len(white) == 1, "one white square behind one QR code"
    square = white[0]
    dark = [
        r
        for r in filled_rects(page)
        if r.fill == (0, 0, 0)
        and square.contains(r.x, r.y)
        and square.contains(r.x + r.width, r.y + r.height)
    ]
    module = min(r.height for r in dark)
    count = round(square.width / module)
    assert abs(count * module - square.width) < 0.01
    size = count - 2 * border
    grid = tuple(
        tuple(
            any(
                r.contains(
                    square.x + (border + col + 0.5) * module,
                    square.y + square.height - (border + row + 0.5) * module,
                )
                for r in dark
            )
            for col in range(size)
        )
        for row in range(size)
    )
    return square, grid
