"""The full decode of an image's first frame, bounded in memory: the proof that the picture data is whole,
and the small upright picture that previews and thumbnails are made from."""

from __future__ import annotations

import io
import re
import struct
import warnings

import simplejpeg

# Only the parsers of the accepted formats are registered and used (see `formats=` below).
from PIL import Image, JpegImagePlugin, MpoImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

from videogen.images import webp_scaled

FORMATS = ("JPEG", "PNG", "WEBP")
# Pillow opens some JPEGs (multi-picture, from phones) as MPO: for the API they are JPEG files.
FORMAT_ALIASES = {"MPO": "JPEG"}
PREVIEW_SIDE = 480
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
XMP_ORIENTATION = re.compile(rb'tiff:Orientation(="|>)([0-9])')
# Everything a damaged file can make a decoder raise; anything else is a bug and is let through.
DECODE_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    struct.error,
    EOFError,
    TypeError,
    IndexError,
    KeyError,
    ZeroDivisionError,
    RuntimeError,
    MemoryError,
    Image.DecompressionBombError,
)


class CorruptImage(Exception):
    """The first frame does not fully decode: the picture data is damaged or cut short."""


def orientation_of(exif: bytes | None, xmp: bytes | str | None) -> int | None:
    """The orientation tag as Pillow's `exif_transpose` finds it: EXIF first, then XMP `tiff:Orientation`."""
    if exif:
        tags = Image.Exif()
        try:
            tags.load(exif)
            found = tags.get(0x0112)
        except (SyntaxError, ValueError, struct.error, OSError, TypeError, KeyError):
            found = None
        if isinstance(found, int):
            return found
    if xmp:
        match = XMP_ORIENTATION.search(xmp.encode("utf-8", "replace") if isinstance(xmp, str) else xmp)
        if match:
            return int(match[2])
    return None


def orientation(image: Image.Image) -> int | None:
    """The orientation of an opened image, from what the header parse already found: never `getexif()`,
    which on a PNG decodes every pixel looking for EXIF after the image data."""
    raw = image.info.get("exif")
    if raw is None and "Raw profile type exif" in image.info:
        try:
            raw = bytes.fromhex("".join(str(image.info["Raw profile type exif"]).split("\n")[3:]))
        except ValueError:
            raw = None
    return orientation_of(raw, image.info.get("XML:com.adobe.xmp") or image.info.get("xmp"))


def upright(image: Image.Image, turn: int | None) -> Image.Image:
    method = UPRIGHT.get(turn or 1)
    return image.transpose(method) if method is not None else image


def png_chunks(data: bytes):
    """(name, body, end offset) of each whole chunk of a PNG, from their headers; stops at the first
    chunk the data does not hold a header for."""
    at = 8
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        yield kind, data[at + 8 : at + 8 + length], at + 12 + length
        at += 12 + length


def _apng_sequence_ok(data: bytes) -> bool:
    """An animated PNG's frame chunks carry one sequence number each, 0, 1, 2, ...; the frame count is
    declared up front. Checked from the chunk headers alone (no pixel is decoded)."""
    declared, frames, expected = None, 0, 0
    for kind, body, _ in png_chunks(data):
        if kind == b"acTL" and len(body) >= 4:
            declared = struct.unpack(">I", body[:4])[0]
        elif kind in (b"fcTL", b"fdAT"):
            if len(body) < 4 or struct.unpack(">I", body[:4])[0] != expected:
                return False
            expected += 1
            frames += kind == b"fcTL"
    return declared is None or declared == frames


def _jpeg(data: bytes, max_side: int) -> Image.Image:
    """libjpeg-turbo in strict mode: any damage it notices (a bad Huffman code, data cut short, bytes
    left over where the scan should have ended) is an error, not a grey patch. Decoded at the smallest
    DCT scale that still gives `max_side`: most of the work, and of the memory, is skipped."""
    height, width, colorspace, _ = simplejpeg.decode_jpeg_header(data)
    wanted = {"Gray": ("GRAY", "L"), "CMYK": ("CMYK", "CMYK"), "YCCK": ("CMYK", "CMYK")}
    space, mode = wanted.get(colorspace, ("RGB", "RGB"))
    pixels = simplejpeg.decode_jpeg(
        data, colorspace=space, min_width=min(width, max_side), min_height=min(height, max_side), strict=True
    )
    if mode == "L":
        pixels = pixels.reshape(pixels.shape[:2])
    elif mode == "CMYK" and b"Adobe" in data[: 64 * 1024]:
        pixels = 255 - pixels  # Adobe writes CMYK inverted, as Pillow's "CMYK;I" knows
    return Image.fromarray(pixels, mode)


def first_frame(data: bytes, max_side: int = PREVIEW_SIDE) -> Image.Image:
    """Decode the first frame in full and return it upright, RGB, at most `max_side` a side.

    Raises `CorruptImage` when it does not decode. Memory: a JPEG and a still WebP are decoded at a
    reduced scale; a PNG or an animated WebP (no reduced decode exists) once at full size, reduced at
    once, nothing else at full size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            fmt = FORMAT_ALIASES.get(image.format or "", image.format or "")
            turn = orientation(image)
            small = None
            if fmt == "JPEG":
                small = _jpeg(data, max_side)
            elif fmt == "WEBP":
                small = webp_scaled.decode(data, max_side)  # None: animated, or no usable libwebp
            if small is None:
                if fmt == "PNG" and not _apng_sequence_ok(data):
                    raise CorruptImage("the animation's frame sequence is broken")
                image.load()  # the first frame
                small = image
            small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
            return upright(small.convert("RGB"), turn)
    except (CorruptImage, webp_scaled.Undecodable) as exc:
        raise CorruptImage(str(exc)) from None
    except DECODE_ERRORS as exc:
        raise CorruptImage(f"{type(exc).__name__}: {exc}"[:200]) from None
