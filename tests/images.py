"""Images made by the tests with Pillow: every format and oddity the inspector must judge."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def make(
    fmt: str = "JPEG", size=(1280, 720), *, mode: str = "RGB", color="teal", orientation: int | None = None, **save
) -> bytes:
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        save["exif"] = exif.tobytes()
    image.save(out, fmt, **save)
    return out.getvalue()


def noisy_jpeg(size=(6000, 4000), quality=95) -> bytes:
    """A large, hard-to-compress JPEG (a photo's byte size, not a flat colour's)."""
    import os

    small = Image.frombytes("RGB", (size[0] // 8, size[1] // 8), os.urandom(size[0] // 8 * size[1] // 8 * 3))
    out = io.BytesIO()
    small.resize(size, Image.Resampling.NEAREST).save(out, "JPEG", quality=quality)
    return out.getvalue()


def animated(fmt: str = "WEBP", size=(640, 360), frames: int = 3) -> bytes:
    images = [Image.new("RGB", size, c) for c in ("red", "green", "blue", "white")[:frames]]
    out = io.BytesIO()
    images[0].save(out, fmt, save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge size: decoding it would need gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return png_from([(b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\x00" * 16)), (b"IEND", b"")])


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(name, body) of each whole chunk of a PNG, from their headers."""
    chunks, at = [], 8
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        chunks.append((kind, data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def png_from(chunks: list[tuple[bytes, bytes]]) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(png_chunk(kind, body) for kind, body in chunks)


def noisy_png(size=(320, 180)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def damaged_png(size=(320, 180)) -> bytes:
    """Pixel data whose zlib stream is garbled in the middle; every chunk's checksum still matches."""
    chunks = png_chunks(noisy_png(size))
    kind, body = next(c for c in chunks if c[0] == b"IDAT")
    middle = len(body) // 3
    body = body[:middle] + bytes(b ^ 0x5A for b in body[middle : middle + 40]) + body[middle + 40 :]
    return png_from([(k, body if k == b"IDAT" else b) for k, b in chunks])


def png_short_idat(size=(320, 180)) -> bytes:
    """The image data chunk holds half the pixels, and the file still ends with IEND."""
    return png_from([(k, b[: len(b) // 2] if k == b"IDAT" else b) for k, b in png_chunks(noisy_png(size))])


def png_without_idat(size=(320, 180)) -> bytes:
    return png_from([(k, b) for k, b in png_chunks(noisy_png(size)) if k != b"IDAT"])


def png_renamed_iend(size=(320, 180)) -> bytes:
    """Complete image data; only the end chunk's name is mangled."""
    return png_from([(b"IEMD" if k == b"IEND" else k, b) for k, b in png_chunks(noisy_png(size))])


def apng_broken_sequence() -> bytes:
    """An animated PNG whose frame chunks' sequence numbers skip one."""
    chunks = png_chunks(animated("PNG", (64, 36), frames=3))
    fixed, skipped = [], False
    for kind, body in chunks:
        if kind in (b"fcTL", b"fdAT") and struct.unpack(">I", body[:4])[0] >= 2 and not skipped:
            body = struct.pack(">I", struct.unpack(">I", body[:4])[0] + 1) + body[4:]
        fixed.append((kind, body))
    return png_from(fixed)


def jpeg_broken_scan(size=(320, 180), seed: int = 7) -> bytes:
    """A JPEG whose entropy-coded data has 30 random bytes in the middle; it still ends with EOI."""
    import random

    from PIL import ImageFilter

    rng = random.Random(seed)
    noise = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=90)
    data = bytearray(out.getvalue())
    start = data.find(b"\xff\xda") + (len(data) - data.find(b"\xff\xda")) // 2
    for k in range(start, start + 30):
        data[k] = rng.randrange(256)
    return bytes(data)


def jpeg_cut_then_closed(size=(640, 360)) -> bytes:
    """A JPEG cut in the middle of its scan, with an end-of-image marker glued on."""
    data = noisy_jpeg(size, quality=90)
    return data[: len(data) * 2 // 3] + b"\xff\xd9"


def with_xmp_orientation(fmt: str, size, orientation: int, *, attribute: bool = True) -> bytes:
    """An image whose only orientation is XMP `tiff:Orientation` (no EXIF), as some editors write it."""
    value = f'tiff:Orientation="{orientation}"' if attribute else f"><tiff:Orientation>{orientation}</tiff:Orientation"
    xmp = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" {value}/></rdf:RDF></x:xmpmeta>'
    ).encode()
    out = io.BytesIO()
    if fmt == "PNG":  # an iTXt chunk, as Photoshop writes it
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        Image.new("RGB", size, "teal").save(out, fmt, pnginfo=info)
    else:
        Image.new("RGB", size, "teal").save(out, fmt, xmp=xmp)
    return out.getvalue()
