"""One submit = one intent: recorded with its idempotency key before the POST, never POSTed twice."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from videogen.i18n import Note
from videogen.images.kept import KeptImages
from videogen.money.budget import Budget
from videogen.provider import errors
from videogen.provider.protocol import RetryNote, VideoProvider
from videogen.request import GenerationRequest, ValidRequest
from videogen.tasks.schema import Origin
from videogen.tasks.states import TaskState
from videogen.tasks.store import NewIntent, RepeatGuard, RepeatOfRecent, TaskRecord, TaskStore

# Errors after which the API certainly created no task: a new attempt may use a new key.
DEFINITE = (
    errors.UnreachableError,
    errors.InvalidRequestError,
    errors.AuthenticationError,
    errors.PaymentRequiredError,
    errors.ForbiddenError,
    errors.NotFoundError,
    errors.RateLimitedError,
    errors.ModelUnavailableError,
    errors.KeyReusedError,  # 409: the key named another request; nothing was made for this one
    errors.NotExecutedError,  # 503 idempotency_unavailable: not executed, safe to send again
)


def new_nonce() -> str:
    return secrets.token_hex(8)


REPEAT_WINDOW = 30 * 60  # a request equal to one sent this recently, from any session, is asked about


def content_key(request: GenerationRequest, image_digest: str | None = None) -> str:
    """What the request asks for (every field, and the image's digest), whichever session sends it."""
    content = json.dumps(
        [
            request.model,
            request.prompt.strip(),
            request.duration,
            request.aspect_ratio,
            request.resolution,
            list(request.image_urls),
            image_digest,
            *(
                [request.first_frame, request.last_frame, sorted(request.option_values.items())]
                if request.first_frame or request.last_frame or request.options
                else []
            ),
            *([request.extends] if request.extends else []),  # two videos extended alike are two requests
            *([[[m.role, m.url] for m in request.media]] if request.media else []),  # another video: another request
            *([[list(shot) for shot in request.shots]] if request.shots else []),
        ],
        sort_keys=True,
    )
    return "c-" + hashlib.sha256(content.encode()).hexdigest()[:40]


def intent_key(
    nonce: str, request: GenerationRequest, image_digest: str | None = None, count: int = 1, also: tuple[str, ...] = ()
) -> str:
    """The idempotency key of a form's content: the same form in the same session gives the same key,
    so a second click finds the intent already recorded. Visible ASCII, 1-191 characters. A set of
    `count` variations, or the request with the models it `also` goes to, is keyed as a whole (each video then
    gets `<key>-<n>`)."""
    content = json.dumps(
        [nonce, content_key(request, image_digest), *([count] if count > 1 else []), *([list(also)] if also else [])]
    )
    return "vg-" + hashlib.sha256(content.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class SubmitOutcome:
    record: TaskRecord  # the (first) video's
    sent: bool  # True when this call made the POST
    repeat_of: TaskRecord | None = None  # set, and nothing sent, when the same request went out lately
    replayed: bool = False  # the API answered with the task an earlier request under this key had made
    group: tuple[TaskRecord, ...] = ()  # every video of a set of variations, in order


UploadForm = tuple[bytes, str, str]  # data, file name, content type


@dataclass(frozen=True)
class Attached:
    """The images going with a request: their digest (part of what was asked), a thumbnail for History,
    and, for local files, the bytes to upload first: `upload` for the reference, `uploads` by role."""

    digest: str | None = None
    thumbnail: bytes | None = None
    upload: UploadForm | None = None
    uploads: tuple[tuple[str, UploadForm], ...] = ()

    def forms(self) -> list[tuple[str, UploadForm]]:
        return ([("reference", self.upload)] if self.upload else []) + list(self.uploads)

    @classmethod
    def of(cls, parts: list[tuple[str, str | None, bytes | None, UploadForm | None]]) -> Attached:
        """The images of several roles as one: (role, digest, thumbnail, upload) each."""
        digests = [f"{role}:{digest}" for role, digest, _, _ in parts if digest]
        if len(digests) == 1 and parts[0][0] == "reference":
            digest: str | None = parts[0][1]  # the seed's key for one reference image stays as it was
        else:
            digest = hashlib.sha256("|".join(digests).encode()).hexdigest() if digests else None
        thumbnail = next((thumb for _, _, thumb, _ in parts if thumb), None)
        uploads = tuple((role, form) for role, _, _, form in parts if form is not None)
        return cls(digest, thumbnail, None, uploads)


@dataclass(frozen=True)
class Intent:
    """One submit, whole: the valid request, its idempotency key, what goes with it and who sends it."""

    request: ValidRequest
    key: str
    attached: Attached = Attached()
    session_id: str | None = None
    source: str = "app"  # app | cli
    simulated: bool = False  # the sandbox makes it
    repeat: bool = False  # the user confirmed sending a request equal to one sent lately
    count: int = 1  # videos of the same request (variations): one intent and one key each
    budget: Budget | None = None  # the day's cap, checked where the intents are written
    redo_of: str | None = None  # the key of the task this one renders again (draft, then final)
    language: str = "en"  # the asker's: the provider's messages about the task come in it
    owner: str | None = None  # the signed-in person (None without sign-in)
    also: tuple[ValidRequest, ...] = ()  # the same request carried over to other models, one video each

    def keys(self) -> tuple[str, ...]:
        """One idempotency key per video: the key itself for one, `<key>-<n>` for each of a set."""
        videos = self.count + len(self.also)
        return (self.key,) if videos <= 1 else tuple(f"{self.key}-{n}" for n in range(1, videos + 1))

    def requests(self) -> tuple[ValidRequest, ...]:
        """The request of each key, in order: this one `count` times, then each other model's."""
        return (self.request,) * max(1, self.count) + self.also

    def content(self) -> str:
        """What it asks for, as the repeat check compares it (the other models too)."""
        content = content_key(self.request.request, self.attached.digest)
        if not self.also:
            return content
        others = [content_key(v.request, self.attached.digest) for v in self.also]
        return "c-" + hashlib.sha256(json.dumps([content, others]).encode()).hexdigest()[:40]


def submit(
    store: TaskStore,
    provider: VideoProvider,
    intent: Intent,
    on_retry: Callable[[RetryNote], None] | None = None,
    kept: KeptImages | None = None,
) -> SubmitOutcome:
    """Record the intent (one per video of a set, all at once), then POST each once. A key already
    recorded is never POSTed again here, and a request equal to one sent in the last 30 minutes (any
    session: a reload, a second tab) is not sent unless `intent.repeat` says the user confirmed it: the
    outcome then names the earlier one.

    `OverBudget` (the day's cap would be crossed) and an upload error go through to the caller: nothing
    is recorded, nothing is paid."""
    keys = intent.keys()
    existing = store.listing.by_key(keys[0])
    if existing is not None:  # a set is written all at once: its first key stands for all
        return SubmitOutcome(existing, sent=False, group=_group_of(store, existing))
    content = intent.content()
    if not intent.repeat:
        earlier = store.recent_same(content, within=REPEAT_WINDOW, other_than=keys[0])
        if earlier is not None:
            return SubmitOutcome(earlier, sent=False, repeat_of=earlier)
    requests = intent.requests()
    estimate = sum(v.estimate() for v in requests)
    budget = intent.budget
    if budget is not None:  # before any upload; checked again, atomically, where the intents are written
        budget.check(store.money.committed(budget.since, simulated=budget.simulated), estimate)
    forms = intent.attached.forms()
    if forms:
        uploaded: dict[str, list[str]] = {}
        for role, form in forms:
            url = provider.upload_image(*form)
            uploaded.setdefault(role, []).append(url)
            if kept is not None:  # the file itself, for using these settings again once the link has expired
                kept.remember(url, kept.keep(*form))
        main = len(requests) - len(intent.also)
        # A model the request was carried to takes only the roles it kept (the request's own takes them all).
        requests = tuple(
            v.with_uploads(
                uploaded if n < main else {role: urls for role, urls in uploaded.items() if role in v.request.images()}
            )
            for n, v in enumerate(requests)
        )
    payloads = {key: v.payload() for key, v in zip(keys, requests, strict=True)}
    origin = Origin(intent.session_id, intent.source, intent.simulated, intent.language, intent.owner)
    group_id = intent.key if len(keys) > 1 else None
    rows = [
        NewIntent(
            key,
            payloads[key],
            v.estimate(),
            origin,
            intent.attached.thumbnail,
            content,
            v.columns(),
            group_id=group_id,
            redo_of=intent.redo_of,
        )
        for key, v in zip(keys, requests, strict=True)
    ]
    guard = None if intent.repeat else RepeatGuard(content, REPEAT_WINDOW)
    try:  # the repeat check again, now in the write's own transaction: two tabs a millisecond apart
        written = store.record_intents(rows, budget=budget, repeat=guard)
    except RepeatOfRecent as repeat:
        return SubmitOutcome(repeat.earlier, sent=False, repeat_of=repeat.earlier)
    if not any(created for _, created in written):
        return SubmitOutcome(written[0][0], sent=False, group=_group_of(store, written[0][0]))
    outcomes = [
        _post(store, provider, record.idempotency_key, payloads[record.idempotency_key], on_retry)
        for record, created in written
        if created
    ]
    first = outcomes[0]
    group = tuple(store.kept(key) for key in keys) if len(keys) > 1 else ()
    return SubmitOutcome(first.record, sent=True, replayed=first.replayed, group=group)


def _group_of(store: TaskStore, record: TaskRecord) -> tuple[TaskRecord, ...]:
    return tuple(store.listing.group(record.group_id)) if record.group_id else ()


def retry_same_key(
    store: TaskStore, client: VideoProvider, key: str, *, on_retry: Callable[[RetryNote], None] | None = None
) -> SubmitOutcome:
    """Re-send an unknown-outcome intent with the SAME Idempotency-Key: the API replays the task it
    made, if any, instead of making (and billing) a second one. Only ever on the user's request."""
    record = store.listing.by_key(key)
    if record is None or record.state != TaskState.UNKNOWN or not record.payload:
        raise ValueError("Only a request whose outcome is unknown can be retried with its key.")
    return _post(store, client, key, json.loads(record.payload), on_retry)


def post_intent(
    store: TaskStore, client: VideoProvider, key: str, *, on_retry: Callable[[RetryNote], None] | None = None
) -> SubmitOutcome:
    """POST an intent recorded by its caller (a film's shot) under its own key, once."""
    record = store.kept(key)
    if record.state != TaskState.INTENT or not record.payload:
        return SubmitOutcome(record, sent=False)
    return _post(store, client, key, json.loads(record.payload), on_retry)


def _post(
    store: TaskStore,
    client: VideoProvider,
    key: str,
    payload: dict,
    on_retry: Callable[[RetryNote], None] | None = None,
) -> SubmitOutcome:
    try:
        receipt = client.submit_receipt(payload, key, on_retry=on_retry)
    except DEFINITE as error:
        store.mark_rejected(key, error.note("submit.refused"))
        return SubmitOutcome(store.kept(key), sent=True)
    except errors.ApiError as error:
        store.mark_unknown(
            key, Note("submit.unknown", {"kind": errors.OutcomeUnknownError.kind, "message": error.message})
        )
        return SubmitOutcome(store.kept(key), sent=True)
    except BaseException:
        # A bug or an interrupt after the bytes may have left: keep the intent visible for reconciliation.
        store.mark_unknown(key, Note("submit.app_failed"))
        raise
    store.mark_submitted(key, receipt.task_id)
    return SubmitOutcome(store.kept(key), sent=True, replayed=receipt.replayed)


class Sending:
    """One submit (or safe retry) running in a thread of its own, so the page can show "Sending…" and
    each retry while it waits, and lock Submit until the outcome is known. A rerun of the page (the user
    typing meanwhile) does not interrupt the POST."""

    def __init__(self, work: Callable[[Callable[[RetryNote], None]], SubmitOutcome], what: str = "submit"):
        self.what = what  # submit | retry
        self.note: Note | None = None  # the retry about to happen, put in words by the page
        self.outcome: SubmitOutcome | None = None
        self.error: BaseException | None = None
        self.started = time.time()
        self._thread = threading.Thread(target=self._run, args=(work,), name="videogen-submit", daemon=True)
        self._thread.start()

    def _run(self, work) -> None:
        try:
            self.outcome = work(self._noted)
        except BaseException as exc:  # noqa: BLE001 - kept for the page to show; the store has the intent
            self.error = exc

    def _noted(self, note: RetryNote) -> None:
        self.note = note.note()

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return self.done
