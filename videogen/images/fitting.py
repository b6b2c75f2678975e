"""Fitting a reference image to the video's exact frame (crop or pad), and small previews of it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from videogen.images.decoding import decode, first_frame

ANCHORS = ("center", "top", "bottom", "left", "right")
BACKGROUNDS = ("blur", "black", "white")


@dataclass(frozen=True)
class FittedImage:
    content: bytes
    mime: str
    filename: str
    width: int
    height: int
    thumbnail: bytes = b""  # made from the fitted picture itself, not by decoding `content` again


def _anchor_offset(free: float, anchor: str, low: str, high: str) -> float:
    if anchor == low:
        return 0
    if anchor == high:
        return free
    return free / 2


def fit(
    data: bytes | Image.Image,
    size: tuple[int, int],
    mode: str = "crop",
    anchor: str = "center",
    background: str = "blur",
) -> FittedImage:
    """The image made exactly `size` (the video's frame): cropped around `anchor`, or padded.

    `data` is the file's bytes or, better, its working copy (`decoding.decode(...).working`, decoded once for
    every fit). Only the region the frame needs is resampled, at the frame's size: a picture 4000x2 fitted to 9:16
    costs a frame's memory, not the 2.9-gigapixel picture a resize-to-cover would make first."""
    width, height = size
    if mode not in ("crop", "pad") or anchor not in ANCHORS or background not in BACKGROUNDS:
        raise ValueError(f"mode must be crop or pad; anchor one of {ANCHORS}; background one of {BACKGROUNDS}")
    if width < 1 or height < 1:
        raise ValueError(f"a frame of {width}x{height} cannot be fitted to")
    image = decode(data).working if isinstance(data, bytes) else data
    result = _cropped(image, size, anchor) if mode == "crop" else _padded(image, size, background)
    out = io.BytesIO()
    result.save(out, "JPEG", quality=92, optimize=True)
    return FittedImage(
        out.getvalue(), "image/jpeg", f"reference-{width}x{height}.jpg", width, height, thumbnail_of(result)
    )


def _region(image: Image.Image, size: tuple[int, int], anchor: str) -> tuple[float, float, float, float]:
    """The part of `image` that covers a frame of `size` once scaled: the frame's shape, as large as fits."""
    scale = max(size[0] / image.width, size[1] / image.height)
    region_width, region_height = min(image.width, size[0] / scale), min(image.height, size[1] / scale)
    left = _anchor_offset(image.width - region_width, anchor, "left", "right")
    top = _anchor_offset(image.height - region_height, anchor, "top", "bottom")
    return left, top, left + region_width, top + region_height


def _cropped(image: Image.Image, size: tuple[int, int], anchor: str) -> Image.Image:
    return image.resize(size, Image.Resampling.LANCZOS, box=_region(image, size, anchor), reducing_gap=3.0)


def _padded(image: Image.Image, size: tuple[int, int], background: str) -> Image.Image:
    width, height = size
    scale = min(width / image.width, height / image.height)
    inner_size = (min(width, max(1, round(image.width * scale))), min(height, max(1, round(image.height * scale))))
    inner = image.resize(inner_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if background == "blur":
        # The cover made at a quarter of the frame, blurred, then enlarged: as soft, a sixteenth of the work.
        small = (max(1, width // 4), max(1, height // 4))
        canvas = image.resize(small, Image.Resampling.BILINEAR, box=_region(image, small, "center"), reducing_gap=2.0)
        canvas = canvas.filter(ImageFilter.GaussianBlur(radius=max(2, width // 160)))
        canvas = canvas.resize(size, Image.Resampling.BILINEAR)
    else:
        canvas = Image.new("RGB", size, background)
    canvas.paste(inner, ((width - inner.width) // 2, (height - inner.height) // 2))
    return canvas


def framed(base: Image.Image, frame_ratio: tuple[int, int] | None) -> bytes:
    """A JPEG of `base` with the target frame drawn over it (no decoding: `base` is already pixels)."""
    image = base
    if frame_ratio and min(frame_ratio) > 0:
        rw, rh = frame_ratio
        scale = min(image.width / rw, image.height / rh)
        fw, fh = rw * scale, rh * scale
        left, top = (image.width - fw) / 2, (image.height - fh) / 2
        # A picture a pixel or two across has room for no outline: the frame is drawn where it fits, at least
        # a pixel (a rectangle whose end lies before its start is Pillow's error, not a drawing).
        box = (left, top, max(left, left + fw - 1), max(top, top + fh - 1))
        shade = Image.new("RGBA", image.size, (0, 0, 0, 110))
        ImageDraw.Draw(shade).rectangle(box, fill=(0, 0, 0, 0))
        image = Image.alpha_composite(image.convert("RGBA"), shade)
        ImageDraw.Draw(image).rectangle(box, outline=(255, 75, 75, 255), width=min(3, max(1, min(image.size) // 8)))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)  # several times quicker to encode than PNG
    return out.getvalue()


def preview(data: bytes, frame_ratio: tuple[int, int] | None = None, max_side: int = 480) -> bytes:
    """A small JPEG of the image (upright, decoded once at a reduced scale), with the target frame drawn."""
    return framed(first_frame(data, max_side), frame_ratio)


def thumbnail(data: bytes, max_side: int = 160) -> bytes:
    """A tiny JPEG kept in the history beside the task."""
    return thumbnail_of(first_frame(data, max_side), max_side)


def thumbnail_of(image: Image.Image, max_side: int = 160) -> bytes:
    """A tiny JPEG of an already decoded picture (no second decode)."""
    small = image.copy()
    small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
