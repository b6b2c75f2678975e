"""Reference-image inspection: format, size, pixels, EXIF orientation, ratio; the verdict the API would give."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction

from PIL import Image, UnidentifiedImageError

from videogen.catalog import Catalog, ImageRules, Model
from videogen.i18n import Note, nested
from videogen.images import formats, memory, structure
from videogen.images.decoding import (
    FORMAT_ALIASES,
    CorruptImage,
    Decoded,
    TooCostly,
    decode,
    orientation,
    orientation_of,
)

ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
RATIO_TOLERANCE = 0.01  # 1% off 16:9 still counts as exact (1280x720 vs 1279x720, say)
UPSCALE_WARNING = 3  # an image this many times smaller than the frame is worth a word


BY_MODEL = "by_model"  # a detail's mark: this problem is one model's rule, not the bytes' own


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
    details: dict[str, dict] = field(default_factory=dict)  # each code's parameters, for its message
    read_whole_file: bool = True
    end: int | None = None  # where the picture's own bytes end, when other data follows them

    @property
    def bytes_ok(self) -> bool:
        """No problem of the bytes' own: only a model's rule (its size limit, its sides) refuses them, if
        anything does. Such a file is still read whole and decoded: another model may take it."""
        return all(self.details.get(code, {}).get(BY_MODEL) for code in self.problems)

    def note(self, code: str) -> Note:
        """The message of a problem or warning: `image.<code>`, or another message its details name (`as`)."""
        params = self.details.get(code, {})
        return Note(params.get("as", f"image.{code}"), params)

    def message(self, code: str, language: str | None = None) -> str:
        return self.note(code).text(language)

    @property
    def messages(self) -> dict[str, str]:
        """Each problem's and warning's message, in the process's language (what `check-image` prints)."""
        return {code: self.message(code) for code in self.details}

    def to_dict(self) -> dict:
        facts = asdict(self)
        facts.pop("details")
        return {**facts, "messages": self.messages}


def webp_header(data: bytes) -> tuple[int, int, int, int | None] | None:
    """(width, height, frames, orientation) of a WebP from its RIFF chunk headers, so that the first
    128 KiB are enough (Pillow's WebP opener wants the whole file, and a file cut short is then still
    named a WebP). None when the bytes cannot tell: not a WebP, or the EXIF or XMP chunk, which follows
    the image data, lies beyond them."""
    if len(data) < 30 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    kind = data[12:16]
    if kind == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF, 1, None
    if kind == b"VP8L":
        if data[20] != 0x2F:
            return None
        bits = struct.unpack("<I", data[21:25])[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1, None
    if kind != b"VP8X":
        return None
    flags = data[20]
    width, height = int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    riff_end = struct.unpack("<I", data[4:8])[0] + 8
    frames, found, at, walked = 0, {}, 12, 0
    while at + 8 <= len(data) and at < riff_end and walked < structure.MAX_WEBP_CHUNKS:
        walked += 1
        chunk, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        frames += chunk == b"ANMF"
        if chunk in (b"EXIF", b"XMP ") and at + 8 + size <= len(data):
            found[chunk] = data[at + 8 : at + 8 + size]
        at += 8 + size + (size & 1)
    needed = {name for name, bit in ((b"EXIF", 0x08), (b"XMP ", 0x04)) if flags & bit}
    if not needed <= set(found):
        return None
    turn = orientation_of(found.get(b"EXIF"), found.get(b"XMP "))
    if flags & 0x02 and at < riff_end:
        frames = max(frames, 2)  # animated, more frames beyond these bytes: the whole read counts them
    return width, height, max(frames, 1), turn


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
        verdict.details[code] = values
        return verdict

    signed = structure.format_of(data)
    if size > limits.max_bytes:  # refused by its length: nothing is parsed
        verdict.format = signed or formats.other_format(data)
        return problem("too_large", mb=size / 1e6, limit_mb=limits.max_bytes / 1e6)
    other = formats.other_format(data)
    if other is not None:
        verdict.format = other
        return problem("unsupported_format", format=other)
    layout = structure.layout(signed, data) if signed else None
    if layout is not None and layout.too_complex:  # walked no further than the bound; Pillow is not asked
        verdict.format = signed
        return problem("too_complex", pieces=layout.limit, kind=nested(f"image.pieces.{layout.too_complex}"))
    webp = webp_header(data) if "WEBP" in limits.formats else None
    mode = "RGBA"
    try:
        if webp is not None:
            fmt = "WEBP"
            width, height, frames, orientation_tag = webp
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data), formats=limits.formats)  # the JPEG opener also yields MPO
                fmt = FORMAT_ALIASES.get(image.format or "", image.format or "")
                width, height, mode = image.width, image.height, image.mode
                frames = getattr(image, "n_frames", 1) if fmt in ("WEBP", "PNG") else 1
                orientation_tag = orientation(image, layout.exif if layout else None)
    except Image.DecompressionBombError:
        # Pillow refuses to even open it: the declared size is far over any limit.
        problem("too_many_pixels", width="?", height="?", max_mp=limits.max_pixels / 1e6)
        verdict.details["too_many_pixels"] = {"as": "image.enormous"}
        return verdict
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, EOFError, TypeError):
        if signed and complete and layout is not None and not layout.cut_short:
            verdict.format = signed  # its own signature and whole structure, yet unreadable: damaged
            return problem("corrupt")
        named = None if signed else formats.named_by_pillow(data)
        if named:
            verdict.format = named
            return problem("unsupported_format", format=named)
        return problem("not_an_image")
    if orientation_tag in ROTATED_ORIENTATIONS:
        width, height = height, width
    verdict.format, verdict.width, verdict.height, verdict.frames = fmt, width, height, frames
    verdict.orientation = "landscape" if width > height else "portrait" if height > width else "square"

    if fmt not in limits.formats:
        problem("unsupported_format", format=fmt)
    if width * height > limits.max_pixels:
        problem("too_many_pixels", width=width, height=height, max_mp=limits.max_pixels / 1e6)
    else:
        _within_budget(verdict, fmt, mode, problem)
    if complete and fmt in limits.formats and layout is not None:
        if layout.cut_short:
            problem("corrupt")
        elif layout.trailing(size) > 0:
            verdict.end = layout.end

    return retarget(verdict, catalog, aspect_ratio)


def _within_budget(verdict: Verdict, fmt: str, mode: str, problem) -> None:
    """Refused from the header when decoding it would take more memory, or checking every frame more time, than
    one image may (a few bytes can declare a canvas of gigabytes)."""
    width, height, frames = verdict.width or 0, verdict.height or 0, verdict.frames
    cost = memory.decode_cost(fmt, width, height, mode, frames)
    if cost.bytes > memory.DECODE_BUDGET:
        problem("too_many_pixels", width=width, height=height, mb=cost.mb, limit_mb=memory.DECODE_BUDGET / 2**20)
        verdict.details["too_many_pixels"]["as"] = "image.too_costly"
    elif cost.pixels > memory.ANIMATION_PIXELS:
        problem("too_many_pixels", width=width, height=height, frames=frames, limit_mp=memory.ANIMATION_PIXELS / 1e6)
        verdict.details["too_many_pixels"]["as"] = "image.animation_too_long"


def verify(data: bytes, verdict: Verdict) -> tuple[Verdict, Decoded | None]:
    """The header verdict confirmed by a full decode of the first frame (done once, bounded in memory):
    the same verdict and the small upright picture for previews, or the verdict with `corrupt` added.
    Only an accepted, whole file is decoded."""
    if not verdict.bytes_ok or not verdict.read_whole_file:
        return verdict, None
    try:
        return verdict, decode(data[: verdict.end] if verdict.end else data)
    except TooCostly as refused:
        details = {
            **verdict.details,
            "too_many_pixels": {
                "as": "image.too_costly",
                "width": verdict.width,
                "height": verdict.height,
                "mb": refused.cost.mb,
                "limit_mb": memory.DECODE_BUDGET / 2**20,
            },
        }
        problems = [*verdict.problems, "too_many_pixels"]
        return replace(verdict, ok=False, problems=problems, details=details), None
    except CorruptImage:
        details = {**verdict.details, "corrupt": {}}
        return replace(verdict, ok=False, problems=[*verdict.problems, "corrupt"], details=details), None


def _model_problems(verdict: Verdict, rules: ImageRules, model: Model) -> None:
    """What this model refuses that the catalogue's widest rules let through: its bytes, formats, sides
    and ratio limits."""

    def problem(code: str, **values) -> None:
        if code not in verdict.problems:
            verdict.problems.append(code)
            verdict.details[code] = {**values, BY_MODEL: True}  # judged again, for another model, from scratch

    if verdict.bytes > rules.max_bytes:
        problem("too_large", mb=verdict.bytes / 1e6, limit_mb=rules.max_bytes / 1e6)
    if verdict.format and verdict.format not in rules.formats and "not_an_image" not in verdict.problems:
        problem(
            "unsupported_format",
            format=verdict.format,
            model=model.name,
            formats=", ".join(rules.formats),
            **{"as": "image.format_for_model"},
        )
    width, height = verdict.width, verdict.height
    if not width or not height:
        return
    short, long = min(width, height), max(width, height)
    if rules.min_side and short < rules.min_side:
        problem("too_small", width=width, height=height, model=model.name, min_side=rules.min_side)
    if rules.max_side and long > rules.max_side:
        problem("too_big_side", width=width, height=height, model=model.name, max_side=rules.max_side)
    if rules.min_ratio and short / long < rules.min_ratio:
        problem(
            "ratio_out_of_range", ratio=_ratio_text(width, height), model=model.name, limit=f"{1 / rules.min_ratio:g}"
        )


def retarget(
    verdict: Verdict,
    catalog: Catalog,
    aspect_ratio: str | None,
    frame: tuple[int, int] | None = None,
    *,
    model: Model | None = None,
    role: str = "reference",
) -> Verdict:
    """The same facts judged for a model (the catalogue's default when none), a role and a chosen shape:
    the model's own limits, and the warnings its ratio rule calls for. Cheap: no bytes. Always given the
    verdict of the bytes alone (`inspect`), never one already judged for a model.

    `frame` is the video's own pixel size (1792x1024 is 7:4, not quite 16:9): the ratio is judged against
    it when given. A remedy names Fit only where Fit is offered (an image with a problem has none)."""
    model = model or catalog.models[catalog.default_model]
    target = catalog.aspect_ratio(aspect_ratio) or catalog.shapes[model.default_ratio]
    # The bytes' own problems stay; another model's (a 23 MB file over the default model's 10 MB) do not: a
    # model that takes 30 MB judged it refused when its verdict had been judged for the default model first.
    kept = [code for code in verdict.problems if not verdict.details.get(code, {}).get(BY_MODEL)]
    verdict = replace(
        verdict,
        warnings=[],
        problems=kept,
        details={k: v for k, v in verdict.details.items() if k in kept},
    )
    _model_problems(verdict, model.images.rules, model)
    width, height, frames = verdict.width, verdict.height, verdict.frames
    if not width or not height:
        verdict.ok = not verdict.problems
        return verdict
    fit = not verdict.problems

    def warn(code: str, **values) -> None:
        verdict.warnings.append(code)
        verdict.details[code] = values

    rule = model.images.ratio_rule
    leads = role == "first_frame" or not model.images.frames  # the image that sets an image-led video's shape
    if rule == "image" and leads:
        shape = catalog.nearest_shape(width, height, model)
        warn(
            "shape_from_image",
            ratio=_ratio_text(width, height),
            model=model.name,
            shape=shape.label if shape else _ratio_text(width, height),
        )
    elif target.ratio is None or (rule == "keep" and role == "reference") or (rule == "image" and not leads):
        pass  # an adaptive shape follows the image; a reference does not set the shape
    else:
        _shape_warnings(verdict, catalog, model, target, frame, fit, rule, warn)
    if frame and fit and not (rule == "image" and leads):
        factor = max(frame[0] / width, frame[1] / height)
        if factor >= UPSCALE_WARNING:
            warn(
                "upscaled",
                width=width,
                height=height,
                frame_width=frame[0],
                frame_height=frame[1],
                factor=round(factor),
            )
    if frames > 1:
        warn("animated", frames=frames)
    if verdict.end is not None and verdict.bytes > verdict.end:
        warn("trailing_data", mb=(verdict.bytes - verdict.end) / 1e6)
    verdict.ok = not verdict.problems
    return verdict


def _shape_warnings(verdict, catalog, model, target, frame, fit, rule, warn) -> None:
    """The image against the chosen shape: with the override rule its own orientation wins; with the keep
    rule the model crops or stretches it to yours."""
    width, height = verdict.width, verdict.height
    frame_ratio = Fraction(*frame) if frame else target.ratio
    result = catalog.aspect_ratio_for(verdict.orientation, model)
    if rule == "override" and result is None:
        warn(
            "square_unsupported",
            target=target.label,
            remedy=nested("image.remedy.crop_or_pad") if fit else nested("image.remedy.other_picture"),
        )
    elif verdict.orientation != target.orientation and rule == "override":
        result = result or target
        warn(
            "aspect_override",
            orientation=verdict.orientation,
            target=target.label,
            result=result.label,
            remedy=nested("image.remedy.fit_or_switch", shape=result.label)
            if fit
            else nested("image.remedy.switch_or_picture", shape=result.label, orientation=target.orientation),
        )
    elif abs(Fraction(width, height) / frame_ratio - 1) > RATIO_TOLERANCE:
        size = (
            nested("image.video_frame", width=frame[0], height=frame[1])
            if frame
            else f"{frame_ratio.numerator}:{frame_ratio.denominator}"
        )
        warn(
            "ratio_not_exact",
            ratio=_ratio_text(width, height),
            target_ratio=size,
            remedy=nested("image.remedy.fit") if fit else "",
        )
