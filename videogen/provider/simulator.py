"""An APIMart-compatible HTTP server for sandbox mode and tests: same rules, same errors, no charges."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from videogen import catalog as catalog_module
from videogen.provider.sandbox_rules import MARKER_ERRORS, OK_STATUS_ERRORS, Refusal, model_gone, validate
from videogen.provider.sandbox_store import SqliteMap

SAMPLE_VIDEO = Path(__file__).with_name("assets") / "sample.mp4"  # 640x360, 4 s, H.264 + AAC
SAMPLE_PORTRAIT = SAMPLE_VIDEO.with_name("sample-portrait.mp4")  # 360x640, 4 s
SAMPLE_SECONDS = 4


def sample_for(payload: dict) -> Path:
    """The sandbox's clip: portrait for a portrait request, else landscape; 4 s whatever was asked."""
    return SAMPLE_PORTRAIT if str(payload.get("aspect_ratio")) in ("portrait", "9:16") else SAMPLE_VIDEO


UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # the API's limit for uploads (a video reference: 10 MB)
IMAGE_MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


@dataclass
class SimTask:
    id: str
    payload: dict
    created: float  # unix seconds
    behaviour: str = "normal"  # normal | fail | cancel | stuck | url-string
    cost: float = 0.0


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise ValueError("a kept task is not an object")
    return value


def _pair(value: object) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("a kept idempotency entry is not a pair")
    return str(value[0]), str(value[1])


def _base_url(address) -> str:
    host, port = address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    return f"http://{host}:{port}"


@dataclass
class SimulatorState:
    api_key: str | None = None  # None: any non-empty bearer key is accepted
    complete_after: float = 15.0  # seconds from submit to completed
    latency: float = 0.0  # injected before every answer, for benchmarks
    link_ttl: float = 24 * 3600.0  # how long a result link lives
    hang_seconds: float = 30.0  # how long a [sim:hang] submit holds the connection before dropping it
    honour_ranges: bool = True  # False: answer Range requests with the whole file, as some hosts do
    bandwidth: float | None = None  # bytes per second for served files (None: as fast as loopback goes)
    start_balance: float = 25.0  # the sandbox account's simulated balance before any task
    upload_status: int | None = None  # answer uploads with this error status (429, 500) instead
    clock: Callable[[], float] = time.time  # the simulator's "now": tests move it forward instead of sleeping
    tasks: MutableMapping[str, SimTask] = field(default_factory=dict)
    idempotency: MutableMapping[str, tuple[str, str]] = field(default_factory=dict)  # key -> (fingerprint, task id)
    uploads: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    submissions: list[dict] = field(default_factory=list)  # every body that reached POST, in order
    counts: dict[str, int] = field(default_factory=dict)  # requests per route, for tests and benchmarks
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, route: str) -> None:
        with self.lock:
            self.counts[route] = self.counts.get(route, 0) + 1

    @classmethod
    def kept_in(cls, path: Path, **options) -> SimulatorState:
        """A simulator whose tasks and idempotency keys live in a SQLite file: a restart keeps them."""
        tasks: SqliteMap[SimTask] = SqliteMap(path, "tasks", lambda t: t.__dict__, lambda v: SimTask(**_mapping(v)))
        keys: SqliteMap[tuple[str, str]] = SqliteMap(path, "idempotency", list, lambda v: _pair(v))
        return cls(tasks=tasks, idempotency=keys, **options)

    def balance(self) -> tuple[float, float]:
        """(remaining, used) dollars: each accepted task costs its estimate; refused ones are refunded."""
        used = sum(t.cost for t in self.tasks.values() if t.behaviour not in ("fail", "cancel"))
        return round(self.start_balance - used, 4), round(used, 4)


def _task_id() -> str:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "task_" + "".join(secrets.choice(alphabet) for _ in range(26))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API
    disable_nagle_algorithm = True  # headers and body leave in two writes: without this, 40 ms stalls
    server_version = "apimart-simulator/1.0"
    state: SimulatorState  # set on the subclass made per server

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests and the app have their own logs
        pass

    # --- answers ----------------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, content_type: str = "application/json", headers=None, paced: bool = False
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        rate = self.state.bandwidth if paced else None
        if not rate:
            self.wfile.write(body)
            return
        started, chunk = time.monotonic(), 16 * 1024
        try:
            for sent in range(0, len(body), chunk):
                self.wfile.write(body[sent : sent + chunk])
                ahead = (sent + chunk) / rate - (time.monotonic() - started)
                if ahead > 0:
                    time.sleep(ahead)
        except OSError:
            pass  # the reader hung up (a capped read): that is its right

    def _json(self, status: int, obj: dict, headers=None):
        self._send(status, json.dumps(obj).encode(), headers=headers)

    def _error(self, status: int, api_type: str, message: str, headers=None):
        self._json(status, {"error": {"code": status, "message": message, "type": api_type}}, headers)

    def _refuse(self, refusal: Refusal, headers=None):
        self._json(refusal.status, refusal.body(), headers)

    def _base(self) -> str:
        return _base_url(self.server.server_address)

    def _authorised(self) -> bool:
        auth = self.headers.get("Authorization", "")
        key = auth[7:].strip() if auth.startswith("Bearer ") else ""
        if not key or (self.state.api_key is not None and not secrets.compare_digest(key, self.state.api_key)):
            self._error(401, "authentication_error", "Invalid or missing API key.")
            return False
        return True

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    # --- routes -----------------------------------------------------------------------
    def do_GET(self):  # noqa: N802
        time.sleep(self.state.latency)
        path = urlsplit(self.path).path
        if path.startswith("/v1/tasks/"):
            self.state.count("get_task")
            if self._authorised():
                self._get_task(path.rsplit("/", 1)[1])
        elif path in ("/v1/balance", "/v1/user/balance"):
            self.state.count("balance")
            if self._authorised():
                remaining, used = self.state.balance()
                self._json(
                    200,
                    {
                        "success": True,
                        "remain_balance": remaining,
                        "used_balance": used,
                        "unlimited_quota": False,
                        "simulated": True,
                    },
                )
        elif path == "/v1/models":
            self.state.count("models")
            if self._authorised():  # OpenAI-style, as gateways of this kind answer; video models only here
                self._json(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {"id": model_id, "object": "model", "owned_by": "apimart", "category": "video"}
                            for model_id in catalog_module.builtin().models
                        ],
                    },
                )
        elif path.startswith("/files/"):
            self.state.count("file")
            self._file(path)
        else:
            self._error(404, "not_found_error", f"No route {path}.")

    do_HEAD = do_GET  # noqa: N815 - the name http.server calls

    def do_POST(self):  # noqa: N802
        time.sleep(self.state.latency)
        path = urlsplit(self.path).path
        raw = self._body()
        if path == "/v1/videos/generations":
            self.state.count("submit")
            if self._authorised():
                self._submit(raw)
        elif path == "/v1/uploads/images":
            self.state.count("upload")
            if self._authorised():
                self._upload(raw)
        else:
            self._error(404, "not_found_error", f"No route {path}.")

    def _submit(self, raw: bytes):
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return self._error(400, "invalid_request_error", "The body is not valid JSON.")
        key = self.headers.get("Idempotency-Key")
        if key is not None and not re.fullmatch(r"[\x21-\x7e]{1,191}", key):
            return self._error(400, "invalid_request_error", "Idempotency-Key must be 1-191 visible ASCII characters.")
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        state = self.state
        with state.lock:
            state.submissions.append(body)
            if key and key in state.idempotency:
                seen, task_id = state.idempotency[key]
                replay = seen == fingerprint
            else:
                replay, task_id = False, None
        if key and task_id is not None:
            if not replay:
                return self._error(409, "invalid_request_error", "This Idempotency-Key was used for another request.")
            return self._json(200, self._submitted(task_id), {"Idempotency-Replayed": "true"})
        refusal = validate(body)
        if refusal:
            return self._refuse(refusal)
        prompt = body["prompt"]
        for marker, refusal in MARKER_ERRORS.items():
            if marker in prompt:
                return self._refuse(refusal, {"Retry-After": "3"} if refusal.status == 429 else None)
        for marker, answer in OK_STATUS_ERRORS.items():
            if marker in prompt:
                return self._json(200, answer)
        if "[sim:model-gone]" in prompt:
            return self._refuse(model_gone(body["model"]))
        model = catalog_module.builtin().models[body["model"]]
        behaviour = next((b for b in ("fail", "cancel", "stuck", "url-string") if f"[sim:{b}]" in prompt), "normal")
        task = SimTask(
            _task_id(),
            body,
            state.clock(),
            behaviour,
            cost=model.estimate(body.get("duration", model.default_duration), body.get("resolution")),
        )
        with state.lock:
            state.tasks[task.id] = task
            if key:
                state.idempotency[key] = (fingerprint, task.id)
        if "[sim:hang]" in prompt:
            # The task exists (and would be billed) but the caller never learns its id.
            time.sleep(state.hang_seconds)
            self.close_connection = True
            return
        self._json(200, self._submitted(task.id))

    def _submitted(self, task_id: str) -> dict:
        """The submit's answer: `data` as a list, or as one object when the client asks for the 2026-07-27
        response version (as the provider's own client does)."""
        if self.headers.get("X-APIMart-Response-Version"):
            return {
                "code": 200,
                "data": {"id": task_id, "status": "submitted", "object": "generation.task"},
                "request_id": "req_" + secrets.token_hex(8),
            }
        return {"code": 200, "data": [{"status": "submitted", "task_id": task_id}]}

    def _task_view(self, task: SimTask) -> dict:
        period = self.state.complete_after
        elapsed = self.state.clock() - task.created
        view = {"id": task.id, "created": int(task.created), "estimated_time": int(period) or 1}
        if task.behaviour == "fail" and elapsed >= period / 2:
            view.update(
                status="failed",
                progress=0,
                cost=0,
                error={
                    "code": "nsfw_content_detected",
                    "type": "moderation_error",
                    "message": "The request was refused by the content policy (sandbox [sim:fail]). Not charged.",
                },
            )
        elif task.behaviour == "cancel" and elapsed >= period / 2:
            view.update(
                status="cancelled",
                progress=0,
                cost=0,
                error={
                    "code": "cancelled",
                    "type": "task_cancelled",
                    "message": "The provider cancelled the task (sandbox [sim:cancel]). Not charged.",
                },
            )
        elif task.behaviour != "stuck" and elapsed >= period:
            done = task.created + period
            url = f"{self._base()}/files/videos/{task.id}.mp4"
            view.update(
                status="completed",
                progress=100,
                completed=int(done),
                actual_time=int(period),
                cost=task.cost,
                credits_cost=round(task.cost * 10, 4),
                result={
                    "videos": [
                        {
                            "url": url if task.behaviour == "url-string" else [url],
                            "expires_at": int(done + self.state.link_ttl),
                        }
                    ]
                },
            )
        elif elapsed < min(2.0, period * 0.15):
            view.update(status="pending", progress=0)
        else:
            progress = 99 if task.behaviour == "stuck" else min(99, int(100 * elapsed / period))
            view.update(status="processing", progress=max(1, progress))
        return view

    def _get_task(self, task_id: str):
        task = self.state.tasks.get(task_id)
        if task is None:
            return self._error(400, "invalid_request_error", f"Task {task_id[:64]!r} does not exist.")
        self._json(200, {"code": 200, "data": self._task_view(task)})

    def _upload(self, raw: bytes):
        if self.state.upload_status == 429:
            return self._refuse(
                Refusal(429, 429, "Too many uploads (sandbox).", "rate_limit_error"), {"Retry-After": "2"}
            )
        if self.state.upload_status:
            return self._refuse(
                Refusal(self.state.upload_status, self.state.upload_status, "Upload failed (sandbox).", "server_error")
            )
        if len(raw) > UPLOAD_MAX_BYTES + 64 * 1024:
            return self._error(413, "invalid_request_error", "The file is over 20 MB.")
        content_type = self.headers.get("Content-Type", "")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        part = (
            next((p for p in message.iter_parts() if p.get_param("name", header="content-disposition") == "file"), None)
            if message.is_multipart()
            else None
        )
        if part is None:
            return self._error(400, "invalid_request_error", "Missing file field 'file'.")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        mime = next((m for magic, m in IMAGE_MAGIC.items() if data.startswith(magic)), None)
        if mime is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            mime = "image/webp"
        if mime is None:
            return self._error(400, "invalid_request_error", "Unsupported format: use JPEG, PNG, WebP or GIF.")
        if len(data) > UPLOAD_MAX_BYTES:
            return self._error(413, "invalid_request_error", "The file is over 20 MB.")
        filename = re.sub(r"[^A-Za-z0-9._-]", "_", part.get_filename() or "image")[-80:]
        name = f"{secrets.token_hex(8)}-{filename}"
        with self.state.lock:
            self.state.uploads[name] = (data, mime)
        self._json(
            200,
            {
                "url": f"{self._base()}/files/images/{name}",
                "filename": filename,
                "content_type": mime,
                "bytes": len(data),
                "created_at": int(time.time()),
            },
        )

    def _file(self, path: str):
        parts = path.split("/")
        if len(parts) == 4 and parts[2] == "videos" and parts[3].endswith(".mp4"):
            task = self.state.tasks.get(parts[3][:-4])
            view = self._task_view(task) if task else {}
            if task is None or view.get("status") != "completed":
                return self._error(404, "not_found_error", "No such video.")
            if self.state.clock() > view["result"]["videos"][0]["expires_at"]:
                return self._error(403, "permission_error", "This link has expired.")
            return self._ranged(sample_for(task.payload).read_bytes(), "video/mp4")
        if len(parts) == 4 and parts[2] == "images" and parts[3] in self.state.uploads:
            data, mime = self.state.uploads[parts[3]]
            return self._ranged(data, mime)
        self._error(404, "not_found_error", "No such file.")

    def _ranged(self, data: bytes, mime: str):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if not match or not self.state.honour_ranges or int(match.group(1)) >= len(data):
            return self._send(200, data, mime, {"Accept-Ranges": "bytes"}, paced=True)
        start = int(match.group(1))
        end = min(int(match.group(2) or len(data) - 1), len(data) - 1)
        self._send(
            206,
            data[start : end + 1],
            mime,
            {"Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{len(data)}"},
            paced=True,
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default of 5 drops simultaneous connects: 1 s SYN retries


class Simulator:
    """A running simulator on a loopback port, in a daemon thread."""

    def __init__(self, state: SimulatorState | None = None, host: str = "127.0.0.1", port: int = 0):
        self.state = state or SimulatorState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return _base_url(self.server.server_address)

    def start(self) -> Simulator:
        self._thread = threading.Thread(target=self.server.serve_forever, name="apimart-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
