"""Fitting a reference image to the video's exact frame (crop or pad), and small previews of it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from videogen.images.decoding import first_frame, orientation, upright

ANCHORS = ("center", "top", "bottom", "left", "right")
BACKGROUNDS = ("blur", "black", "white")


@dataclass(frozen=True)
class FittedImage:
    content: bytes
    mime: str
    filename: str
    width: int
    height: int


def _open_upright(data: bytes, at_least: tuple[int, int] | None = None) -> Image.Image:
    """Open, let JPEG decode at a reduced scale when a smaller result is enough, apply EXIF orientation."""
    image = Image.open(io.BytesIO(data))
    if at_least and image.format in ("JPEG", "MPO"):
        # draft() picks the smallest DCT scale still at least this size: most of the decode is skipped.
        # Asked square so that the result is large enough whichever way EXIF turns the picture.
        side = max(at_least)
        image.draft("RGB", (side, side))
    image.seek(0)
    return upright(image.convert("RGB"), orientation(image))


def _anchor_offset(free: int, anchor: str, low: str, high: str) -> int:
    if anchor == low:
        return 0
    if anchor == high:
        return free
    return free // 2


def fit(
    data: bytes, size: tuple[int, int], mode: str = "crop", anchor: str = "center", background: str = "blur"
) -> FittedImage:
    """The image made exactly `size` (the video's frame): cropped around `anchor`, or padded."""
    width, height = size
    if mode not in ("crop", "pad") or anchor not in ANCHORS or background not in BACKGROUNDS:
        raise ValueError(f"mode must be crop or pad; anchor one of {ANCHORS}; background one of {BACKGROUNDS}")
    image = _open_upright(data, at_least=(width, height))
    if mode == "crop":
        scale = max(width / image.width, height / image.height)
        resized = image.resize(
            (max(width, round(image.width * scale)), max(height, round(image.height * scale))), Image.Resampling.LANCZOS
        )
        left = _anchor_offset(resized.width - width, anchor, "left", "right")
        top = _anchor_offset(resized.height - height, anchor, "top", "bottom")
        result = resized.crop((left, top, left + width, top + height))
    else:
        scale = min(width / image.width, height / image.height)
        inner = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
        )
        if background == "blur":
            canvas = ImageOps.fit(image, (width, height), Image.Resampling.BILINEAR)
            canvas = canvas.filter(ImageFilter.GaussianBlur(radius=max(8, width // 40)))
        else:
            canvas = Image.new("RGB", (width, height), background)
        canvas.paste(inner, ((width - inner.width) // 2, (height - inner.height) // 2))
        result = canvas
    out = io.BytesIO()
    result.save(out, "JPEG", quality=92, optimize=True)
    return FittedImage(out.getvalue(), "image/jpeg", f"reference-{width}x{height}.jpg", width, height)


def framed(base: Image.Image, frame_ratio: tuple[int, int] | None) -> bytes:
    """A JPEG of `base` with the target frame drawn over it (no decoding: `base` is already pixels)."""
    image = base
    if frame_ratio:
        rw, rh = frame_ratio
        scale = min(image.width / rw, image.height / rh)
        fw, fh = rw * scale, rh * scale
        left, top = (image.width - fw) / 2, (image.height - fh) / 2
        shade = Image.new("RGBA", image.size, (0, 0, 0, 110))
        ImageDraw.Draw(shade).rectangle((left, top, left + fw - 1, top + fh - 1), fill=(0, 0, 0, 0))
        image = Image.alpha_composite(image.convert("RGBA"), shade)
        ImageDraw.Draw(image).rectangle((left, top, left + fw - 1, top + fh - 1), outline=(255, 75, 75, 255), width=3)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)  # several times quicker to encode than PNG
    return out.getvalue()


def preview(data: bytes, frame_ratio: tuple[int, int] | None = None, max_side: int = 480) -> bytes:
    """A small JPEG of the image (upright, decoded once at a reduced scale), with the target frame drawn."""
    return framed(first_frame(data, max_side), frame_ratio)


def thumbnail(data: bytes, max_side: int = 160) -> bytes:
    """A tiny JPEG kept in the history beside the task."""
    return thumbnail_of(_open_upright(data, at_least=(max_side, max_side)), max_side)


def thumbnail_of(image: Image.Image, max_side: int = 160) -> bytes:
    """A tiny JPEG of an already decoded picture (no second decode)."""
    small = image.copy()
    small.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
