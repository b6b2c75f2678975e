"""The prompt helper, asked once per click: its call is an intent and a task like a video's (its key, its $0.08
in the ledger and under the day's cap, followed by the tracker), and its better prompt comes back as the task's
words (`result_text`). Nothing is sent for generation here: the person decides what to do with the words."""

from __future__ import annotations

from videogen.money.budget import Budget
from videogen.provider import prompt_help
from videogen.provider.protocol import VideoProvider
from videogen.request import GenerationRequest
from videogen.tasks.schema import Origin
from videogen.tasks.store import NewIntent, TaskRecord, TaskStore
from videogen.tasks.submission import post_intent


def ask(
    store: TaskStore,
    provider: VideoProvider,
    request: GenerationRequest,
    key: str,
    *,
    origin: Origin,
    budget: Budget | None = None,
) -> TaskRecord:
    """Record the helper's call for this request's prompt under `key` (once: the same key again sends nothing)
    and send it. Raises `OverBudget` when its price would cross the day's cap (nothing is recorded)."""
    body = prompt_help.body_for(request.prompt, request.duration, request.aspect_ratio)
    row = NewIntent(key, body, prompt_help.PRICE, origin)
    (record, created), *_ = store.record_intents([row], budget=budget)
    if not created:
        return record
    return post_intent(store, provider, key).record
