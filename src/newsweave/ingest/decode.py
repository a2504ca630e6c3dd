"""Bytes to text: byte-order marks, UTF-8, then a measured guess, never silently."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

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
# What common binary files start with, to say what a file is rather than only that it
# is not text: a compressed file is refused here, never decompressed, so no size of
# what it would expand to can matter.
_SIGNATURES = tuple(
    (re.compile(signature, re.DOTALL), kind)
    for signature, kind in (
        (rb"\x1f\x8b", "gzip-compressed; decompress it first"),
        (rb"BZh[1-9]1AY&SY", "bzip2-compressed; decompress it first"),
        (rb"\xfd7zXZ\x00", "xz-compressed; decompress it first"),
        (rb"\x28\xb5\x2f\xfd", "zstd-compressed; decompress it first"),
        (rb"PK\x03\x04", "a ZIP archive or an office document"),
        (rb"%PDF-", "a PDF document"),
        (rb"\x89PNG", "a PNG image"),
        (rb"\xff\xd8\xff", "a JPEG image"),
        (rb"GIF8[79]a", "a GIF image"),
    )
)


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
    reason = binary_reason(data)
    if reason:
        raise UnreadableInput(reason)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None and mixed.mostly:
        return mixed.text, mixed.note
    guess = _guess(data)
    # UTF-8 with more stray bytes than UTF-8 characters: an English UTF-8 file with a
    # Spanish paragraph pasted in from cp1252. Keep it UTF-8 unless a single encoding
    # reads the whole more cleanly, by charset-normalizer's own measure of mess.
    if mixed is not None and (guess is None or _mess(mixed.text) <= guess.chaos):
        return mixed.text, mixed.note
    if guess is None:
        raise UnreadableInput("not text in any encoding newsweave can recognise")
    return guess.text, guess.note


class _Reading(NamedTuple):
    """One way of reading bytes as text, with the note the user gets and how messy it reads."""

    text: str
    note: str
    chaos: float = 0.0
    mostly: bool = False


def _guess(data: bytes) -> _Reading | None:
    """Return the one legacy encoding that reads `data` best, or None when none does."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
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
    return _Reading(text, f"not UTF-8; decoded as {encoding}", best.chaos)


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return float(mess_ratio(text))


def binary_reason(data: bytes, *, nul_bytes: bool = True) -> str | None:
    """Return why `data` is a binary file and no text report, or None when it may be text.

    Known signatures (compressed files, archives, documents, images) are named;
    any other data with NUL bytes near its start is binary too, unless the caller
    reads encodings that have them (`nul_bytes=False`: a feed in UTF-16 without
    a byte-order mark, which its XML declaration names).
    """
    for signature, kind in _SIGNATURES:
        if signature.match(data):
            return f"binary file ({kind}), not a text report"
    if nul_bytes and b"\x00" in data[:_SNIFF_BYTES]:
        return "binary file (contains NUL bytes), not a text report"
    return None


def _mixed_utf8(data: bytes) -> _Reading | None:
    """Return UTF-8 text with its stray bytes read as cp1252, or None with no UTF-8 in it.

    Files pasted together from several sources are UTF-8 with the odd legacy
    byte; guessing one encoding for the whole file would garble every correct
    UTF-8 character to save a few wrong ones. The reading is `mostly` when the
    file has more UTF-8 characters than stray bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(len(run) for run in _STRAY.findall(text))
    valid = len(text) - len(text.encode("ascii", "ignore")) - stray
    if not valid:
        return None
    mended = _STRAY.sub(lambda run: _as_cp1252(run[0]), text)
    note = f"UTF-8 but {stray} byte(s) were not; read those as cp1252"
    return _Reading(mended, note, mostly=valid > stray)


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
