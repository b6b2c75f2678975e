"""The one message table: every sentence the domain has for a person, by code, with its parameters.

Codes and parameters cross the domain's boundary and are what the store keeps; words are made here, at the
edge, in a language (English now: a translation fills another column of this table)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from videogen.messages_zh import CHINESE

ENGLISH = {
    # What to do after each kind of API error (`ApiError.kind`).
    "next_step.api_error": "Try again later.",
    "next_step.invalid_request": "Correct the request as the message says, then submit again.",
    "next_step.authentication": "Check the API key (APIMART_API_KEY): it is missing, mistyped or revoked.",
    "next_step.payment_required": "Top up the balance of your APIMart account, then submit again.",
    "next_step.model_unavailable": "This model is not available for this API key now: choose another model.",
    "next_step.forbidden": "This key may not use this model: choose another model or enable it for the key.",
    "next_step.not_found": "Check the task id or the address; the resource does not exist.",
    "next_step.rate_limited": "The API is limiting requests right now and made no task. Submit again in a minute.",
    "next_step.server_error": "The provider had a fault. Try again in a minute.",
    "next_step.unreachable": "Nothing was sent. Check the network or the base URL, then try again.",
    "next_step.outcome_unknown": "The task may have been created: check History before submitting again. The "
    "request is kept so it can be reconciled; it will not be sent again on its own.",
    "next_step.bad_response": "The API answered something unexpected. Try again later; if it persists, the API "
    "may have changed.",
    # What the store keeps about a request, a poll and a save.
    "submit.refused": "{message} {next_step}",
    "submit.unknown": "{message} {next_step}",
    "submit.app_failed": "The app failed while sending: the task may exist. Check History.",
    "submit.interrupted": "The app stopped before the API answered: the task may exist. Check your APIMart "
    "dashboard, then add its id or dismiss this row.",
    "task.failed": "{message}",
    "poll.failed": "{message}",
    "poll.not_found": "{message} The API no longer knows this task id; it is kept here in case it reappears.",
    "save.failed": "Saving the video failed ({reason}); retrying.",
    "save.failed_expiring": "Saving the video failed ({reason}); retrying. The link expires {expires}.",
    # A retry about to happen, shown while the user waits.
    "retry.no_answer": "No answer from the API ({reason}): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.rate_limited": "Rate limited (HTTP 429): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.timed_out": "The API timed out (HTTP 408): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    "retry.fault": "The API had a fault (HTTP {status}): retrying in {wait:.0f} s, attempt {attempt} of {attempts}.",
    # A reference image's verdict (codes as `check-image` prints them).
    "image.not_an_image": "This is not an image. Use a JPEG, PNG or WebP picture.",
    "image.unsupported_format": "{format} images are not accepted. Convert it to JPEG, PNG or WebP.",
    "image.too_large": "The file is {mb:.1f} MB; the limit is {limit_mb:.0f} MB. Use a smaller or more compressed "
    "image.",
    "image.too_many_pixels": "The image is {width}x{height} pixels, over the {max_mp:.0f} megapixel limit. Resize "
    "it first.",
    "image.enormous": "The image declares an enormous pixel size. Resize it first.",
    "image.corrupt": "The picture data is damaged or cut short, so the API could not use it: open the image in an "
    "editor and export it again, or use another file.",
    "image.aspect_override": "As it is, this {orientation} image will override your choice: the video will be "
    "{result}, not the {target} you chose. {remedy}",
    "image.square_unsupported": "Square video is not supported, and this image is square: the API will pick the "
    "ratio itself. To get {target}, {remedy}.",
    "image.ratio_not_exact": "The image is {ratio} rather than exactly {target_ratio}; the video may be "
    "cropped.{remedy}",
    "image.format_for_model": "{model} takes {formats} images only, not {format}. Convert it, or choose another model.",
    "image.too_small": "The image is {width}x{height}; {model} needs at least {min_side} pixels on each side. Use "
    "a larger image.",
    "image.too_big_side": "The image is {width}x{height}; {model} takes at most {max_side} pixels on a side. "
    "Resize it first.",
    "image.ratio_out_of_range": "The image is {ratio}, more elongated than {model} takes (at most {limit}:1 either "
    "way). Crop it closer to the video's shape.",
    "image.shape_from_image": "{model} gives the video this image's own shape ({ratio}, about {shape}): Aspect "
    "ratio is not used.",
    "image.upscaled": "The image is only {width}x{height}; the video is {frame_width}x{frame_height}, so the "
    "picture will be enlarged about {factor}x and may look soft. Use a larger image if you have one.",
    "image.animated": "The image is animated ({frames} frames); only a still picture is meaningful: the first "
    "frame is used.",
    # A reference image URL not fetched (under its check-image code: bad_url, blocked_address, unreachable,
    # too_large).
    "fetch.empty": "The URL is empty. Paste the http(s) address of a JPEG, PNG or WebP image.",
    "fetch.too_long": "The URL is longer than {limit} characters. Use a shorter link.",
    "fetch.spaces": "The URL contains spaces or control characters. Paste it again as one line.",
    "fetch.malformed": "The URL is not well formed (check the host and the port).",
    "fetch.scheme": "Only http:// and https:// image links can be used.",
    "fetch.no_host": "The URL has no host name.",
    "fetch.credentials": "Links with a user name or password (user:pass@) are not accepted.",
    "fetch.bad_host": "The host name is not a valid internet name.",
    "fetch.port": "Only the standard ports (80 for http, 443 for https) can be used.",
    "fetch.private": "This address points inside a private network and is never fetched. Use a public image link.",
    "fetch.bad_link": "The link (or a redirect it leads to) is not a well-formed address. Use the image's direct link.",
    "fetch.not_reached": "The image could not be reached ({reason}). Check the link, or download the image and upload the file instead.",
    "fetch.http_status": "The image host answered HTTP {status}. Check that the link opens the image itself in a browser.",
    "fetch.declared_size": "The image is {mb:.1f} MB; the limit is {limit_mb:.0f} MB. Use a smaller or more compressed image.",
    "fetch.over_limit": "The image is over the {limit_mb:.0f} MB limit. Use a smaller or more compressed image.",
    "fetch.redirects": "The link redirects more than {limit} times. Use the image's direct link.",
    "fetch.bad_redirect": "The image host redirected to something that is not a well-formed address. Use the image's direct link.",
    "fetch.too_slow": "The image host is too slow (over {seconds:.0f} s). Try again, or upload the file instead.",
    "fetch.broke_off": "The download broke off ({reason}). Try again, or upload the file instead.",
    # A task id given by hand, not kept.
    "task_id.malformed": "{value} is not a task id: ids look like task_01KG1Q38PBV1RJ2C033ZS9RYF7 (letters, "
    "digits, - and _). Copy it again from your APIMart dashboard.",
    "task_id.not_found": "The API does not know the task {task_id}: check the id (and that it was made with this "
    "API key).",
    "task_id.unchecked": "The id could not be checked now, so it was not added: {message} {next_step}",
    # A request the catalogue refuses, field by field.
    "request.model": "Model {value} is unknown. Choose one of: {choices}.",
    "request.prompt": "Prompt is required: describe the scene, the action and the mood.",
    "request.duration": "Duration {value} is not allowed for {model}. Choose {choices} seconds.",
    "request.prompt_or_image": "Give a prompt or an image: describe the video, or start it from a picture.",
    "request.prompt_long": "The prompt has {length} characters; this model takes at most {limit}. Shorten it.",
    "request.aspect_ratio": "Aspect ratio {value} is not offered by {model}. Choose one of: {choices}.",
    "request.resolution_none": "{model} has no resolution choice; leave Resolution unset.",
    "request.resolution": "Resolution {value} is not offered by {model}. Choose one of: {choices}.",
    "request.image_url": "Image URL {value} must be a public http(s) address.",
    "request.image_role": "{model} does not take {role}; it takes {takes}.",
    "request.image_count": "{model} takes at most {limit} image(s) in this role; remove the others.",
    "request.image_counts": "{model} takes {choices} reference images; add or remove one.",
    "request.image_mixed": "{model} takes either frames or reference images, not both: remove one kind.",
    "request.image_required": "{model} needs {takes}: add one.",
    "request.last_needs_first": "A last frame needs a first frame: add the first frame, or remove the last.",
    "request.option_unknown": "{field} is not a field of {model}. Its extra fields: {choices}.",
    "request.option_bool": "{field} must be on or off (true or false), not {value}.",
    "request.option_choice": "{field} {value} is not offered. Choose one of: {choices}.",
    "request.option_int": "{field} must be a whole number, not {value}.",
    "request.option_range": "{field} {value} is out of range: use a whole number from {low} to {high}.",
    "request.option_text": "{field} must be text, not {value}.",
    "request.option_long": "{field} is too long: at most {limit} characters.",
    "request.option_url": "{field} {value} must be a public http(s) address.",
    "request.rule": "{why}",
    "request.unavailable": "{model} is not available for this API key now. {instead}",
    # The daily budget cap.
    "budget.over": "Blocked by the daily budget: ${committed:.2f} is already asked for today (unfinished and unknown "
    "tasks included) and this is ${asked:.2f} more, ${total:.2f} in all, over the ${cap:.2f} cap. Raise the cap "
    "deliberately, or wait until tomorrow.",
    "budget.not_a_number": "The daily budget {value!r} is not a number of dollars: nothing can be submitted until "
    "it is corrected (VIDEOGEN_DAILY_BUDGET_USD, or the cap on the Spending page).",
    # The interface's own words (components and pages), by screen.
    "ui.nav.generate": "Generate",
    "ui.nav.history": "History",
    "ui.nav.batch": "Batch",
    "ui.nav.spending": "Spending",
    "ui.sidebar.sandbox": "**Sandbox mode**: no API key is set, so requests go to the built-in simulator. No real video is made and nothing is charged.",
    "ui.sidebar.markers": "Sandbox prompt markers",
    "ui.sidebar.live": "**Live**: {base_url}  \nAPI key: set (hidden)",
    "ui.sidebar.today": "Today: ${estimated:.2f} estimated, ${billed:.2f} billed{simulated}",
    "ui.sidebar.simulated": " (simulated: nothing is charged)",
    "ui.sidebar.cap": "Daily cap: ${cap:.2f} (${left:.2f} left)",
    "ui.balance.unavailable": "Balance unavailable now: {why}",
    "ui.balance.unlimited": "Balance: unlimited quota",
    "ui.balance.amount": "Balance: ${amount:,.2f}{simulated}",
    "ui.balance.short": "This request is estimated at ${estimate:.2f}, more than the ${left:.2f} left on the account: the API will likely refuse it (balance too low). Top up your APIMart account first.",
    "ui.simulated": " (simulated)",
    "ui.generate.title": "Generate a video",
    "ui.generate.sandbox": "Sandbox: no real video is made and nothing is charged. Tasks finish in about 15 seconds with a sample clip. Set APIMART_API_KEY to make real videos.",
    "ui.history.title": "History",
    "ui.batch.title": "Batch",
    "ui.batch.sandbox": "Sandbox: batches run against the simulator; nothing is charged.",
    "ui.batch.intro": "Upload a CSV with one request per row. Every row is checked and priced first; the queue then sends them in order under a requests-per-minute limit, stops at the daily budget cap, and carries on after a restart.",
    "ui.batch.queued": "Batch queued: it is being sent now (batch {number}).",
    "ui.batch.list": "Batches",
    "ui.spending.title": "Spending",
    "ui.spending.sandbox": "Sandbox: these figures are simulated. They are what the requests would cost on the live API; nothing is charged.",
    "ui.spending.budget": "Daily budget",
    "ui.spending.ledger": "Ledger",
    "ui.spending.period": "Period",
    "ui.period.today": "Today",
    "ui.period.week": "Last 7 days",
    "ui.period.month": "Last 30 days",
    "ui.period.all": "All time",
    "ui.cap.none_in_force": "No daily cap is in force: ${committed:.2f} asked for today{simulated}.",
    "ui.cap.in_force": "Cap in force: ${cap:.2f} a day ({source}). Asked for today{simulated}: ${committed:.2f}, unfinished and unknown tasks included; ${left:.2f} left.",
    "ui.cap.source.page": "set on this page",
    "ui.cap.source.config": "from VIDEOGEN_DAILY_BUDGET_USD",
    "ui.cap.source.none": "no cap",
    "ui.cap.field": "Daily budget cap (USD)",
    "ui.cap.field_help": "A submit, a set of variations or a batch row that would take today's estimates over this is blocked. It applies to every session of this studio.",
    "ui.cap.save": "Save cap",
    "ui.cap.lift": "No cap",
    "ui.cap.lift_help": "Lift the cap deliberately: nothing is blocked.",
    "ui.cap.configured": "Use the configured cap",
    "ui.cap.configured_help": "Forget the cap set here; VIDEOGEN_DAILY_BUDGET_USD applies.",
    "ui.ledger.estimated": "Estimated{simulated}",
    "ui.ledger.estimated_help": "Estimates of every task not refunded.",
    "ui.ledger.billed": "Billed{simulated}",
    "ui.ledger.billed_help": "What the API reported charging (its `cost`).",
    "ui.ledger.refunded": "Refunded{simulated}",
    "ui.ledger.refunded_help": "Estimates of tasks that ended without a video.",
    "ui.ledger.tasks": "Tasks",
    "ui.ledger.unbilled": "{count} task(s) have no billed figure from the API yet: their estimate stands for them.",
    "ui.ledger.empty": "No task in this period yet.",
    "ui.ledger.per_day": "Per day",
    "ui.ledger.per_model": "Per model",
    "ui.ledger.every_task": "Every task",
    "ui.ledger.download": "Download the ledger (CSV)",
    "ui.col.day": "Day",
    "ui.col.model": "Model",
    "ui.col.estimated": "Estimated",
    "ui.col.billed": "Billed",
    "ui.col.created": "Created",
    "ui.col.task_id": "Task id",
    "ui.col.status": "Status",
    "ui.col.estimate": "Estimate",
    "ui.col.refunded": "Refunded",
    "ui.col.billed_help": "Empty until the API reports it.",
    "ui.dollars": "US dollars",
    "ui.budget.no_cap": "No daily budget cap: ${committed:.2f} asked for today{simulated}. Set a daily cap on the Spending page.",
    "ui.budget.standing": "Daily budget: ${cap:.2f}. Asked for today{simulated}: ${committed:.2f} (unfinished and unknown tasks included); ${left:.2f} left.",
    "ui.budget.raise": "Raise the daily cap to ${target:.2f}",
    "ui.budget.blocked": "Over the daily budget cap: raise it, or wait until tomorrow.",
    "ui.budget.bad_setting": "The daily budget setting is not a number: correct it first.",
    "ui.cost.metric": "Estimated cost",
    "ui.cost.help": "An estimate from the provider's price list: the amount billed is shown on each task. A task that fails is refunded.",
    "ui.cost.each": "{count} videos x ${each:.2f} each. ",
    "ui.cost.line": "{each}Estimate: {rule}{taken}. Today so far: ${estimated:.2f} estimated, ${billed:.2f} billed.{note}",
    "ui.cost.taken": " (prices of {date})",
    "ui.cost.simulated": " Simulated: the sandbox charges nothing.",
    "ui.count.label": "Number of videos",
    "ui.count.help": "Several takes of the same request, made side by side. Each one is a separate task, billed on its own.",
    # Words kept as they were written before codes (rows from an older store), or words from the API.
    "text": "{text}",
}
LANGUAGES = ("en", "zh")


TABLES = {"en": ENGLISH, "zh": CHINESE}


def language_of(text: str | None) -> str:
    """`zh`, `zh-CN`, `zh_CN.UTF-8`, `en-US`... -> a language this app speaks (English otherwise)."""
    code = (text or "").strip().lower().replace("_", "-")
    return "zh" if code.startswith("zh") else "en"


_default = "en"  # the process's language when none is given (the command line's --lang or LANG)


def use_language(language: str | None) -> str:
    """Make `language` the default of this process (the command line); returns the one in force."""
    global _default
    _default = language_of(language)
    return _default


def render(code: str, params: dict[str, Any] | None = None, language: str | None = None) -> str:
    """The sentence for a code, in `language` (the process's default when None; English where that language
    has no entry)."""
    table = TABLES.get(language or _default, ENGLISH)
    template = table.get(code) or ENGLISH.get(code)
    values = dict(params or {})
    if template is None:  # a code this version does not know (a newer store): say what is known
        return str(values.get("message") or values.get("text") or code)
    if "{next_step}" in template:
        kind = values.get("kind", "api_error")
        values["next_step"] = table.get(f"next_step.{kind}") or ENGLISH.get(f"next_step.{kind}", "")
    if "expires" in values and isinstance(values["expires"], (int, float)):
        values["expires"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(values["expires"]))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True)
class Note:
    """A code and its parameters: what the domain says, before it is put in words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return render(self.code, self.params, language)

    def stored(self) -> str:
        """As the store keeps it: JSON, never a sentence."""
        return json.dumps({"code": self.code, "params": self.params}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def read(cls, stored: str | None) -> Note | None:
        """A note from the store; a plain sentence (an older row) becomes a `text` note, word for word."""
        if not stored:
            return None
        try:
            value = json.loads(stored)
        except ValueError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            params = value.get("params")
            return cls(value["code"], params if isinstance(params, dict) else {})
        return cls("text", {"text": stored})


def words(stored: str | None, language: str | None = None) -> str | None:
    """The sentence for a stored note, or None."""
    note = Note.read(stored)
    return note.text(language) if note else None


class NotedError(Exception):
    """An error that carries a note: the code and parameters travel, the words are made when asked."""

    def __init__(self, note: Note):
        self.note = note
        super().__init__(note.text())

    @property
    def message(self) -> str:
        return self.note.text()
