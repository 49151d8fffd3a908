"""The test reader itself: it reads what a QR encoder writes and refuses damaged symbols,
so the other tests' "reads back as the number" means something."""

import pytest
import segno

from tests.unit.printouts.qr_reader import UnreadableSymbol, read_qr, read_qr_details


def modules(text: str, *, error: str, mask: int) -> list[list[bool]]:
    symbol = segno.make(text, error=error, mask=mask, micro=False, boost_error=False)
    assert symbol.version == 1
    return [[bool(module) for module in row] for row in symbol.matrix]


@pytest.mark.parametrize("mask", range(8))
@pytest.mark.parametrize(
    ("text", "error"),
    [("13010-00000001", "q"), ("13010-00000001", "m"), ("12345", "h"), ("Hello!", "l")],
)
def test_it_reads_every_mask_level_and_mode(text: str, error: str, mask: int) -> None:
    assert read_qr_details(modules(text, error=error, mask=mask)) == (text, error.upper(), mask)


def test_a_flipped_data_module_fails_the_error_correction_check() -> None:
    damaged = modules("13010-00000001", error="q", mask=0)
    damaged[20][20] = not damaged[20][20]  # the first data module, bottom right
    with pytest.raises(UnreadableSymbol, match="error correction"):
        read_qr(damaged)


def test_disagreeing_format_copies_are_refused() -> None:
    damaged = modules("13010-00000001", error="q", mask=0)
    damaged[8][0] = not damaged[8][0]
    with pytest.raises(UnreadableSymbol, match="copies"):
        read_qr(damaged)
