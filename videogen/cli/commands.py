"""The command line: python -m videogen check-image | simulator | submit | status | follow | history | models."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path

from videogen import catalog as catalog_module
from videogen import settings
from videogen.cli import films, media
from videogen.cli.words import choose_language, fail, said
from videogen.i18n import render
from videogen.images.reference_image import ReferenceImage
from videogen.money import days
from videogen.provider.errors import ApiError
from videogen.provider.protocol import TaskStatus
from videogen.request import GenerationRequest, InvalidRequest, option_value
from videogen.studio import Studio, open_studio
from videogen.studio import store as store_for
from videogen.tasks import task_ids
from videogen.tasks.database import DatabaseUnavailable
from videogen.tasks.states import DISPLAY_STATUSES

EXAMPLES = """
  python -m videogen check-image photo.jpg --aspect-ratio portrait
  python -m videogen check-image https://example.com/reference.png
  python -m videogen simulator --port 8765
  APIMART_BASE_URL=http://127.0.0.1:8765 APIMART_API_KEY=sandbox \\
      python -m videogen submit --prompt "a paper boat on a river at dawn" --duration 4
  python -m videogen status task_01KG1Q38PBV1RJ2C033ZS9RYF7 --wait
  python -m videogen history --limit 20
  python -m videogen follow                      # {follow}
  python -m videogen models                      # {models}
  python -m videogen models --check              # {check}
  python -m videogen check-video motion.mp4 --model seedance-2.5
  python -m videogen film run balloon.toml --wait  # {film}
  python -m videogen continue task_01KG1Q38PBV1RJ2C033ZS9RYF7 --prompt "the kite climbs into the clouds"
  python -m videogen submit --model kling-v3 --prompt "a kite" --duration 7 --aspect-ratio 1:1 \\
      --first-frame https://example.com/a.jpg --last-frame https://example.com/b.jpg --option audio=true
"""


EXAMPLE_NOTES = ("follow", "models", "check", "film")  # the comments of EXAMPLES, in the reader's language


class UsageError(Exception):
    pass


def _print(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def cmd_check_image(args, catalog) -> int:
    source = args.source
    if "://" in source or source.lower().startswith(("data:", "javascript:", "file:")):
        image = ReferenceImage.from_url(source, catalog, allow_private=settings.allow_private_urls(), quick=args.quick)
    else:
        path = Path(source)
        if not path.is_file():
            raise UsageError(said("no_such_image", path=source))
        image = ReferenceImage.from_path(path, catalog)
    if not args.quick:
        image.complete(catalog)  # read whole, and the first frame decoded: is the picture data whole?
    model = catalog.models[args.model] if args.model else None
    if model is not None and not model.images.takes(args.role):
        roles = ", ".join(r for r in model.images.roles) or said("none")
        raise UsageError(said("no_image_role", model=model.id, role=args.role, roles=roles))
    verdict = image.judged(catalog, args.aspect_ratio, model=model, role=args.role)
    _print(verdict.to_dict())
    return 0 if verdict.ok else 1


def cmd_simulator(args, catalog) -> int:
    from videogen.provider.sandbox.simulator import Simulator, SimulatorState

    options = dict(api_key=args.key, complete_after=args.complete_after, latency=args.latency)
    state = SimulatorState.kept_in(Path(args.keep), **options) if args.keep else SimulatorState(**options)
    simulator = Simulator(state, port=args.port)
    key = said("simulator.any_key" if args.key is None else "simulator.given_key")
    print(said("simulator.started", url=simulator.base_url, key=key), flush=True)
    try:
        simulator.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.server.server_close()
    return 0


def _live_studio() -> Studio:
    if not settings.api_key():
        raise UsageError(said("no_key"))
    return open_studio(source="cli")


def cmd_submit(args, catalog) -> int:
    from videogen.tasks.submission import intent_key, new_nonce

    model = args.model or catalog.default_model
    inputs = [media.measured_input(text, catalog, model) for text in args.video or ()]
    wrong = [refused for refused in inputs if isinstance(refused, str)]
    if wrong:
        raise UsageError(" ".join(wrong))
    request = GenerationRequest(
        model,
        args.prompt,
        args.duration,
        args.aspect_ratio,
        args.resolution,
        tuple(args.image_url or ()),
        args.first_frame,
        args.last_frame,
        tuple(_option(text) for text in args.option or ()),
        media=tuple(i for i in inputs if not isinstance(i, str)),
    )
    try:
        valid = request.validate(catalog)
    except InvalidRequest as exc:
        raise UsageError(" ".join(exc.problems.values())) from None
    outcome = _live_studio().submit(valid, intent_key(new_nonce(), valid.request))
    record = outcome.record
    _print(
        {
            "state": record.state,
            "task_id": record.task_id,
            "idempotency_key": record.idempotency_key,
            "estimated_cost": record.estimated_cost,
            "error": record.error_text,
        }
    )
    return 0 if record.task_id else 1


def _option(text: str) -> tuple[str, object]:
    """FIELD=VALUE, the value read as a JSON literal when it is one (true, 42), else as text."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(said("option_form", text=repr(text)))
    return name.strip(), option_value(value)


def cmd_models(args, catalog) -> int:
    from videogen.studio.model_check import check_models, listing

    if args.check:
        found, lines = check_models(_live_studio(), catalog, args.model)
        print("\n".join(lines))
        return 1 if found else 0
    studio = open_studio(source="cli") if settings.api_key() or args.sandbox else None
    rows, notes = listing(catalog, studio)
    if args.json:
        _print({"default": catalog.default_model, "models": rows, "notes": notes})
        return 0
    for row in rows:
        available = {"unknown": "unknown", "yes": "yes"}.get(row["available"], "no")  # JSON keeps the English
        print(f"{row['family']:13} {row['id']:32} {row['price']:22} {render('models.available.' + available)}")
    for note in notes:
        print(note)
    return 0


def cmd_status(args, catalog) -> int:
    studio = _live_studio()
    client, store = studio.provider, studio.store
    task_id = args.task_id.strip()
    if store.listing.by_task_id(task_id) is None:
        try:  # an id is kept only when it looks like one and the API knows it
            studio.follow(studio.confirmed(task_id))
        except task_ids.TaskIdRefused as refusal:
            fail(refusal.message)
            return 2 if refusal.code == "malformed" else 1
    tracker = studio.tracker()
    deadline = time.monotonic() + args.timeout
    last_line = None
    while True:
        try:
            task = client.get_task(task_id)
        except ApiError as error:
            print(f"{error.message} {error.next_step}", file=sys.stderr)
            return 1
        store.tracking.update_from_api(task)
        if args.wait:
            line = f"{task.status} {task.progress}%"
            if line != last_line:  # progress on stderr, so stdout stays one JSON object
                print(f"{time.strftime('%H:%M:%S')} {task_id}: {line}", file=sys.stderr, flush=True)
                last_line = line
        if task.status == TaskStatus.COMPLETED:
            record = store.listing.by_task_id(task_id)
            if record is not None and record.video_path is None:
                tracker.save_video(record)
        if task.finished or not args.wait or time.monotonic() > deadline:
            break
        time.sleep(2)
    record = store.listing.by_task_id(task_id)
    if record is None:
        fail(said("removed", task_id=task_id))
        return 1
    _print({**record.export(), "poll_error": record.poll_error_text, "save_error": record.save_error_text})
    return 0 if record.status != TaskStatus.FAILED else 1


def cmd_follow(args, catalog) -> int:
    """Follow every unfinished task and send the batch queue, with no page open: a replica's worker, or the
    one process that follows when the app replicas serve pages only. Stops on Ctrl+C or SIGTERM."""
    from videogen.studio import starting

    studio = open_studio(source="cli")
    starting(studio.store, alone=False)  # an app may run beside it: only requests cut off long ago are recovered
    tracker = studio.tracker()
    if args.once:
        report = tracker.refresh()
        tracker.store.tracking.release(tracker.owner)
        _print(asdict(report))
        return 1 if report.errors else 0
    sender = studio.batch_runner()

    def stop(signum, frame) -> None:
        tracker.stop()
        sender.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    backend: dict[str, object] = {
        "code": "follow.backend_sandbox" if studio.sandbox else "follow.backend_live",
        "params": {},
    }
    where = studio.store.location
    print(render("follow.started", {"backend": backend, "store": where, "owner": tracker.owner}), flush=True)

    def said(code: str, **params) -> None:
        print(render(code, {"time": time.strftime("%H:%M:%S"), **params}), flush=True)

    def on_round(report) -> None:
        if report.finished or report.saved or report.errors or args.verbose:
            said("follow.round", **asdict(report))

    sender.start()
    tracker.run(on_round, lambda error: said("follow.failed", reason=f"{type(error).__name__}: {error}"))
    sender.stop()
    sender.join(timeout=30)
    print(render("follow.stopped"), flush=True)
    return 0


def cmd_history(args, catalog) -> int:
    records = store_for(settings.data_dir()).listing.page(limit=args.limit, status=args.status)
    if args.json:
        _print([r.export() for r in records])
        return 0
    for record in records:
        created = days.shown(record.created_at)
        print(
            f"{created}  {record.task_id or '-':32}  {record.display_status:10}  {record.model:20}  "
            f"{record.duration or '-'}s  {(record.prompt or '')[:40]}"
        )
    return 0


def parser(catalog) -> argparse.ArgumentParser:
    ratios = catalog.aspect_ratio_names()
    main = argparse.ArgumentParser(
        prog="python -m videogen",
        description=said("description"),
        epilog=said("examples") + EXAMPLES.format(**{name: said(f"example.{name}") for name in EXAMPLE_NOTES}),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument(
        "--lang",
        choices=["en", "zh"],
        help=said("lang"),
    )
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "check-image",
        help=said("check_image.help"),
        description=said("check_image.description"),
    )
    p.add_argument("source", metavar="SOURCE", help=said("source"))
    p.add_argument("--aspect-ratio", choices=ratios, default=None, help=said("aspect_ratio"))
    p.add_argument("--model", choices=list(catalog.models), default=None, help=said("model_rules"))
    p.add_argument(
        "--role",
        choices=["reference", "first_frame", "last_frame"],
        default="reference",
        help=said("image_role"),
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help=said("quick"),
    )
    p.set_defaults(run=cmd_check_image)

    p = sub.add_parser("simulator", help=said("simulator.help"))
    p.add_argument("--port", type=int, default=8765, help=said("port"))
    p.add_argument("--key", default=None, help=said("key"))
    p.add_argument("--complete-after", type=float, default=15.0, help=said("complete_after"))
    p.add_argument("--latency", type=float, default=0.0, help=said("latency"))
    p.add_argument(
        "--keep",
        metavar="FILE",
        default=None,
        help=said("keep"),
    )
    p.set_defaults(run=cmd_simulator)

    p = sub.add_parser("submit", help=said("submit.help"))
    p.add_argument("--prompt", default="", help=said("prompt"))
    p.add_argument("--model", choices=list(catalog.models), default=None, help=said("model"))
    p.add_argument("--duration", type=int, default=None, help=said("duration"))
    p.add_argument("--aspect-ratio", choices=ratios, default=None, help=said("aspect_ratio"))
    p.add_argument("--resolution", default=None, help=said("resolution"))
    p.add_argument("--image-url", action="append", help=said("image_url"))
    p.add_argument("--first-frame", default=None, help=said("first_frame"))
    p.add_argument("--last-frame", default=None, help=said("last_frame"))
    p.add_argument(
        "--option",
        action="append",
        metavar="FIELD=VALUE",
        help=said("option"),
    )
    p.add_argument(
        "--video",
        action="append",
        metavar="ROLE=URL",
        help=said("video"),
    )
    p.set_defaults(run=cmd_submit)

    p = sub.add_parser("models", help=said("models.help"))
    p.add_argument("--check", action="store_true", help=said("models.check"))
    p.add_argument("--model", choices=list(catalog.models), default=None, help=said("models.only"))
    p.add_argument("--sandbox", action="store_true", help=said("models.sandbox"))
    p.add_argument("--json", action="store_true", help=said("json"))
    p.set_defaults(run=cmd_models)

    p = sub.add_parser("status", help=said("status.help"))
    p.add_argument("task_id", metavar="TASK_ID")
    p.add_argument("--wait", action="store_true", help=said("wait"))
    p.add_argument("--timeout", type=float, default=600.0, help=said("timeout"))
    p.set_defaults(run=cmd_status)

    p = sub.add_parser(
        "follow",
        help=said("follow.help"),
        description=said("follow.description"),
    )
    p.add_argument("--once", action="store_true", help=said("once"))
    p.add_argument("--verbose", action="store_true", help=said("verbose"))
    p.set_defaults(run=cmd_follow)

    p = sub.add_parser("history", help=said("history.help"))
    p.add_argument("--limit", type=int, default=50, help=said("history.limit"))
    p.add_argument("--status", default=None, choices=DISPLAY_STATUSES, help=said("history.status"))
    p.add_argument("--json", action="store_true", help=said("json"))
    p.set_defaults(run=cmd_history)

    films.add_commands(sub, catalog)
    media.add_commands(sub, catalog)
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    choose_language(argv)  # before the parser: its help and argparse's own errors are in the language asked
    try:
        catalog = catalog_module.load(settings.data_dir())
    except catalog_module.CatalogError as exc:
        fail(str(exc))
        return 2
    args = parser(catalog).parse_args(argv)
    try:
        return args.run(args, catalog)
    except UsageError as exc:
        fail(str(exc))
        return 2
    except DatabaseUnavailable as exc:  # a wrong VIDEOGEN_DATABASE_URL, or the database is down
        fail(render("database.unavailable", {"reason": str(exc)}))
        return 1
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say, and no traceback
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that the interpreter's final flush is quiet
        return 0
