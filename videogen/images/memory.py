"""What decoding a picture will cost, read from its header before anything is allocated: the rule that keeps the
check, the preview and every fit of one image within a memory and a time budget, whatever the file declares."""

from __future__ import annotations

from dataclasses import dataclass

DECODE_BUDGET = 192 * 2**20  # bytes of pixels one image may take (the process stays under 256 MB above its own)
ANIMATION_PIXELS = 120_000_000  # pixels decoded in all to check every frame of an animation (about a second)
WORKING_PIXELS = 3840 * 2160  # the copy fits are cut from: as many pixels as a 4K frame
LINE_POINTER = 8  # Pillow keeps one pointer per line of an image: a 1 x 40,000,000 picture costs 320 MB in them
# Pillow's bytes per pixel for each mode it decodes into.
PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
# Copies of the canvas alive at once while an animation plays: libwebp's two, the frame's bytes and the image;
# Pillow's APNG keeps the image, the previous frame and the disposal area.
ANIMATION_COPIES = 4


@dataclass(frozen=True)
class Cost:
    """The bytes one decode takes, and the pixels checking every frame decodes."""

    bytes: int
    pixels: int

    @property
    def mb(self) -> float:
        return self.bytes / 2**20

    @property
    def within(self) -> bool:
        return self.bytes <= DECODE_BUDGET and self.pixels <= ANIMATION_PIXELS


def image_bytes(width: int, height: int, mode: str = "RGB") -> int:
    """The memory of one Pillow image of this size and mode."""
    return height * LINE_POINTER + width * height * PIXEL_BYTES.get(mode, 4)


def decode_cost(fmt: str, width: int, height: int, mode: str = "RGB", frames: int = 1) -> Cost:
    """What the one decode that proves the picture whole will take. A JPEG and a still WebP are decoded at a
    reduced scale (their cost is a reduced picture's); a PNG at full size; an animation frame by frame on a
    canvas of several copies."""
    if frames > 1:
        return Cost(ANIMATION_COPIES * image_bytes(width, height, "RGBA"), width * height * frames)
    if fmt == "JPEG":
        return Cost(image_bytes(max(1, width // 8), max(1, height // 8)) + min(width, height) * LINE_POINTER, 0)
    if fmt == "WEBP":  # scaled through libwebp; counted at full size, as Pillow decodes it when that cannot be
        return Cost(image_bytes(width, height, "RGBA"), 0)
    return Cost(image_bytes(width, height, mode), 0)


def reduction(width: int, height: int, pixels: int = WORKING_PIXELS) -> int:
    """The integer factor that brings a picture down to at most `pixels` (1 when it is already there)."""
    factor = 1
    while -(-width // factor) * -(-height // factor) > pixels:
        factor += 1
    return factor
