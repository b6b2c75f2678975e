"""A small loopback HTTP server, on raw sockets, that misbehaves on purpose: one handler per path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

Handler = Callable[[socket.socket, "Request"], None]


class Request:
    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes):
        self.method, self.path, self.headers, self.body = method, path, headers, body


def respond(
    conn: socket.socket,
    status: int,
    body: bytes = b"",
    headers: dict | None = None,
    content_type: str = "application/json",
) -> None:
    head = [
        f"HTTP/1.1 {status} X",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)


def reset(conn: socket.socket) -> None:
    """Close with a TCP RST instead of a clean FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


class FaultServer:
    def __init__(self):
        self.routes: dict[str, Handler] = {}
        self.hits: list[Request] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url + path

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                piece = conn.recv(65536)
                if not piece:
                    return
                data += piece
            head, _, body = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {
                k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
            }
            length = int(headers.get("content-length", 0))
            while len(body) < length:
                body += conn.recv(65536)
            request = Request(method, target, headers, body)
            self.hits.append(request)
            handler = self.routes.get(target.split("?")[0])
            if handler is None:
                respond(conn, 404, b'{"error": {"code": 404, "message": "no route", "type": "not_found_error"}}')
            else:
                handler(conn, request)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop = True
        self.sock.close()


def serve_bytes(
    data: bytes, content_type: str = "image/jpeg", *, ranges: bool = True, latency: float = 0.0, length: bool = True
) -> Handler:
    """A plain file host, with or without Range support."""

    def handler(conn, request):
        time.sleep(latency)
        import re

        match = re.fullmatch(r"bytes=(\d+)-(\d*)", request.headers.get("range", ""))
        if ranges and match:
            start, end = int(match.group(1)), min(int(match.group(2) or len(data) - 1), len(data) - 1)
            part = data[start : end + 1]
            respond(conn, 206, part, {"Content-Range": f"bytes {start}-{end}/{len(data)}"}, content_type)
            return
        if length:
            respond(conn, 200, data, {"Accept-Ranges": "bytes" if ranges else "none"}, content_type)
        else:
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n".encode())
            try:
                conn.sendall(data)
            except OSError:
                pass

    return handler
