"""The charset of a CID-keyed CFF font program (Adobe TN #5176), read and rewritten in place.

In a CID-keyed CFF the charset gives each glyph its CID. :mod:`core.pdf_fonts` reads it to
know which original glyph each glyph of a HarfBuzz subset is, then rewrites it so that every
glyph's CID is its glyph id (:func:`with_identity_cids`). Only what that needs is parsed: the
header, the Name and Top DICT INDEXes, the Top DICT operators, the CharStrings count and the
charset (formats 0, 1 and 2).
"""

from __future__ import annotations

import struct
from itertools import pairwise
from typing import NamedTuple

__all__ = ["CFFError", "Charset", "charset", "identity_charset", "with_identity_cids"]

_ROS = (12, 30)  # Top DICT operators
_CHARSET = (15,)
_CHARSTRINGS = (17,)


class CFFError(ValueError):
    """The data is not a CFF table (or an OpenType font) of the expected shape."""


class Charset(NamedTuple):
    offset: int  # in the CFF table
    length: int  # in bytes
    cids: list[int]  # the CID of each glyph, .notdef (CID 0) first


def charset(cff) -> Charset | None:
    """The charset of a CID-keyed CFF table (bytes or a memoryview of bytes); None for a
    name-keyed one. Raises :class:`CFFError` when the table is not as expected."""
    try:
        return _charset(cff)
    except (KeyError, IndexError, struct.error) as error:
        raise CFFError(f"Malformed CFF table: {error!r}") from error


def identity_charset(charset_format: int, glyph_count: int) -> bytes:
    """The charset giving glyph i the CID i, in `charset_format`: never longer than any
    charset of that format for as many glyphs (format 1 ranges hold at most 256 glyphs)."""
    if charset_format == 0:
        return bytes([0]) + struct.pack(f">{glyph_count - 1}H", *range(1, glyph_count))
    span = 256 if charset_format == 1 else 65536
    ranges = []
    for first in range(1, glyph_count, span):
        left = min(span, glyph_count - first) - 1
        ranges.append(struct.pack(">HB" if charset_format == 1 else ">HH", first, left))
    return bytes([charset_format]) + b"".join(ranges)


def with_identity_cids(otf: bytes) -> tuple[bytes, list[int]] | None:
    """(`otf` with CID == glyph id, the CID each glyph had before) for an OpenType font with a
    CID-keyed CFF table: the charset is rewritten in place, in its own format (zero bytes pad
    what it no longer uses), and the table checksum and the font's checkSumAdjustment updated.
    None for any other font, or a table not as expected."""
    try:
        table_record, cff_offset, cff_length = _table(otf, b"CFF ")
        cff = otf[cff_offset:cff_offset + cff_length]
        old = charset(cff)
        _, head_offset, _ = _table(otf, b"head")
    except (CFFError, KeyError, struct.error):
        return None
    if old is None or len(old.cids) < 2:
        return None
    new = identity_charset(cff[old.offset], len(old.cids))
    if len(new) > old.length:
        return None
    cff = cff[:old.offset] + new + bytes(old.length - len(new)) + cff[old.offset + old.length:]
    font = bytearray(otf)
    font[cff_offset:cff_offset + cff_length] = cff
    struct.pack_into(">I", font, table_record + 4, _checksum(cff))
    struct.pack_into(">I", font, head_offset + 8, 0)
    struct.pack_into(">I", font, head_offset + 8, (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF)
    return bytes(font), old.cids


def _charset(cff) -> Charset | None:
    top_dict = _top_dict(cff)
    if _ROS not in top_dict:
        return None
    offset, charstrings = top_dict[_CHARSET][0], top_dict[_CHARSTRINGS][0]
    glyph_count = struct.unpack_from(">H", cff, charstrings)[0]
    charset_format, position, cids = cff[offset], offset + 1, [0]
    if offset < 3 or charset_format not in (0, 1, 2):  # 0–2: predefined (name-keyed) charsets
        raise CFFError(f"charset at {offset}, format {charset_format}")
    if charset_format == 0:
        cids += struct.unpack_from(f">{glyph_count - 1}H", cff, position)
        position += 2 * (glyph_count - 1)
    while len(cids) < glyph_count:
        first = struct.unpack_from(">H", cff, position)[0]
        left = (cff[position + 2] if charset_format == 1
                else struct.unpack_from(">H", cff, position + 2)[0])
        cids.extend(range(first, first + left + 1))
        position += 3 if charset_format == 1 else 4
    return Charset(offset, position - offset, cids[:glyph_count])


def _table(otf: bytes, tag: bytes) -> tuple[int, int, int]:
    """(offset of the table record, offset of the table, length of the table)."""
    for index in range(struct.unpack_from(">H", otf, 4)[0]):
        record = 12 + 16 * index
        if otf[record:record + 4] == tag:
            offset, length = struct.unpack_from(">II", otf, record + 8)
            return record, offset, length
    raise KeyError(tag)


def _index(cff, offset: int) -> tuple[int, list[tuple[int, int]]]:
    """End offset of the INDEX at `offset` and the (start, end) offsets of its items."""
    count = struct.unpack_from(">H", cff, offset)[0]
    if count == 0:
        return offset + 2, []
    size = cff[offset + 2]
    starts = [int.from_bytes(cff[offset + 3 + i * size:offset + 3 + (i + 1) * size], "big")
              for i in range(count + 1)]
    data = offset + 3 + (count + 1) * size - 1  # offsets count from the byte before the data
    return data + starts[-1], [(data + a, data + b) for a, b in pairwise(starts)]


def _top_dict(cff) -> dict[tuple[int, ...], list]:
    """The operators of the (first) Top DICT, with their operands (reals as None)."""
    name_index_end, _ = _index(cff, cff[2])  # the header's size is its third byte
    _, top_dicts = _index(cff, name_index_end)
    position, end = top_dicts[0]
    operands, entries = [], {}
    while position < end:
        byte = cff[position]
        if byte <= 21:
            operator = (12, cff[position + 1]) if byte == 12 else (byte,)
            position += 2 if byte == 12 else 1
            entries[operator], operands = operands, []
        elif byte == 28:
            operands.append(struct.unpack_from(">h", cff, position + 1)[0])
            position += 3
        elif byte == 29:
            operands.append(struct.unpack_from(">i", cff, position + 1)[0])
            position += 5
        elif byte == 30:  # real number: nibbles up to an 0xf nibble
            position += 1
            while cff[position] & 0x0F != 0x0F and cff[position] >> 4 != 0x0F:
                position += 1
            position += 1
            operands.append(None)
        elif 32 <= byte <= 246:
            operands.append(byte - 139)
            position += 1
        elif 247 <= byte <= 254:
            sign, base = (1, 247) if byte <= 250 else (-1, 251)
            operands.append(sign * ((byte - base) * 256 + cff[position + 1] + 108))
            position += 2
        else:
            raise CFFError(f"reserved DICT byte {byte}")
    return entries


def _checksum(data: bytes | bytearray) -> int:
    """OpenType checksum: the sum of the big-endian 32-bit words, zero-padded, mod 2**32."""
    padded = bytes(data) + bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
