"""Reference-image inspection: format, size, pixels, EXIF orientation, ratio; the verdict the API would give."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction

from PIL import Image, UnidentifiedImageError
# Only the parsers of the accepted formats are registered and used (see `formats=` below).
from PIL import JpegImagePlugin, MpoImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

from .catalog import Catalog

# Pillow opens some JPEGs (multi-picture, from phones) as MPO: for the API they are JPEG files.
FORMAT_ALIASES = {"MPO": "JPEG"}
# Formats the API refuses are named from their first bytes only: their parsers are never run (some,
# like ICO, decode pixels just to open a file).
OTHER_FORMATS = [(b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
                 (b"\x00\x00\x01\x00", "ICO"), (b"8BPS", "PSD"), (b"\x00\x00\x00\x0cjP  ", "JPEG2000")]
ISO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF"}
ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
RATIO_TOLERANCE = 0.01  # 1% off 16:9 still counts as exact (1280x720 vs 1279x720, say)

MESSAGES = {
    "not_an_image": "This is not an image. Use a JPEG, PNG or WebP picture.",
    "unsupported_format": "{format} images are not accepted. Convert it to JPEG, PNG or WebP.",
    "too_large": "The file is {mb:.1f} MB; the limit is {limit_mb:.0f} MB. Use a smaller or more compressed image.",
    "too_many_pixels": "The image is {width}x{height} pixels, over the {max_mp:.0f} megapixel limit. Resize it first.",
    "truncated": "The image file is cut short or damaged. Export it again.",
    "aspect_override": "This {orientation} image will override your {target} choice: the video will be {result}.",
    "square_unsupported": "Square video is not supported, and this image is square. Crop or pad it to "
                          "{target} (use Fit below), or the API will pick the ratio itself.",
    "ratio_not_exact": "The image is {ratio} rather than exactly {target_ratio}; the video may be cropped. "
                       "Fit it to avoid surprises.",
    "animated": "The image is animated ({frames} frames); only a still picture is meaningful: the first frame is used.",
}


@dataclass
class Verdict:
    ok: bool
    format: str | None = None
    width: int | None = None  # after EXIF orientation
    height: int | None = None
    bytes: int = 0
    orientation: str | None = None  # landscape | portrait | square
    frames: int = 1
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)
    read_whole_file: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


class ImageRejected(ValueError):
    """Raised by `open_image` for bytes the API would not accept; carries the problem code."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def _complete(fmt: str, data: bytes) -> bool:
    """A cheap structural check that the file is not cut short, without decoding pixels."""
    tail = data[-64 * 1024:]
    if fmt == "JPEG":
        return b"\xff\xd9" in tail
    if fmt == "PNG":
        return b"IEND" in tail
    if fmt == "WEBP":
        return len(data) >= 12 and struct.unpack("<I", data[4:8])[0] + 8 <= len(data)
    return True


def _other_format(data: bytes) -> str | None:
    for magic, name in OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return ISO_BRANDS.get(data[8:12])
    return None


def _orientation(image: Image.Image) -> int | None:
    """The EXIF orientation from what the header parse already found. Never `getexif()`: on a PNG it
    decodes every pixel looking for EXIF after the image data."""
    raw = image.info.get("exif")
    if not raw:
        return None
    exif = Image.Exif()
    try:
        exif.load(raw)
    except (SyntaxError, ValueError, struct.error, OSError, TypeError):
        return None
    return exif.get(0x0112)


def _ratio_text(width: int, height: int) -> str:
    r = Fraction(width, height)
    return f"{r.numerator}:{r.denominator}" if r.denominator <= 32 else f"{width / height:.2f}:1"


def inspect(
    data: bytes,
    catalog: Catalog,
    aspect_ratio: str | None = None,
    *,
    total_bytes: int | None = None,
    complete: bool = True,
) -> Verdict:
    """Judge image bytes as the API would. Only the header is parsed: no pixel is decoded.

    `data` may be only the start of the file (`complete=False`, `total_bytes` the whole size), as a
    ranged read gives; the cut-short check is then skipped.
    """
    limits = catalog.reference
    size = total_bytes if total_bytes is not None else len(data)
    verdict = Verdict(ok=False, bytes=size, read_whole_file=complete)

    def problem(code: str, **values) -> Verdict:
        verdict.problems.append(code)
        verdict.messages[code] = MESSAGES[code].format(**values)
        return verdict

    if size > limits.max_bytes:
        problem("too_large", mb=size / 1e6, limit_mb=limits.max_bytes / 1e6)
    other = _other_format(data)
    if other is not None:
        verdict.format = other
        return problem("unsupported_format", format=other)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=limits.formats)  # the JPEG opener also yields MPO
            fmt = FORMAT_ALIASES.get(image.format, image.format)
            width, height = image.size
            frames = getattr(image, "n_frames", 1) if fmt in ("WEBP", "PNG") else 1
            orientation_tag = _orientation(image)
    except Image.DecompressionBombError:
        # Pillow refuses to even open it: the declared size is far over any limit.
        problem("too_many_pixels", width="?", height="?", max_mp=limits.max_pixels / 1e6)
        verdict.messages["too_many_pixels"] = "The image declares an enormous pixel size. Resize it first."
        return verdict
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, EOFError, TypeError):
        return problem("not_an_image")
    if orientation_tag in ROTATED_ORIENTATIONS:
        width, height = height, width
    verdict.format, verdict.width, verdict.height, verdict.frames = fmt, width, height, frames
    verdict.orientation = "landscape" if width > height else "portrait" if height > width else "square"

    if fmt not in limits.formats:
        problem("unsupported_format", format=fmt)
    if width * height > limits.max_pixels:
        problem("too_many_pixels", width=width, height=height, max_mp=limits.max_pixels / 1e6)
    if complete and fmt in limits.formats and not _complete(fmt, data):
        # Not a contract code of its own: a cut-short file is not a usable image.
        problem("not_an_image")
        verdict.messages["not_an_image"] = MESSAGES["truncated"]

    return retarget(verdict, catalog, aspect_ratio)


def retarget(verdict: Verdict, catalog: Catalog, aspect_ratio: str | None) -> Verdict:
    """The same facts judged against another aspect ratio: only the warnings change. Cheap: no bytes."""
    target = catalog.aspect_ratio(aspect_ratio) or catalog.aspect_ratio(
        catalog.models[catalog.default_model].default_aspect_ratio)
    verdict = replace(verdict, warnings=[], messages={k: v for k, v in verdict.messages.items()
                                                      if k in verdict.problems})
    width, height, frames = verdict.width, verdict.height, verdict.frames
    if not width or not height:
        verdict.ok = not verdict.problems
        return verdict
    if verdict.orientation == "square":
        verdict.warnings.append("square_unsupported")
        verdict.messages["square_unsupported"] = MESSAGES["square_unsupported"].format(target=target.label)
    elif verdict.orientation != target.orientation:
        result = next(r for r in catalog.aspect_ratios.values() if r.orientation == verdict.orientation)
        verdict.warnings.append("aspect_override")
        verdict.messages["aspect_override"] = MESSAGES["aspect_override"].format(
            orientation=verdict.orientation, target=target.label.split()[0], result=result.label)
    elif abs(Fraction(width, height) / target.ratio - 1) > RATIO_TOLERANCE:
        verdict.warnings.append("ratio_not_exact")
        verdict.messages["ratio_not_exact"] = MESSAGES["ratio_not_exact"].format(
            ratio=_ratio_text(width, height), target_ratio=f"{target.ratio.numerator}:{target.ratio.denominator}")
    if frames > 1:
        verdict.warnings.append("animated")
        verdict.messages["animated"] = MESSAGES["animated"].format(frames=frames)
    verdict.ok = not verdict.problems
    return verdict
