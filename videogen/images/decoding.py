"""The full decode of an image's first frame, bounded in memory: the proof that the picture data is whole,
and the small upright picture that previews and thumbnails are made from."""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass

import numpy
import simplejpeg

# Only the parsers of the accepted formats are registered and used (see `formats=` below).
from PIL import Image, JpegImagePlugin, MpoImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

from videogen.images import memory, structure, webp_scaled

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
    OverflowError,
    NotImplementedError,
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


def orientation(image: Image.Image, exif_chunk: bytes | None = None) -> int | None:
    """The orientation of an opened image, from what the header parse already found: never `getexif()`,
    which on a PNG decodes every pixel looking for EXIF after the image data. A PNG's eXIf chunk after the
    image data, which the header parse does not reach, comes from the chunk walk (`exif_chunk`)."""
    raw = image.info.get("exif") or exif_chunk
    if raw is None and "Raw profile type exif" in image.info:
        try:
            raw = bytes.fromhex("".join(str(image.info["Raw profile type exif"]).split("\n")[3:]))
        except ValueError:
            raw = None
    return orientation_of(raw, image.info.get("XML:com.adobe.xmp") or image.info.get("xmp"))


def upright(image: Image.Image, turn: int | None) -> Image.Image:
    method = UPRIGHT.get(turn or 1)
    return image.transpose(method) if method is not None else image


# libjpeg-turbo's complaints about what lies around the picture data, not in it: junk bytes between header
# segments, a bad ICC profile marker, a JFIF version it does not know, a colour transform it cannot name, a
# layout TurboJPEG's API cannot classify (some CMYK files). Pillow decodes such files whole; so do we. Junk
# before a restart or the end marker (0xD0-0xD9) is different: scan data left over, the picture damaged.
HEADER_COMPLAINTS = re.compile(
    r"extraneous bytes before marker 0x(?!d[0-9])|bad ICC marker|unknown JFIF revision|"
    r"Unknown Adobe color transform|Could not determine subsampling level"
)


def _jpeg(data: bytes, size: tuple[int, int]) -> Image.Image:
    """libjpeg-turbo in strict mode: any damage it notices in the picture data (a bad Huffman code, data cut
    short, a marker where a scan should go on) is an error, not a grey patch. Decoded at the smallest DCT scale
    that still gives `size`: most of the work, and of the memory, is skipped. A complaint about the header
    alone is judged by Pillow's lenient decode instead."""
    try:
        height, width, colorspace, _ = simplejpeg.decode_jpeg_header(data)
        wanted = {"Gray": ("GRAY", "L"), "CMYK": ("CMYK", "CMYK"), "YCCK": ("CMYK", "CMYK")}
        space, mode = wanted.get(colorspace, ("RGB", "RGB"))
        pixels = simplejpeg.decode_jpeg(
            data, colorspace=space, min_width=min(width, size[0]), min_height=min(height, size[1]), strict=True
        )
    except ValueError as complaint:
        if not HEADER_COMPLAINTS.search(str(complaint)):
            raise
        return _jpeg_lenient(data, size)
    if mode == "L":
        pixels = pixels.reshape(pixels.shape[:2])
    elif mode == "CMYK" and b"Adobe" in data[: 64 * 1024]:
        pixels = 255 - pixels  # Adobe writes CMYK inverted, as Pillow's "CMYK;I" knows
    return Image.fromarray(pixels, mode)


def _jpeg_lenient(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Pillow's decode, at a reduced DCT scale: a file it reads to the end is whole."""
    image = Image.open(io.BytesIO(data), formats=("JPEG",))
    image.draft("RGB", size)
    image.load()
    return image


def _every_frame(image: Image.Image) -> None:
    """Decode each frame of an animation after the first, in turn (one canvas at a time): a damaged later frame
    is an error here, not at the provider."""
    for number in range(1, getattr(image, "n_frames", 1)):
        image.seek(number)
        image.load()
    image.seek(0)


TILE_SIDE = 2048  # pixels a side of the tiles a picture is converted and reduced in


def reduced(image: Image.Image, factor: int) -> Image.Image:
    """`image` in RGB, `factor` times smaller each way (a box average), made tile by tile: no second copy of a
    large picture is ever held, whatever its mode or shape (Pillow's own reduce and resize convert the whole
    picture first for some modes, and cannot reduce others at all)."""
    width, height = image.size
    if factor == 1 and image.mode == "RGB":
        return image
    out = Image.new("RGB", (-(-width // factor), -(-height // factor)))
    across = factor * max(1, TILE_SIDE // factor)
    down = factor * max(1, TILE_SIDE * TILE_SIDE // across // factor)
    for top in range(0, height, down):
        for left in range(0, width, across):
            tile = _rgb(image.crop((left, top, min(width, left + across), min(height, top + down))))
            out.paste(tile.reduce(factor) if factor > 1 else tile, (left // factor, top // factor))
    return out


def _rgb(tile: Image.Image) -> Image.Image:
    """A tile in 8-bit RGB. 16-bit grey is brought down by its top byte (Pillow's own conversion clips at 255: a
    white picture); 32-bit grey is clipped, as Pillow does."""
    if tile.mode not in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        return tile.convert("RGB")
    values = numpy.asarray(tile)
    grey = (values >> 8) if tile.mode.startswith("I;16") else numpy.clip(values, 0, 255)
    return Image.fromarray(grey.astype(numpy.uint8), "L").convert("RGB")


@dataclass(frozen=True)
class Decoded:
    """The one full decode of a picture: the copy fits are cut from (upright, RGB, at most
    `memory.WORKING_PIXELS`) and the small picture previews are drawn on."""

    working: Image.Image
    small: Image.Image


def _cost_or_refuse(image: Image.Image, fmt: str) -> None:
    frames = getattr(image, "n_frames", 1) if fmt in ("PNG", "WEBP") else 1
    cost = memory.decode_cost(fmt, image.width, image.height, image.mode, frames)
    if not cost.within:
        raise TooCostly(cost)


class TooCostly(Exception):
    """Decoding the picture would take more memory or time than one image may: refused before allocating."""

    def __init__(self, cost: memory.Cost):
        super().__init__(f"{cost.mb:.0f} MB, {cost.pixels / 1e6:.0f} megapixels")
        self.cost = cost


def decode(data: bytes, max_side: int = PREVIEW_SIDE) -> Decoded:
    """Decode the picture in full (every frame of an animation): the proof that it is whole, and its first frame
    at the two sizes the page needs.

    Raises `CorruptImage` when it does not decode, `TooCostly` when its header says decoding it would exceed the
    memory budget. A JPEG and a still WebP are decoded straight at the working size; a PNG or an animation at full
    size, then reduced tile by tile."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            fmt = FORMAT_ALIASES.get(image.format or "", image.format or "")
            layout = structure.png(data) if fmt == "PNG" else None
            turn = orientation(image, layout.exif if layout else None)
            _cost_or_refuse(image, fmt)
            factor = memory.reduction(image.width, image.height)
            size = (-(-image.width // factor), -(-image.height // factor))
            working = None
            if fmt == "JPEG":
                working = _jpeg(data, size)
            elif fmt == "WEBP":
                working = webp_scaled.decode(data, max(size))  # None: animated, or no usable libwebp
            if working is None:
                if layout is not None and not layout.sequence_ok:
                    raise CorruptImage("the animation's frame sequence is broken")
                image.load()  # the first frame
                working = reduced(image, factor)
                _every_frame(image)
            else:
                working = reduced(working, memory.reduction(working.width, working.height))
            working = upright(working, turn)
            small = working.copy()
            small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
            return Decoded(working, small)
    except (CorruptImage, webp_scaled.Undecodable) as exc:
        raise CorruptImage(str(exc)) from None
    except DECODE_ERRORS as exc:
        raise CorruptImage(f"{type(exc).__name__}: {exc}"[:200]) from None


def first_frame(data: bytes, max_side: int = PREVIEW_SIDE) -> Image.Image:
    """The decode's small picture: upright, RGB, at most `max_side` a side."""
    return decode(data, max_side).small
