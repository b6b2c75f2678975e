"""What a model accepts, as values: shapes, resolution tiers with prices, images by role, extra fields, rules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import field as dc_field
from fractions import Fraction
from pathlib import Path

from videogen.i18n import Note, nested

ROLES = ("first_frame", "last_frame", "reference")  # in the order the form shows them
FRAME_ROLES = ("first_frame", "last_frame")
RATIO_RULES = ("override", "image", "keep")
OPTION_KINDS = ("bool", "choice", "int", "text", "url")


@dataclass(frozen=True)
class Shape:
    """A shape the video can have (`16:9`), with the words for it; `adaptive` has no ratio of its own."""

    id: str
    label: str
    ratio: Fraction | None
    aliases: tuple[str, ...] = ()

    @property
    def orientation(self) -> str | None:
        if self.ratio is None:
            return None
        return "landscape" if self.ratio > 1 else "portrait" if self.ratio < 1 else "square"


def dollars(amount: float) -> str:
    """$0.24, $0.0672: cents when they say it all, more digits when the price has them."""
    return f"${amount:.2f}" if round(amount, 2) == amount else f"${amount:.4g}"


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


@dataclass(frozen=True)
class Price:
    """What a request costs by the catalogue, and the rule that says so ("8 s x $0.10/s"), as a note."""

    amount: float
    note: Note

    def rule(self, language: str | None = None) -> str:
        return self.note.text(language)


@dataclass(frozen=True)
class MediaRules:
    """What a model takes as video or sound inputs, as its documentation states: how many per role, the
    containers and codecs, each one's length (and all together), the picture's sides and shape, the frame
    rate, the bytes. A limit left out is not checked."""

    roles: dict[str, int]  # role -> how many: reference, motion, source (video); audio (sound)
    formats: tuple[str, ...] = ()  # containers: mp4, mov, webm; mp3, wav
    codecs: tuple[str, ...] = ()  # h264, hevc; mp3, aac
    seconds: tuple[float, float] | None = None  # each input's length
    total_seconds: tuple[float, float] | None = None  # all of a role's inputs together
    sides: tuple[int, int] | None = None  # each side of the picture, in pixels
    short_side: tuple[int, int] | None = None  # the shorter side (480p-720p: [480, 720])
    ratio: tuple[float, float] | None = None  # width / height
    fps: tuple[float, float] | None = None
    max_bytes: int | None = None
    fields: dict[str, str] = dc_field(default_factory=dict)  # role -> the body's field (offered in the form)
    required: tuple[str, ...] = ()  # roles a request must give
    bills: str | None = None  # the role whose length is billed (and is the video's): motion control, video edit
    bills_max: float | None = None  # the billed length is cut to this (HappyHorse's edit uses the first 15 s)
    adds: str | None = None  # the role whose seconds are billed on top of the video's (Seedance 2.x, H3 references)
    rates: dict[str, float] = dc_field(default_factory=dict)  # tier -> the rate a second when such an input is given
    without: dict[str, tuple[str, ...]] = dc_field(default_factory=dict)  # role -> image roles it may not come with
    needs: tuple[str, ...] = ()  # one of these roles (image or video) must come with them (sound never alone)
    drops: tuple[str, ...] = ()  # body fields not sent with these inputs (Omni's `duration` beside `video_urls`)
    items: dict[str, str] = dc_field(default_factory=dict)  # role -> refer_type: a list of objects (Kling's video_list)

    def count(self, role: str) -> int:
        return self.roles.get(role, 0)

    def wire(self, role: str) -> str | None:
        """The body's field for a role's inputs, when the request sends them (else the role is only checked)."""
        return self.fields.get(role)


@dataclass(frozen=True)
class Extension:
    """A model's own way to extend one of its finished videos (Veo 3.1's remix: `POST /v1/videos/{task_id}/remix`,
    the same model, `seconds` more), priced per call by tier."""

    via: str  # "remix": the extension endpoint, the source task's id in its path
    seconds: int  # what it adds (with `raw`, the extension alone is the new video)
    per_call: dict[str, float]  # tier id -> dollars a call

    def price(self, tier: str | None) -> float:
        return self.per_call.get(tier or "", min(self.per_call.values()) if self.per_call else 0.0)


@dataclass(frozen=True)
class MultiShot:
    """Several shots in one call (Kling v3's `multi_shot`, `shot_type = "customize"`, `multi_prompt`): each shot its
    own prompt and seconds, their sum the video's duration."""

    max_shots: int  # 6
    prompt_max: int  # each shot's text
    min_seconds: int = 1  # each shot's length


@dataclass(frozen=True)
class Tier:
    """One resolution: its wire value, its words, its pixel sizes and its prices."""

    id: str
    label: str
    short_side: int | None = None
    sizes: dict[str, tuple[int, int]] = dc_field(default_factory=dict)  # documented, per shape id
    per_second: float | None = None
    per_second_audio: float | None = None
    per_call: float | None = None
    per_call_by_duration: dict[int, float] = dc_field(default_factory=dict)

    def size(self, shape: Shape) -> tuple[int, int] | None:
        """The documented size, else one worked out from the short side (None for an adaptive shape)."""
        if shape.id in self.sizes:
            return self.sizes[shape.id]
        if shape.ratio is None or self.short_side is None:
            return None
        short = self.short_side
        if shape.ratio >= 1:
            return even(float(short * shape.ratio)), short
        return short, even(float(short / shape.ratio))

    @property
    def documented_sizes(self) -> bool:
        return bool(self.sizes)


@dataclass(frozen=True)
class ImageRules:
    """What one model takes as an image (the catalogue's own rules are the widest of all models')."""

    formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP")
    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    min_side: int | None = None
    max_side: int | None = None
    min_ratio: float | None = None  # short side / long side, e.g. 0.4 for "1:2.5 to 2.5:1"
    max_ratio: float | None = None


@dataclass(frozen=True)
class Images:
    """The images a model takes, by role, and how they travel: in `image_urls` by position (first frame,
    then last frame; or the references), in named fields, or as `image_with_roles` objects."""

    roles: dict[str, int] = dc_field(default_factory=dict)  # role -> how many at most
    wire: str = "image_urls"  # image_urls | fields | roles
    fields: dict[str, str] = dc_field(default_factory=dict)  # role -> JSON field, for wire = fields
    role_names: dict[str, str] = dc_field(default_factory=dict)  # role -> the API's role word, for wire = roles
    type_field: str | None = None  # a field naming the mode (Veo's generation_type)
    type_values: dict[str, str] = dc_field(default_factory=dict)  # frames | reference -> its value
    ratio_rule: str = "keep"  # override: the image's shape wins; image: the video takes it; keep: yours holds
    required: bool = False
    exclusive: bool = False  # frames and references do not go together
    only_first: bool = False  # the API uses only the first image (Sora's preview models)
    counts: dict[str, tuple[int, ...]] = dc_field(default_factory=dict)  # role -> the counts allowed
    rules: ImageRules = ImageRules()

    def takes(self, role: str) -> bool:
        return self.roles.get(role, 0) > 0

    @property
    def frames(self) -> bool:
        return any(self.takes(role) for role in FRAME_ROLES)


@dataclass(frozen=True)
class Option:
    """A documented field beyond the common ones (sound, seed, negative prompt...), as the form shows it.
    Sent only when it differs from the documented default (always, when none is documented)."""

    field: str
    kind: str
    label: str
    default: object = None
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = dc_field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    help: str | None = None
    audio: bool = False  # when on, the tier's price with sound applies

    def sent(self, value: object) -> bool:
        if value is None or value == "":
            return False
        return self.default is None or value != self.default


@dataclass(frozen=True)
class Rule:
    """A constraint between fields: when every `when` field has one of its values, each `allow` field
    must have one of its values. Fields are duration, ratio, resolution, an option's field, or an image
    role (true when given)."""

    when: dict[str, tuple]
    allow: dict[str, tuple]
    why: str

    def applies(self, values: dict) -> bool:
        return all(values.get(name) in wanted for name, wanted in self.when.items())

    def broken(self, values: dict) -> str | None:
        """The field this rule refuses in these values, or None."""
        if not self.applies(values):
            return None
        # A field the values do not have (an input's length not measured yet) is not judged here.
        return next(
            (name for name, allowed in self.allow.items() if name in values and values[name] not in allowed), None
        )


@dataclass(frozen=True)
class Model:
    id: str
    family: str
    name: str
    blurb: str
    durations: tuple[int, ...]
    default_duration: int
    duration_is_range: bool
    ratios: tuple[str, ...]  # shape ids offered; a model with no shape field has its one fixed shape
    default_ratio: str
    ratio_field: str | None
    ratio_wire: dict[str, str]
    tiers: tuple[Tier, ...]
    default_tier: str
    resolution_field: str | None
    images: Images = Images()
    options: tuple[Option, ...] = ()
    rules: tuple[Rule, ...] = ()
    prompt_required: str = "always"  # always | without_images | without_first_frame | never
    prompt_max: int | None = None
    status: str = "active"  # active | retiring | retired
    replacement: str | None = None
    doc: str | None = None
    link_hours: int = 24
    billing: str = "second"  # second | call
    prices_taken: str | None = None
    source: Path | None = None
    aliases: tuple[str, ...] = ()  # ids it was sent under before (History and old recipes still find it)
    settled_later: bool = False  # billed after the video is made (by tokens): the per-second price is an estimate
    # No APIMart page was found for it: its fields follow the model named here (its family's documented one; its
    # own id: a summary of its page), and its prices come from the price list. Said under the picker.
    like: str | None = None
    extend: Extension | None = None  # extends its own finished videos natively (Veo's remix)
    multi_shot: MultiShot | None = None  # several shots in one call (Kling v3)
    videos: MediaRules | None = None  # the video inputs it takes, judged before paying
    sounds: MediaRules | None = None  # the sound inputs it takes
    duration_field: str | None = "duration"  # None: the length is not asked (it is an input's: `videos.bills`)

    def media(self, role: str) -> tuple[str, MediaRules] | None:
        """A video or sound role's kind (video | sound) and rules; None when the model takes no such input."""
        for kind, rules in (("video", self.videos), ("sound", self.sounds)):
            if rules is not None and rules.count(role):
                return kind, rules
        return None

    @property
    def media_fields(self) -> dict[str, tuple[str, str]]:
        """The video and sound roles the request sends, in order: role -> (kind, the body's field)."""
        found: dict[str, tuple[str, str]] = {}
        for kind, rules in (("video", self.videos), ("sound", self.sounds)):
            for role in rules.roles if rules else ():
                if rules is not None and rules.wire(role):
                    found[role] = (kind, str(rules.wire(role)))
        return found

    @property
    def billed_role(self) -> str | None:
        """The input whose length is billed instead of a duration (motion control's motion video)."""
        return self.videos.bills if self.videos else None

    # --- the words the seed's form and tests use ------------------------------------------
    @property
    def description(self) -> str:
        return self.blurb

    @property
    def default_aspect_ratio(self) -> str:
        return self.default_ratio

    @property
    def resolutions(self) -> tuple[Tier, ...]:
        """The tiers to choose from: empty when the model offers one resolution only."""
        return self.tiers if self.resolution_field and len(self.tiers) > 1 else ()

    @property
    def resolution_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.resolutions)

    @property
    def default_resolution(self) -> str | None:
        return self.default_tier if self.resolutions else None

    def tier(self, resolution_id: str | None) -> Tier:
        wanted = resolution_id or self.default_tier
        return next((t for t in self.tiers if t.id == wanted), self.tiers[0])

    def tier_like(self, short_side: int | None, per_second: float | None, among: tuple[str, ...]) -> str | None:
        """The tier of this model, among `among`, that stands for another model's tier of `short_side` pixels
        priced `per_second`: the same pixels when offered (whatever it is called here: `720P`, `std`); else the
        nearest in pixels that costs no more per second; else the cheapest. None when nothing can be compared."""
        tiers = [t for t in self.tiers if t.id in among]
        if not tiers or short_side is None:
            return None
        same = [t for t in tiers if t.short_side == short_side]
        if same:
            return same[0].id
        known = [t for t in tiers if t.short_side is not None]
        cheaper = [t for t in known if per_second is None or t.per_second is None or t.per_second <= per_second]
        pool = cheaper or sorted(tiers, key=lambda t: t.per_second if t.per_second is not None else float("inf"))[:1]
        return min(pool, key=lambda t: abs((t.short_side or 0) - short_side)).id

    def resolution(self, resolution_id: str | None) -> Tier | None:
        if not self.resolutions:
            return None
        return next((t for t in self.tiers if t.id == (resolution_id or self.default_tier)), None)

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.field == name), None)

    def allowed(self, name: str, values: dict, offered: tuple) -> tuple[tuple, str | None]:
        """The values of one field that the rules allow, given the others' values, and why some are off."""
        why = None
        for rule in self.rules:
            if name in rule.allow and rule.applies(values):
                kept = tuple(v for v in offered if v in rule.allow[name])
                if kept != offered:
                    offered, why = kept, rule.why
        return offered, why

    @property
    def available_shapes(self) -> bool:
        """The user chooses the shape (the model has a shape field with more than one value)."""
        return self.ratio_field is not None and len(self.ratios) > 1

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    # --- money ---------------------------------------------------------------------------
    def price(
        self,
        duration: int | None = None,
        resolution_id: str | None = None,
        options: dict | None = None,
        media: dict[str, float | None] | None = None,
    ) -> Price:
        """The catalogue's price of a request: per second by tier (with sound when asked), or per call. `media`:
        the video and sound roles given, each with its measured seconds (all its inputs together; None when not
        measured): a video input may change the rate (`rates`) and add its seconds to those billed (`adds`)."""
        duration = int(duration or self.default_duration)
        tier = self.tier(resolution_id)
        media = media or {}
        rules = self.videos if self.videos and any(self.media(r) == ("video", self.videos) for r in media) else None
        if rules is not None and self.billing == "second" and (rules.rates or rules.adds):
            return self._price_with_videos(duration, tier, rules, media)
        with_audio = any(o.audio and (options or {}).get(o.field, o.default) for o in self.options)
        where = nested("price.with_sound", tier=tier.label) if with_audio and tier.per_second_audio else tier.label
        if tier.per_call_by_duration:
            amount = tier.per_call_by_duration.get(duration, max(tier.per_call_by_duration.values()))
            return Price(amount, Note("price.call_for", {"amount": amount, "duration": duration, "where": where}))
        if tier.per_call is not None:
            return Price(tier.per_call, Note("price.call", {"amount": tier.per_call, "where": where}))
        per_second = (tier.per_second_audio if with_audio and tier.per_second_audio else tier.per_second) or 0.0
        return Price(
            round(duration * per_second, 4),
            Note("price.per_second", {"duration": duration, "rate": dollars(per_second), "where": where}),
        )

    def _price_with_videos(self, duration: int, tier: Tier, rules: MediaRules, media: dict) -> Price:
        """A second's rate with a video input (its own, when listed), on the video's seconds and the added role's."""
        rate = rules.rates.get(tier.id, tier.per_second or 0.0)
        added = media.get(rules.adds) if rules.adds else None
        seconds = duration + (math.ceil(added - 1e-6) if added else 0)
        words = {"duration": duration, "rate": dollars(rate), "where": tier.label}
        if rules.adds and rules.adds in media:
            key = "price.per_second_inputs" if added else "price.per_second_inputs_unknown"
            return Price(round(seconds * rate, 4), Note(key, {**words, "added": seconds - duration}))
        return Price(round(seconds * rate, 4), Note("price.per_second_video", words))

    def estimate(
        self,
        duration: int | None = None,
        resolution_id: str | None = None,
        options: dict | None = None,
        media: dict[str, float | None] | None = None,
    ) -> float:
        return self.price(duration, resolution_id, options, media).amount

    def price_range(self) -> tuple[float, float]:
        """The cheapest and dearest rate: per second, or per call for models billed per call."""
        rates: list[float] = []
        for tier in self.tiers:
            if self.billing == "call":
                rates += [tier.per_call] if tier.per_call is not None else list(tier.per_call_by_duration.values())
            else:
                rates += [r for r in (tier.per_second, tier.per_second_audio) if r is not None]
        return (min(rates), max(rates)) if rates else (0.0, 0.0)

    def price_words(self, per_call: str = "call", per_second: str = "s") -> str:
        """`$0.05-0.08/s`; the units in the reader's words when given (`次`, `秒`)."""
        low, high = self.price_range()
        unit = per_call if self.billing == "call" else per_second
        if low == high:
            return f"${low:.3g}/{unit}"
        return f"${low:.3g}-{high:.3g}/{unit}"
