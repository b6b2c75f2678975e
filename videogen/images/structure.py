"""The layout of a PNG, JPEG or WebP file read from its chunk and segment headers, with the walk bounded: where
the picture's own bytes end (data may follow them), what metadata lies where Pillow's opener does not look, and
whether the file is made of more pieces than any picture needs. No pixel is decoded; no chunk body is copied
except the few small ones that are read."""

from __future__ import annotations

import struct
from dataclasses import dataclass

# A picture needs a few hundred pieces at most: 10 MB of PNG in 8 KiB IDAT chunks is 1,300 chunks, a
# progressive JPEG has about ten scans. Beyond these the walk (and Pillow's, chunk by chunk in Python) stops.
MAX_PNG_CHUNKS = 100_000
MAX_JPEG_SEGMENTS = 5_000
MAX_JPEG_SCANS = 100
MAX_WEBP_CHUNKS = 100_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Layout:
    """What the walk found. `end` is the offset just after the picture's last byte (IEND, EOI, the RIFF size)
    or None when the file stops before it; `pieces` the chunks or segments walked; `too_complex` names the
    kind of piece when their number is over the bound (the walk then stopped)."""

    end: int | None
    pieces: int = 0
    too_complex: str | None = None
    limit: int = 0
    has_image_data: bool = True
    exif: bytes | None = None  # a PNG's eXIf chunk, wherever it lies before IEND
    # An animated PNG's frame chunks are numbered 0, 1, 2, ... (the count acTL declares is not held against it:
    # Pillow plays the frames there are, and so would the provider).
    sequence_ok: bool = True
    scans: int = 0

    @property
    def cut_short(self) -> bool:
        return self.end is None or not self.has_image_data

    def trailing(self, size: int) -> int:
        """Bytes after the picture's end (a Motion Photo's video, padding, anything appended)."""
        return size - self.end if self.end is not None and self.too_complex is None else 0


def png(data: bytes) -> Layout:
    """The chunks of a PNG from their headers. The picture ends after IEND; a file whose chunks run exactly to
    its end without one (a mangled end chunk's name) is whole too: the decode decides."""
    at, count, has_idat, exif = 8, 0, False, None
    expected, sequence_ok = 0, True
    size = len(data)
    while at + 12 <= size:
        count += 1
        if count > MAX_PNG_CHUNKS:
            return Layout(None, count, "png_chunks", MAX_PNG_CHUNKS)
        length, kind = struct.unpack_from(">I4s", data, at)
        body = at + 8
        after = body + length + 4
        if kind == b"IDAT":
            has_idat = True
        elif kind == b"IEND":
            return Layout(after if after <= size else None, count, None, 0, has_idat, exif, sequence_ok)
        elif kind == b"eXIf" and after <= size and exif is None:
            exif = data[body : body + length]
        elif kind in (b"fcTL", b"fdAT"):
            if length < 4 or body + 4 > size or struct.unpack_from(">I", data, body)[0] != expected:
                sequence_ok = False
            expected += 1
        at = after
    whole = at == size and count > 0
    return Layout(size if whole else None, count, None, 0, has_idat, exif, sequence_ok)


def jpeg(data: bytes) -> Layout:
    """The segments of a JPEG, and the end of its scans: entropy-coded data is skipped by looking for the next
    marker (an 0xFF not followed by a stuffed zero or a restart number), so the picture's end is found exactly,
    whatever follows it (a phone's Motion Photo appends an MP4, whose bytes may hold FF D9 anywhere)."""
    at, size, count, scans = 2, len(data), 0, 0
    while at < size:
        if data[at] != 0xFF:  # bytes between segments: skipped, as decoders do (and warn about)
            at = data.find(b"\xff", at)
            if at < 0:
                return Layout(None, count, scans=scans)
            continue
        while at + 1 < size and data[at + 1] == 0xFF:  # fill bytes
            at += 1
        if at + 1 >= size:
            return Layout(None, count, scans=scans)
        marker = data[at + 1]
        count += 1
        if count > MAX_JPEG_SEGMENTS:
            return Layout(None, count, "jpeg_segments", MAX_JPEG_SEGMENTS, scans=scans)
        if marker == 0xD9:
            return Layout(at + 2, count, scans=scans)
        if 0xD0 <= marker <= 0xD8 or marker in (0x00, 0x01):
            at += 2
            continue
        if at + 4 > size:
            return Layout(None, count, scans=scans)
        at += 2 + struct.unpack_from(">H", data, at + 2)[0]
        if marker == 0xDA:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                return Layout(None, count, "jpeg_scans", MAX_JPEG_SCANS, scans=scans)
            at = _after_scan(data, at)
            if at < 0:
                return _unfound(data, count, scans)
    return _unfound(data, count, scans)


def _unfound(data: bytes, count: int, scans: int) -> Layout:
    """The walk lost the thread (a stray byte pair in the scan data that reads as a marker): a file that ends
    with an end marker is left to the decoder to judge; one that does not is cut short."""
    return Layout(len(data) if data.endswith(b"\xff\xd9") else None, count, scans=scans)


def _after_scan(data: bytes, at: int) -> int:
    """The offset of the marker that ends the entropy-coded data starting at `at`, or -1 when the file ends."""
    size = len(data)
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= size:
            return -1
        following = data[at + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


def webp(data: bytes) -> Layout:
    """A WebP ends where its RIFF header says; its chunks are counted (an animation's frames are chunks)."""
    if len(data) < 12:
        return Layout(None)
    end = struct.unpack_from("<I", data, 4)[0] + 8
    if end > len(data):
        return Layout(None)
    at, count = 12, 0
    while at + 8 <= end:
        count += 1
        if count > MAX_WEBP_CHUNKS:
            return Layout(None, count, "webp_chunks", MAX_WEBP_CHUNKS)
        at += 8 + (struct.unpack_from("<I", data, at + 4)[0] + 1) // 2 * 2
    return Layout(end, count)


WALKS = {"PNG": png, "JPEG": jpeg, "WEBP": webp}


def layout(fmt: str, data: bytes) -> Layout | None:
    """The layout of a file of an accepted format, from its first bytes' signature; None for any other."""
    walk = WALKS.get(fmt)
    return walk(data) if walk else None


def format_of(data: bytes) -> str | None:
    """JPEG, PNG or WEBP from the signature alone (what the walk is for)."""
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None
