"""A small reader for version 1 QR codes (21×21), written from ISO/IEC 18004, so tests can
check what a symbol says without trusting the encoder that drew it.

It reads the format information (both copies), removes the mask, takes the codewords in
the standard's zigzag order, checks the Reed-Solomon codewords, and decodes numeric,
alphanumeric and byte segments. It corrects no errors: the symbols under test are drawn,
not photographed.
"""

from collections.abc import Sequence

SIZE = 21
FORMAT_MASK = 0b101010000010010
LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}
DATA_CODEWORDS = {"L": 19, "M": 16, "Q": 13, "H": 9}  # of 26, one block in version 1
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

Matrix = Sequence[Sequence[bool]]


class UnreadableSymbol(ValueError):
    pass


def read_qr(matrix: Matrix) -> str:
    """The text of a version 1 QR code given as rows of dark (True) modules."""
    return read_qr_details(matrix)[0]


def read_qr_details(matrix: Matrix) -> tuple[str, str, int]:
    """(text, error correction level, mask) of a version 1 QR code."""
    if len(matrix) != SIZE or any(len(row) != SIZE for row in matrix):
        raise UnreadableSymbol("not a version 1 symbol")
    level, mask = _format(matrix)
    codewords = _codewords(matrix, mask)
    data_count = DATA_CODEWORDS[level]
    data, ecc = codewords[:data_count], codewords[data_count:]
    if _rs_remainder(data, len(ecc)) != ecc:
        raise UnreadableSymbol("error correction codewords do not match the data")
    return _decode(data), level, mask


def _format(matrix: Matrix) -> tuple[str, int]:
    def bit(row: int, col: int) -> int:
        return int(matrix[row][col])

    # Bit i of the 15-bit format word, least significant first.
    first = [bit(i, 8) for i in range(6)] + [bit(7, 8), bit(8, 8), bit(8, 7)]
    first += [bit(8, 14 - i) for i in range(9, 15)]
    second = [bit(8, SIZE - 1 - i) for i in range(8)]
    second += [bit(SIZE - 15 + i, 8) for i in range(8, 15)]
    if not matrix[SIZE - 8][8]:
        raise UnreadableSymbol("the dark module is light")
    words = {sum(b << i for i, b in enumerate(copy)) for copy in (first, second)}
    if len(words) != 1:
        raise UnreadableSymbol("the two copies of the format information differ")
    word = words.pop()
    for data in range(32):
        if _format_word(data) == word:
            return LEVELS[data >> 3], data & 0b111
    raise UnreadableSymbol("format information is not a valid BCH code word")


def _format_word(data: int) -> int:
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return ((data << 10) | remainder) ^ FORMAT_MASK


def _is_function(row: int, col: int) -> bool:
    finders = (row <= 8 and (col <= 8 or col >= SIZE - 8)) or (row >= SIZE - 8 and col <= 8)
    return finders or row == 6 or col == 6


MASKS = [
    lambda r, c: (r + c) % 2 == 0,
    lambda r, c: r % 2 == 0,
    lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0,
    lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
]


def _codewords(matrix: Matrix, mask: int) -> list[int]:
    bits: list[int] = []
    right = SIZE - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vertical in range(SIZE):
            row = SIZE - 1 - vertical if upward else vertical
            for col in (right, right - 1):
                if not _is_function(row, col):
                    bits.append(int(matrix[row][col]) ^ int(MASKS[mask](row, col)))
        right -= 2
    usable = len(bits) - len(bits) % 8  # version 1 has no remainder bits, but be exact
    return [int("".join(str(b) for b in bits[i : i + 8]), 2) for i in range(0, usable, 8)]


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


EXP, LOG = _gf_tables()


def _multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]


def _rs_remainder(data: Sequence[int], degree: int) -> list[int]:
    generator = [1]
    for power in range(degree):  # the product of (x - α^power)
        generator = [
            (generator[i] if i < len(generator) else 0)
            ^ (_multiply(generator[i - 1], EXP[power]) if i > 0 else 0)
            for i in range(len(generator) + 1)
        ]
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        for i in range(degree):
            remainder[i] ^= _multiply(generator[i + 1], factor)
    return remainder


def _decode(data: Sequence[int]) -> str:
    bits = "".join(f"{byte:08b}" for byte in data)
    position = 0

    def take(count: int) -> int:
        nonlocal position
        if position + count > len(bits):
            raise UnreadableSymbol("the data ends inside a segment")
        value = int(bits[position : position + count], 2)
        position += count
        return value

    text = ""
    while len(bits) - position >= 4:
        mode = take(4)
        if mode == 0b0000:
            break
        if mode == 0b0001:  # numeric: 3 digits in 10 bits, then 2 in 7 or 1 in 4
            count = take(10)
            while count >= 3:
                text += f"{take(10):03d}"
                count -= 3
            if count:
                text += f"{take(3 * count + 1):0{count}d}"
        elif mode == 0b0010:  # alphanumeric: 2 characters in 11 bits, then 1 in 6
            count = take(9)
            while count >= 2:
                pair = take(11)
                text += ALPHANUMERIC[pair // 45] + ALPHANUMERIC[pair % 45]
                count -= 2
            if count:
                text += ALPHANUMERIC[take(6)]
        elif mode == 0b0100:  # bytes, ISO 8859-1 as the standard reads them by default
            count = take(8)
            text += bytes(take(8) for _ in range(count)).decode("iso-8859-1")
        else:
            raise UnreadableSymbol(f"mode {mode:04b} is not supported")
    return text
