"""An APIMart-compatible HTTP server for sandbox mode and tests: same rules, same errors, no charges."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import io
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from PIL import Image

from videogen import catalog as catalog_module
from videogen.catalog.input_schema import input_schema
from videogen.provider import prompt_help
from videogen.provider.protocol import API_LANGUAGES, UPLOAD_MAX_BYTES
from videogen.provider.sandbox.render import ending_colour, frame_size, last_picture, render, seconds_of
from videogen.provider.sandbox.rules import (
    IN_PROGRESS,
    INDETERMINATE,
    KEY_REUSED,
    MARKER_ERRORS,
    MINIMUM_BALANCE,
    OK_STATUS_ERRORS,
    PromptHelp,
    Refusal,
    below_minimum,
    helper_call,
    model_gone,
    remix_of,
    request_of,
)
from videogen.provider.sandbox.tasks import (  # noqa: F401 - re-exported: the simulator's callers speak of these
    SimTask,
    SimulatorState,
    task_view,
)
from videogen.request import ValidRequest

IMAGE_MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def _listed(retired: bool) -> list[str]:
    """The ids the real API lists: every current model of the catalogue; retired ones (Sora 2) only for a key
    whose list still has them."""
    return [m.id for m in catalog_module.builtin().models.values() if retired or not m.retired]


def _base_url(address) -> str:
    host, port = address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    return f"http://{host}:{port}"


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
                language = parse_qs(urlsplit(self.path).query).get("language", ["en"])[0]
                self._get_task(path.rsplit("/", 1)[1], language)
        elif path in ("/v1/balance", "/v1/user/balance"):
            self.state.count("balance")
            if self._authorised():
                remaining, used = self.state.balance()
                if remaining < MINIMUM_BALANCE:
                    return self._refuse(below_minimum(remaining))
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
        elif path == "/v1/model-schema":
            self.state.count("model_schema")
            if self._authorised():
                wanted = parse_qs(urlsplit(self.path).query).get("model", [""])[0]
                model = catalog_module.builtin().model(wanted)
                if model is None:
                    self._error(404, "not_found_error", f"No schema for model {wanted!r}.")
                else:
                    self._json(200, input_schema(model))
        elif path == "/v1/models":
            self.state.count("models")
            if self._authorised():  # OpenAI-style, as gateways of this kind answer; video models only here
                self._json(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {"id": model_id, "object": "model", "owned_by": "apimart", "category": "video"}
                            for model_id in (*_listed(self.state.lists_retired), *self.state.extra_models)
                            if model_id not in self.state.hidden_models
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
                remaining, _ = self.state.balance()
                if remaining < MINIMUM_BALANCE:
                    return self._refuse(below_minimum(remaining))
                self._submit(raw)
        elif path == "/v1/uploads/images":
            self.state.count("upload")
            if self._authorised():
                self._upload(raw)
        elif re.fullmatch(r"/v1/videos/[^/]+/remix", path):
            self.state.count("remix")
            if self._authorised():
                self._submit(raw, remix=unquote(path.split("/")[3]))
        else:
            self._error(404, "not_found_error", f"No route {path}.")

    def _submit(self, raw: bytes, remix: str | None = None):
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return self._error(400, "invalid_request_error", "The body is not valid JSON.")
        key = self.headers.get("Idempotency-Key")
        if key is not None and not re.fullmatch(r"[\x21-\x7e]{1,191}", key):
            return self._error(400, "invalid_request_error", "Idempotency-Key must be 1-191 visible ASCII characters.")
        if remix is not None and isinstance(body, dict):
            body = {**body, "remix_of": remix}  # kept with the task: what it extends
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        state = self.state
        with state.lock:
            state.submissions.append(body)
            limited = state.rate_limit_next > 0
            state.rate_limit_next -= int(limited)
        if limited:
            refusal = Refusal(429, 429, "Too many requests: slow down (sandbox).", "rate_limit_error")
            return self._refuse(refusal, {"Retry-After": f"{state.rate_limit_retry_after:g}"})
        with state.lock:
            if key and key in state.idempotency:
                seen, task_id = state.idempotency[key]
                replay = seen == fingerprint
            else:
                replay, task_id = False, None
        if key and task_id is not None:
            if not replay:
                return self._refuse(KEY_REUSED)
            return self._json(200, self._submitted(task_id), {"Idempotency-Replayed": "true"})
        if isinstance(body, dict) and body.get("model") in state.hidden_models:
            return self._refuse(model_gone(body["model"]))
        if isinstance(body, dict) and body.get("model") == prompt_help.MODEL:
            outcome: ValidRequest | Refusal | PromptHelp = helper_call(body)
        else:
            outcome = self._remix(body, remix) if remix is not None else request_of(body, catalog_module.builtin())
        if isinstance(outcome, Refusal):
            return self._refuse(outcome)
        shots = outcome.request.shots if isinstance(outcome, ValidRequest) else ()
        prompt = " ".join([str(body.get("prompt", ""))] + [p for p, _ in shots])  # markers in any shot
        for marker, refusal in MARKER_ERRORS.items():
            if marker in prompt:
                return self._refuse(refusal, {"Retry-After": "3"} if refusal.status == 429 else None)
        for marker, answer in OK_STATUS_ERRORS.items():
            if marker in prompt:
                return self._json(200, answer)
        if "[sim:model-gone]" in prompt:
            return self._refuse(model_gone(body["model"]))
        if "[sim:409-busy]" in prompt and key:
            with state.lock:
                first = key not in state.busy_keys
                state.busy_keys.add(key)
            if first:  # the first send is "still in progress": the same key sent again makes the task
                return self._refuse(IN_PROGRESS, {"Retry-After": "1"})
        behaviour = next((b for b in ("fail", "cancel", "stuck", "url-string") if f"[sim:{b}]" in prompt), "normal")
        task = SimTask(
            _task_id(),
            body,
            state.clock(),
            behaviour,
            cost=outcome.estimate(),
        )
        with state.lock:
            state.tasks[task.id] = task
            if key:
                state.idempotency[key] = (fingerprint, task.id)
        if "[sim:409-indeterminate]" in prompt:
            return self._refuse(INDETERMINATE)  # the task exists (and would be billed); the answer says nothing
        if "[sim:hang]" in prompt:
            # The task exists (and would be billed) but the caller never learns its id.
            time.sleep(state.hang_seconds)
            self.close_connection = True
            return
        self._json(200, self._submitted(task.id))

    def _remix(self, body: dict, task_id: str) -> ValidRequest | Refusal:
        source = self.state.tasks.get(task_id)
        done = source is not None and task_view(source, self.state, self._base()).get("status") == "completed"
        sent = {k: v for k, v in body.items() if k != "remix_of"}
        return remix_of(sent, source.payload if source else None, done, catalog_module.builtin())

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

    def _get_task(self, task_id: str, language: str):
        if language.lower() not in API_LANGUAGES:  # `zh-CN` is refused: ten bare codes, case aside
            return self._error(400, "invalid_request_error", f"Unsupported language {language[:16]!r}.")
        task = self.state.tasks.get(task_id)
        if task is None:
            return self._error(400, "invalid_request_error", f"Task {task_id[:64]!r} does not exist.")
        self.state.languages[task_id] = language[:8]
        with self.state.lock:
            self.state.polls.append((task_id, self.headers.get("User-Agent", "")[:120], time.time()))
        self._json(200, {"code": 200, "data": task_view(task, self.state, self._base(), language)})

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
            view = task_view(task, self.state, self._base()) if task else {}
            if task is None or view.get("status") != "completed":
                return self._error(404, "not_found_error", "No such video.")
            if self.state.clock() > view["result"]["videos"][0]["expires_at"]:
                return self._error(403, "permission_error", "This link has expired.")
            return self._ranged(self._clip(task), "video/mp4")
        if len(parts) == 4 and parts[2] == "images" and parts[3] in self.state.uploads:
            data, mime = self.state.uploads[parts[3]]
            return self._ranged(data, mime)
        self._error(404, "not_found_error", "No such file.")

    def _clip(self, task: SimTask) -> bytes:
        """The task's clip, rendered from its request once (kept while recent): a range request for its tail
        and the next one for its head are answered from the same bytes."""
        clip = self.state.renders.get(task.id)
        if clip is None:
            source = self.state.tasks.get(str(task.payload.get("remix_of")))
            if source is not None:  # an extension goes on from the last frame of the video it extends
                first = last_picture(self._clip(source))
                seconds, shape = (7 if task.payload.get("raw") else 15), None
                request = None
            else:
                outcome = request_of(task.payload, catalog_module.builtin())
                request = None if isinstance(outcome, Refusal) else outcome.request
                first = self._uploaded_picture(request.first_frame if request else None)
                seconds = seconds_of(request.duration if request else None)
                shape = request.aspect_ratio if request else None
            words = " ".join(
                [str(task.payload.get("prompt", ""))] + [p for p, _ in (request.shots if request else ())]
            )  # a multi-shot call ends on its last shot's colour
            clip = render(
                seconds=seconds,
                size=frame_size(shape, first),
                ending=ending_colour(words, task.id),
                first=first,
            )
            self.state.keep_render(task.id, clip)
        return clip

    def _uploaded_picture(self, url: str | None) -> Image.Image | None:
        """The first frame a request names, when it is a picture uploaded here (the sandbox fetches nothing
        from elsewhere); None for any other URL or for bytes that are not a picture of a sane size."""
        name = (url or "").rpartition("/files/images/")[2]
        if not name or name not in self.state.uploads:
            return None
        try:
            with Image.open(io.BytesIO(self.state.uploads[name][0])) as picture:
                if picture.width * picture.height > 40_000_000:
                    return None
                return picture.convert("RGB")
        except (OSError, ValueError, Image.DecompressionBombError):
            return None

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
        # `stop()` waits for the serving loop to look at its flag: every 0.05 s, not the default 0.5 s (a test's
        # teardown spent 0.46 s there, hundreds of times a suite).
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="apimart-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
