"""`check-video` and `check-audio`: a video or sound file (a path or an http(s) URL, read in ranges) judged for a
model's rules before anything is paid, printed as JSON like `check-image`: exit 0 accepted, 1 refused, 2 usage."""

from __future__ import annotations

import json
from pathlib import Path

from videogen import settings
from videogen.catalog import Catalog
from videogen.cli.words import fail, said
from videogen.i18n import default_language
from videogen.request import MediaInput
from videogen.videos.verdict import check, rules_for


def measured_input(text: str, catalog: Catalog, model_id: str) -> MediaInput | str:
    """`--video ROLE=URL` checked as the model takes it (read in ranges) and measured: the input, or what is wrong
    in words (the verdict's problems) for the command to refuse before anything is sent."""
    role, sep, url = text.partition("=")
    role, url = role.strip(), url.strip()
    model = catalog.model(model_id)
    if not sep or not role or not url:
        return f"--video {text!r}: write ROLE=URL, for example motion=https://example.com/moves.mp4."
    taken = model.media(role) if model else None
    if model is None or taken is None:
        fields = ", ".join(model.media_fields) if model else ""
        return said("video_role", text=repr(text), model=model_id, role=role, fields=fields)
    verdict = check(url, taken[0], catalog, model_id=model.id, role=role, allow_private=settings.allow_private_urls())
    if not verdict.ok:
        return " ".join(note.text() for note in verdict.problems)
    return MediaInput(role, url, verdict.billed_seconds)


def _run(args, catalog: Catalog, kind: str) -> int:
    model = catalog.model(args.model) if args.model else None
    _, refused = rules_for(kind, model, args.role)
    if refused is not None:
        fail(refused.text())
        return 2
    source: Path | str = args.source
    if "://" not in args.source:
        path = Path(args.source)
        if not path.is_file():
            fail(said("no_such_file", path=args.source))
            return 2
        source = path
    verdict = check(
        source, kind, catalog, model_id=args.model, role=args.role, allow_private=settings.allow_private_urls()
    )
    print(json.dumps(verdict.to_dict(default_language()), indent=2, ensure_ascii=False, default=str))
    return 0 if verdict.ok else 1


def cmd_check_video(args, catalog: Catalog) -> int:
    return _run(args, catalog, "video")


def cmd_check_audio(args, catalog: Catalog) -> int:
    return _run(args, catalog, "sound")


def add_commands(sub, catalog: Catalog) -> None:
    takes_video = [m.id for m in catalog.models.values() if m.videos is not None]
    takes_sound = [m.id for m in catalog.models.values() if m.sounds is not None]
    for name, run, kind, models, roles in (
        ("check-video", cmd_check_video, "video", takes_video, ["reference", "motion", "source"]),
        ("check-audio", cmd_check_audio, "sound", takes_sound, ["audio"]),
    ):
        word = {"code": f"cli.kind.{kind}"}  # in the reader's language
        p = sub.add_parser(
            name,
            help=said("media.help", kind=word),
            description=said("media.description", kind=word),
        )
        p.add_argument("source", metavar="SOURCE", help=said("source"))
        p.add_argument("--model", choices=models, default=None, help=said("media.rules", kind=word))
        p.add_argument("--role", choices=roles, default=None, help=said("media.role"))
        p.set_defaults(run=run)
