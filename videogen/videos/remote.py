"""A video at a URL read the way a player reads it: in ranges, only where the demuxer looks (its header, and for
an MP4 whose index sits at the end, its tail), through the image wing's fetch policy (no private, link-local
or metadata addresses; redirects checked hop by hop). Bounded: at most READ_BUDGET bytes and DEADLINE
seconds for the whole probe, whatever the file's size."""

from __future__ import annotations

import io
import time

from videogen.images.fetch import FetchError, fetch

BLOCK = 256 * 1024  # one ranged read
READ_BUDGET = 16 * 1024 * 1024  # bytes a probe may read in all (a 100 MB file's header and tail fit in far less)
DEADLINE = 20.0  # seconds for every read of one probe together
MAX_VIDEO_BYTES = 2 * 1024**3  # a declared size beyond this is refused without reading further


class RangedVideo(io.RawIOBase):
    """A seekable, read-only file over HTTP ranges; blocks are read once and kept."""

    def __init__(self, url: str, *, allow_private: bool = False, budget: int = READ_BUDGET):
        super().__init__()
        self.url, self.allow_private, self.budget = url, allow_private, budget
        self.started = time.monotonic()
        self.position = 0
        self.read_bytes = 0
        self.requests = 0
        self.blocks: dict[int, bytes] = {}
        first = self._fetch(0)
        total = first.total_bytes
        if total is None:
            raise FetchError("unreachable", "no_ranges")
        if total > MAX_VIDEO_BYTES:
            raise FetchError("too_large", "declared_size", mb=total / 1e6, limit_mb=MAX_VIDEO_BYTES / 1e6)
        self.size = total
        self.blocks[0] = first.content

    def _fetch(self, offset: int):
        left = DEADLINE - (time.monotonic() - self.started)
        if left <= 0:
            raise FetchError("unreachable", "too_slow", seconds=DEADLINE)
        if self.read_bytes + BLOCK > self.budget:
            raise FetchError("too_large", "video_budget", limit_mb=self.budget / 1e6)
        fetched = fetch(
            self.url,
            max_bytes=MAX_VIDEO_BYTES,
            first_bytes=BLOCK,
            allow_private=self.allow_private,
            deadline=left,
            offset=offset,
            accept="video/*, audio/*",
        )
        self.requests += 1
        self.read_bytes += len(fetched.content)
        return fetched

    def _block(self, number: int) -> bytes:
        if number not in self.blocks:
            self.blocks[number] = self._fetch(number * BLOCK).content
        return self.blocks[number]

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer) -> int:
        if self.position >= self.size:
            return 0
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self.size - self.position)
        done = 0
        while done < wanted:
            number, within = divmod(self.position, BLOCK)
            block = self._block(number)
            if within >= len(block):
                break  # the server sent less than asked: the file is shorter than it said
            take = min(wanted - done, len(block) - within)
            view[done : done + take] = block[within : within + take]
            done += take
            self.position += take
        return done
