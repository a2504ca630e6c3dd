"""Bytes to text: byte-order marks, UTF-8, then a measured guess, never silently."""

from __future__ import annotations

import codecs

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
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableInput("not text in any encoding newsweave can recognise")
    # Several single-byte encodings often read equally clean; among those ties,
    # windows-1252 is the legacy encoding of most Western news sites (and what
    # browsers assume for "latin-1"), where charset-normalizer's first pick
    # (e.g. cp1250) turns Spanish "ñ" into "ń".
    cleanest = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= cleanest + _CHAOS_TIE]
    best = next((m for m in tied if m.encoding == "cp1252"), tied[0])
    return str(best), f"not UTF-8; decoded as {best.encoding}"


def _note(encoding: str, *, bom: bool) -> str | None:
    return None if encoding == "utf-8" else f"decoded as {encoding} (byte-order mark)"
