"""Bytes to text: byte-order marks, UTF-8, then a measured guess, never silently."""

from __future__ import annotations

import codecs
import re

from newsweave.errors import UnreadableInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 8192
_CHAOS_TIE = 0.02
# Non-letters that do belong inside words: apostrophes, Catalan's middle dot, soft hyphen.
_IN_WORD = frozenset("’‘ʼ·\u00ad")
_STRAY = re.compile("[\udc80-\udcff]+")


def decode(data: bytes) -> tuple[str, str | None]:
    """Return the text of `data` and a note when it was not plain UTF-8.

    Raises `UnreadableInput` for binary data or bytes no encoding explains.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), _note(encoding, bom=True)
            except UnicodeDecodeError as error:
                raise UnreadableInput(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {error.start + len(bom)})"
                ) from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UnreadableInput("binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableInput("not text in any encoding newsweave can recognise")
    # Several single-byte encodings often read equally clean, and charset-normalizer's
    # first pick among them is often a DOS code page: cp775 reads German "ü" as
    # "³", cp1250 Spanish "ñ" as "ń". Among those ties, prefer the reading with
    # fewest symbols wedged inside words ("M³nchen"), then windows-1252 (the
    # legacy encoding of most Western news sites, and what browsers assume for
    # "latin-1"), then the other Windows and ISO code pages text files are
    # written in, over the DOS and Mac ones.
    cleanest = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= cleanest + _CHAOS_TIE]
    best = min(tied, key=lambda match: (_wedged_symbols(str(match)), _rank(match.encoding)))
    text = str(best)
    # Name the code page users know when it reads the same (German in cp1250 is cp1252).
    encoding = "cp1252" if data.decode("cp1252", "replace") == text else best.encoding
    return text, f"not UTF-8; decoded as {encoding}"


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """Return UTF-8 text with a few stray bytes read as cp1252, when that is what `data` is.

    Files pasted together from several sources are UTF-8 with the odd legacy
    byte; guessing one encoding for the whole file would garble every correct
    UTF-8 character to save a few wrong ones.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(len(run) for run in _STRAY.findall(text))
    valid = len(text) - len(text.encode("ascii", "ignore")) - stray
    if valid <= stray:
        return None
    mended = _STRAY.sub(lambda run: _as_cp1252(run[0]), text)
    return mended, f"UTF-8 but {stray} byte(s) were not; read those as cp1252"


def _wedged_symbols(text: str) -> int:
    """Count non-ASCII non-letters between two letters ("M³nchen", "powiedzia³a")."""
    text = text[: _SNIFF_BYTES * 4]
    return sum(
        1
        for before, char, after in zip(text, text[1:], text[2:], strict=False)
        if before.isalpha()
        and after.isalpha()
        and not char.isalpha()
        and not char.isascii()
        and char not in _IN_WORD
    )


def _rank(encoding: str) -> int:
    if encoding == "cp1252":
        return 0
    return 1 if encoding.startswith(("cp125", "iso8859", "latin")) else 2


def _as_cp1252(escaped: str) -> str:
    return escaped.encode("utf-8", "surrogateescape").decode("cp1252", "replace")


def _note(encoding: str, *, bom: bool) -> str | None:
    return None if encoding == "utf-8" else f"decoded as {encoding} (byte-order mark)"
