"""Hostile and odd images, made in memory: thin and tiny shapes, decompression bombs, chunk and segment soup,
animations that lie, good pictures that strict decoders complain about, formats the API does not take.

`python -m devtools.hostile_images DIR` writes them to DIR (about 160 MB); the tests and the benchmark
take them from `hostile()` without touching the disk. Each comes with what the studio must say of it:
`accept` (perhaps with warnings), or the problem code that refuses it."""

from __future__ import annotations

import io
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[], bytes]
    expect: str  # "accept", or the problem code that refuses it
    warning: str | None = None  # a warning the verdict must carry


# --- building blocks -------------------------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def ihdr(width: int, height: int, depth: int = 8, colour: int = 2, interlace: int = 0) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace))


def png_rows(width: int, height: int, depth: int = 8, colour: int = 2, interlace: int = 0, *, extra=b"") -> bytes:
    """A PNG of zero pixels of this size (a few bytes of zlib whatever the size: the decompression bomb)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    shapes = (
        [(width, height)]
        if not interlace
        else [((width - x + dx - 1) // dx, (height - y + dy - 1) // dy) for x, y, dx, dy in passes]
    )
    squeeze, body = zlib.compressobj(9), b""
    for columns, rows in shapes:
        row = 1 + (columns * channels * depth + 7) // 8 if columns else 0
        body += b"".join(squeeze.compress(b"\x00" * row * min(4096, rows - done)) for done in range(0, rows, 4096))
    body += squeeze.flush()
    palette = chunk(b"PLTE", b"\x00\x00\x00") if colour == 3 else b""
    return SIGNATURE + ihdr(width, height, depth, colour, interlace) + palette + extra + chunk(b"IDAT", body)


def png(width: int, height: int, depth: int = 8, colour: int = 2, interlace: int = 0) -> bytes:
    return png_rows(width, height, depth, colour, interlace) + chunk(b"IEND", b"")


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(size=(1280, 720)) -> Image.Image:
    """A picture with detail (a gradient and noise), so that its compressed data is not trivial."""
    noise = Image.effect_noise(size, 40).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (noise, gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def jpeg_with_segments(count: int, target: bytes) -> bytes:
    """A JPEG with `count` empty comment segments before its frame (Pillow walks each one in Python)."""
    return target[:2] + b"\xff\xfe\x00\x02" * count + target[2:]


def png_with_chunks(count: int, where: str = "before") -> bytes:
    """A PNG with `count` empty ancillary chunks before (or after) its image data."""
    soup = chunk(b"tEXt", b"") * count
    base = png_rows(640, 360)
    if where == "before":
        return base[:33] + soup + base[33:] + chunk(b"IEND", b"")
    return base + soup + chunk(b"IEND", b"")


def apng(size=(320, 180), frames: int = 3, *, damage_frame: int | None = None, drop_fdat: bool = False) -> bytes:
    images = [photo(size).point(lambda v, i=i: (v + 40 * i) % 256) for i in range(frames)]
    data = saved(images[0], "PNG", save_all=True, append_images=images[1:], duration=100)
    out, at, seen_fdat = [data[:8]], 8, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"fdAT":
            seen_fdat += 1
            if drop_fdat:
                at += 12 + length
                continue
            if damage_frame is not None and seen_fdat == damage_frame:
                middle = 4 + (length - 4) // 2
                body = body[:middle] + bytes(b ^ 0xA5 for b in body[middle : middle + 64]) + body[middle + 64 :]
        out.append(chunk(kind, body))
        at += 12 + length
    return b"".join(out)


def apng_declaring(width: int, height: int, frames: int) -> bytes:
    """An animated PNG whose frames are all zero pixels of a large canvas (tiny, and costly to play)."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + width * 4)
    body = b"".join(squeeze.compress(row * min(2048, height - done)) for done in range(0, height, 2048))
    body += squeeze.flush()
    parts = [SIGNATURE, ihdr(width, height, 8, 6), chunk(b"acTL", struct.pack(">II", frames, 0))]
    sequence = 0
    for number in range(frames):
        control = struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 10, 0, 0)
        parts.append(chunk(b"fcTL", control))
        sequence += 1
        if number == 0:
            parts.append(chunk(b"IDAT", body))
        else:
            parts.append(chunk(b"fdAT", struct.pack(">I", sequence) + body))
            sequence += 1
    parts.append(chunk(b"IEND", b""))
    return b"".join(parts)


def webp_animated_declaring(width: int, height: int, frames: int = 2) -> bytes:
    """An animated WebP whose canvas is `width`x`height` but whose frames are 1x1: a few bytes, and a
    canvas of width*height*4 bytes (several of them) for whoever plays it."""
    tiny = saved(Image.new("RGB", (1, 1), "red"), "WEBP", lossless=True)
    vp8l = tiny[12:]  # the VP8L chunk of a 1x1 still
    body = b"VP8X" + struct.pack("<I", 10) + bytes([0x02, 0, 0, 0])
    body += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body += b"ANIM" + struct.pack("<I", 6) + struct.pack("<IH", 0, 0)
    for _ in range(frames):
        frame = (0).to_bytes(3, "little") * 2 + (0).to_bytes(3, "little") * 2 + struct.pack("<I", 100)[:3] + b"\x00"
        payload = frame + vp8l
        body += b"ANMF" + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def webp_animation(size=(320, 180), frames: int = 3, *, damage_frame: int | None = None) -> bytes:
    images = [photo(size).point(lambda v, i=i: (v + 50 * i) % 256) for i in range(frames)]
    data = bytearray(saved(images[0], "WEBP", save_all=True, append_images=images[1:], duration=100, quality=80))
    if damage_frame is not None:
        at, seen = 12, 0
        while at + 8 <= len(data):
            kind, length = bytes(data[at : at + 4]), struct.unpack("<I", data[at + 4 : at + 8])[0]
            if kind == b"ANMF":
                if seen == damage_frame:  # the frame's own VP8 header: its start code and size
                    start = data.index(b"\x9d\x01\x2a", at)
                    data[start - 3 : start + 7] = b"\xff" * 10
                    break
                seen += 1
            at += 8 + length + (length & 1)
    return bytes(data)


def motion_photo(eoi_in_tail: bool) -> bytes:
    """A phone's Motion Photo: a JPEG with an MP4 appended. Whether FF D9 appears in the MP4 is chance."""
    picture = saved(photo((1280, 960)), "JPEG", quality=90)
    video = bytearray(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 1024)
    video = bytearray(bytes(v for v in video if v != 0xD9 and v != 0xFF))  # no stray marker bytes
    if eoi_in_tail:
        video[-100:-98] = b"\xff\xd9"
    return picture + bytes(video)


def junk_before_marker(data: bytes) -> bytes:
    """Bytes between two header segments (cameras and editors write them; libjpeg warns, Pillow decodes)."""
    at = data.index(b"\xff\xdb")
    return data[:at] + b"\x00\x00\x00\x00\x00" + data[at:]


def progressive_scan_bomb(scans: int = 400) -> bytes:
    """A progressive JPEG whose refinement scans are repeated hundreds of times."""
    data = saved(photo((1024, 768)), "JPEG", quality=80, progressive=True)
    starts = [i for i in range(len(data) - 1) if data[i : i + 2] == b"\xff\xda"]
    ends = [*starts[1:], len(data) - 2]
    smallest = min((data[a:b] for a, b in zip(starts, ends, strict=True)), key=len)
    return data[:-2] + smallest * scans + b"\xff\xd9"


def sof_declaring(data: bytes, width: int, height: int) -> bytes:
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


def big_tiff() -> bytes:
    return b"II+\x00\x08\x00\x00\x00" + b"\x00" * 200


def avif_like() -> bytes:
    return b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 200


def tga(size=(64, 48)) -> bytes:
    return saved(Image.new("RGB", size, "purple"), "TGA")


def dds(size=(64, 64)) -> bytes:
    return saved(Image.new("RGBA", size, "purple"), "DDS")


# --- the set ----------------------------------------------------------------------------------------------


def hostile() -> list[Hostile]:
    jpeg_photo = saved(photo(), "JPEG", quality=90)
    png_photo = saved(photo((640, 360)), "PNG")
    return [
        # thin, tiny and degenerate shapes
        Hostile("1x1.png", lambda: png(1, 1), "accept"),
        Hostile("1x1-palette.png", lambda: png(1, 1, 1, 3), "accept"),
        Hostile("1x1.jpg", lambda: saved(Image.new("RGB", (1, 1), "red"), "JPEG"), "accept"),
        Hostile("1x1.webp", lambda: saved(Image.new("RGB", (1, 1), "red"), "WEBP", lossless=True), "accept"),
        Hostile("4000x8.png", lambda: png(4000, 8), "accept"),
        Hostile("4000x2.png", lambda: png(4000, 2), "accept"),
        Hostile("1x4000.png", lambda: png(1, 4000), "accept"),
        Hostile("20x4000.png", lambda: png(20, 4000), "accept"),
        Hostile("16383x1.webp", lambda: saved(Image.new("RGB", (16383, 1), "red"), "WEBP", lossless=True), "accept"),
        Hostile("65500x8.jpg", lambda: saved(Image.new("RGB", (65500, 8), "red"), "JPEG"), "accept"),
        Hostile("8x65500.jpg", lambda: saved(Image.new("RGB", (8, 65500), "red"), "JPEG"), "accept"),
        Hostile("1x40000000-1bit.png", lambda: png(1, 40_000_000, 1, 0), "too_many_pixels"),
        Hostile("40000000x1-1bit.png", lambda: png(40_000_000, 1, 1, 0), "accept"),
        Hostile(
            "0x0.png", lambda: png_rows(1, 1)[:16] + b"\x00" * 8 + png_rows(1, 1)[24:] + chunk(b"IEND", b""), "corrupt"
        ),
        # decompression bombs inside the pixel limit, and over it
        Hostile("6000x6000-rgba.png", lambda: png(6000, 6000, 8, 6), "accept"),
        Hostile("8000x5000-rgb.png", lambda: png(8000, 5000), "accept"),
        Hostile("8000x5000-rgba.png", lambda: png(8000, 5000, 8, 6), "accept"),
        Hostile("6000x6000-rgba16.png", lambda: png(6000, 6000, 16, 6), "accept"),
        Hostile("6000x6000-interlaced.png", lambda: png(6000, 6000, 8, 2, 1), "accept"),
        Hostile("6000x6000-gray16.png", lambda: png(6000, 6000, 16, 0), "accept"),
        Hostile(
            "50000x50000.png",
            lambda: SIGNATURE + ihdr(50_000, 50_000) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""),
            "too_many_pixels",
        ),
        Hostile("65535x65535.jpg", lambda: sof_declaring(jpeg_photo, 65535, 65535), "too_many_pixels"),
        Hostile(
            "ztxt-bomb.png",
            lambda: (
                png_rows(64, 64, extra=chunk(b"zTXt", b"k\x00\x00" + zlib.compress(b"a" * 50_000_000)))
                + chunk(b"IEND", b"")
            ),
            "corrupt",
        ),
        Hostile(
            "iccp-bomb.png",
            lambda: (
                png_rows(64, 64, extra=chunk(b"iCCP", b"p\x00\x00" + zlib.compress(b"\x00" * 50_000_000)))
                + chunk(b"IEND", b"")
            ),
            "corrupt",
        ),
        # chunk and segment soup
        Hostile("chunk-soup-49mb.png", lambda: png_with_chunks(4_300_000), "too_complex"),
        Hostile("chunk-soup-9.9mb.png", lambda: png_with_chunks(860_000), "too_complex"),
        Hostile("chunk-soup-after-idat.png", lambda: png_with_chunks(860_000, "after"), "too_complex"),
        Hostile("idat-soup.png", lambda: _idat_soup(), "too_complex"),
        Hostile("com-soup-49mb.jpg", lambda: jpeg_with_segments(12_800_000, jpeg_photo), "too_complex"),
        Hostile("com-soup-9.9mb.jpg", lambda: jpeg_with_segments(2_600_000, jpeg_photo), "too_complex"),
        Hostile("scan-bomb.jpg", lambda: progressive_scan_bomb(), "too_complex"),
        # animations
        Hostile("animated-6000x6000.webp", lambda: webp_animated_declaring(6000, 6000), "too_many_pixels"),
        Hostile("animated-16383x16383.webp", lambda: webp_animated_declaring(16383, 16383), "too_many_pixels"),
        Hostile("animated-2000-frames.webp", lambda: webp_animated_declaring(1000, 1000, 2000), "too_many_pixels"),
        Hostile("animated.webp", lambda: webp_animation(), "accept", "animated"),
        Hostile("animated-broken-frame.webp", lambda: webp_animation(frames=3, damage_frame=2), "corrupt"),
        Hostile("animated.png", lambda: apng(), "accept", "animated"),
        Hostile("apng-broken-second-frame.png", lambda: apng(damage_frame=1), "corrupt"),
        Hostile("apng-no-fdat.png", lambda: apng(drop_fdat=True), "corrupt"),
        Hostile("apng-6000x6000x50.png", lambda: apng_declaring(6000, 6000, 50), "too_many_pixels"),
        Hostile("apng-2000x2000x3.png", lambda: apng_declaring(2000, 2000, 3), "accept", "animated"),
        # good pictures that strict decoders complain about, and data after the picture
        Hostile("junk-before-marker.jpg", lambda: junk_before_marker(jpeg_photo), "accept"),
        Hostile("motion-photo.jpg", lambda: motion_photo(eoi_in_tail=False), "accept", "trailing_data"),
        Hostile("motion-photo-eoi-in-tail.jpg", lambda: motion_photo(eoi_in_tail=True), "accept", "trailing_data"),
        Hostile("trailing-after-iend.png", lambda: png_photo + b"\x00" * 7, "accept", "trailing_data"),
        Hostile(
            "trailing-5mb-after-iend.png", lambda: png_photo + bytes(range(256)) * 20_000, "accept", "trailing_data"
        ),
        Hostile("cmyk-adobe.jpg", lambda: saved(Image.new("CMYK", (640, 360), (10, 200, 30, 0)), "JPEG"), "accept"),
        Hostile("exif-after-idat.png", lambda: _exif_after_idat(), "accept"),
        # damaged
        Hostile("truncated.jpg", lambda: jpeg_photo[: len(jpeg_photo) // 2], "corrupt"),
        Hostile("truncated.png", lambda: png_photo[: len(png_photo) // 2], "corrupt"),
        Hostile("truncated.webp", lambda: (w := saved(photo((640, 360)), "WEBP"))[: len(w) // 2], "corrupt"),
        Hostile("garbled-scan.jpg", lambda: _garbled(jpeg_photo), "corrupt"),
        Hostile("no-idat.png", lambda: SIGNATURE + ihdr(64, 64) + chunk(b"IEND", b""), "corrupt"),
        # formats the API does not take, named
        Hostile("picture.tga", lambda: tga(), "unsupported_format"),
        Hostile("picture.dds", lambda: dds(), "unsupported_format"),
        Hostile("picture.ppm", lambda: saved(Image.new("RGB", (64, 48), "red"), "PPM"), "unsupported_format"),
        Hostile("bigtiff.tif", lambda: big_tiff(), "unsupported_format"),
        Hostile("picture.avif", lambda: avif_like(), "unsupported_format"),
        Hostile("picture.qoi", lambda: saved(Image.new("RGB", (64, 48), "red"), "QOI"), "unsupported_format"),
        Hostile("huge.gif", lambda: saved(Image.new("P", (8000, 8000)), "GIF"), "unsupported_format"),
        Hostile("picture.sgi", lambda: saved(Image.new("RGB", (64, 48), "red"), "SGI"), "unsupported_format"),
        Hostile("picture.pcx", lambda: saved(Image.new("RGB", (64, 48), "red"), "PCX"), "unsupported_format"),
        # not pictures
        Hostile("empty.jpg", lambda: b"", "not_an_image"),
        Hostile("text.png", lambda: b"Just some text, not a picture.\n" * 40, "not_an_image"),
        Hostile("page.pdf", lambda: b"%PDF-1.7\n" + b"0" * 500, "not_an_image"),
    ]


def _idat_soup() -> bytes:
    """A real 640x360 picture whose image data is cut into one-byte IDAT chunks."""
    data = saved(photo((640, 360)), "PNG")
    at, parts, stream = 8, [data[:8]], b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            stream += data[at + 8 : at + 8 + length]
        elif kind == b"IEND":
            parts.extend(chunk(b"IDAT", stream[i : i + 1]) for i in range(len(stream)))
            parts.append(chunk(b"IEND", b""))
        else:
            parts.append(data[at : at + 12 + length])
        at += 12 + length
    return b"".join(parts)


def _exif_after_idat() -> bytes:
    """A landscape PNG whose eXIf chunk (orientation 6: turn it upright, portrait) follows the image data."""
    exif = Image.Exif()
    exif[0x0112] = 6
    data = saved(photo((640, 360)), "PNG")
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk(b"eXIf", exif.tobytes()) + data[end:]


def _garbled(data: bytes) -> bytes:
    """A JPEG whose scan lost 4 KiB in the middle (the data jumps: libjpeg meets codes that do not decode)."""
    start = data.index(b"\xff\xda") + 200
    middle = start + (len(data) - start) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 16]) + data[middle + 4096 :]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m devtools.hostile_images DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for item in hostile():
        (folder / item.name).write_bytes(item.make())
    print(f"{len(hostile())} files in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
