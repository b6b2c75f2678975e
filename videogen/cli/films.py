"""The command line's films: `film run FILE` (a storyboard file run shot by shot, then joined), `film status FILM`,
`film make FILM`, and `continue TASK_ID` (a saved video's next shot, starting on its exact last frame).
Sandbox mode when no key is set, as the app."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from videogen.catalog import Catalog
from videogen.cli.words import fail, said
from videogen.films.runner import FilmNotReady, FilmNotShot
from videogen.films.store import Film, FilmState
from videogen.films.storyboard import StoryboardFileError, read_file
from videogen.i18n import render
from videogen.money.budget import OverBudget
from videogen.request import GenerationRequest, InvalidRequest
from videogen.studio import Studio, open_studio
from videogen.tasks.schema import Origin
from videogen.tasks.submission import intent_key, new_nonce
from videogen.videos.frames import UnreadableVideo

ROUND = 2.0  # seconds between the rounds of `film run --wait`


def _print(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def _studio() -> Studio:
    studio = open_studio(source="cli")
    if studio.sandbox:
        print(said("sandbox"), file=sys.stderr)
    return studio


def _report(studio: Studio, film: Film) -> dict:
    return {
        "film": film.id,
        "name": film.name,
        "state": film.state,
        "file": film.film_path,
        "cost_usd": studio.films.cost(film),
        "shots": [
            {
                "shot": p.number,
                "model": p.shot.request.model,
                "join": p.shot.join,
                "state": p.record.display_status if p.record else None,
                "task_id": p.record.task_id if p.record else None,
                "video": p.record.video_path if p.record else None,
                "error": p.record.error_text if p.record else None,
            }
            for p in studio.films.progress(film)
        ],
    }


def cmd_film_run(args, catalog: Catalog) -> int:
    path = Path(args.file)
    if not path.is_file():
        fail(said("film.no_file", path=args.file))
        return 2
    try:
        board = read_file(path.read_bytes(), path.name)
    except StoryboardFileError as refused:
        for note in refused.notes:
            fail(note.text())
        return 2
    studio = _studio()
    origin = Origin(None, "cli", studio.sandbox)
    film_id = studio.films.table.save_draft(board, origin)
    try:
        studio.films.start(film_id, budget=studio.budget(), origin=origin)
    except FilmNotReady as refused:
        for shot in refused.check.shots:
            for note in shot.problems:
                fail(said("film.shot_problem", number=shot.number, problem=note.text()))
        for note in refused.check.problems:
            fail(note.text())
        return 1
    except OverBudget as over:
        fail(over.note.text())
        return 1
    if args.wait:
        return _wait(studio, film_id, args.timeout)
    film = studio.films.film(film_id)
    assert film is not None
    _print(_report(studio, film))
    return 0


def _wait(studio: Studio, film_id: str, timeout: float) -> int:
    """Follow the film's shots (the tracker's rounds advance it) until every shot is saved, then make the film."""
    tracker = studio.tracker()
    deadline = time.monotonic() + timeout
    while True:
        tracker.refresh()
        film = studio.films.film(film_id)
        assert film is not None
        if film.state in (FilmState.SHOT, FilmState.STOPPED) or time.monotonic() > deadline:
            break
        time.sleep(ROUND)
    if film.state == FilmState.SHOT:
        try:
            studio.films.make(film_id)
        except UnreadableVideo as failed:
            fail(render("film.join_failed", {"reason": str(failed)}))
        film = studio.films.film(film_id) or film
    _print(_report(studio, film))
    return 0 if film.state == FilmState.MADE else 1


def _known_film(film_id: str) -> tuple[Studio, Film | None]:
    """The studio and the film named on the command line (None, said on stderr, when there is no such film)."""
    studio = open_studio(source="cli")
    film = studio.films.film(film_id)
    if film is None:
        fail(said("film.unknown", film=repr(film_id)))
    return studio, film


def cmd_film_status(args, catalog: Catalog) -> int:
    studio, film = _known_film(args.film)
    if film is None:
        return 2
    studio.films.advance(film.id)
    _print(_report(studio, studio.films.film(film.id) or film))
    return 0


def cmd_film_make(args, catalog: Catalog) -> int:
    studio, film = _known_film(args.film)
    if film is None:
        return 2
    try:
        joined = studio.films.make(film.id)
    except FilmNotShot:
        fail(said("film.not_shot"))
        return 1
    except UnreadableVideo as failed:
        fail(render("film.join_failed", {"reason": str(failed)}))
        return 1
    _print({"film": film.id, "file": str(joined.path), "how": joined.how, "seconds": round(joined.seconds, 3)})
    return 0


def cmd_continue(args, catalog: Catalog) -> int:
    """The next shot of a saved video: its exact last frame uploaded as the first frame, then submitted."""
    studio = _studio()
    record = studio.store.listing.by_task_id(args.task_id.strip())
    if record is None:
        fail(said("continue.unknown", task_id=repr(args.task_id)))
        return 2
    try:
        shot = studio.next_shot(record)
    except UnreadableVideo as unreadable:
        fail(render("video.last_frame_unreadable", {"reason": str(unreadable)}))
        return 1
    model = args.model or shot.model
    url = studio.provider.upload_image(shot.frame.data, shot.frame.name, shot.frame.mime)
    request = GenerationRequest(model, args.prompt, first_frame=url)
    try:
        valid = studio.validate(request)
    except InvalidRequest as refused:
        fail(" ".join(refused.problems.values()))
        return 1
    outcome = studio.submit(valid, intent_key(new_nonce(), valid.request))
    done = outcome.record
    _print(
        {
            "continues": record.task_id,
            "state": done.state,
            "task_id": done.task_id,
            "first_frame_seconds": round(shot.frame.seconds, 3),
            "estimated_cost": done.estimated_cost,
            "error": done.error_text,
        }
    )
    return 0 if done.task_id else 1


def add_commands(sub, catalog: Catalog) -> None:
    film = sub.add_parser(
        "film",
        help=said("film.help"),
        description=said("film.description"),
    )
    films = film.add_subparsers(dest="film_command", required=True, metavar="ACTION")
    p = films.add_parser("run", help=said("film.run"))
    p.add_argument("file", metavar="FILE", help=said("film.file"))
    p.add_argument("--wait", action="store_true", help=said("film.wait"))
    p.add_argument("--timeout", type=float, default=1800.0, help=said("timeout"))
    p.set_defaults(run=cmd_film_run)
    p = films.add_parser("status", help=said("film.status"))
    p.add_argument("film", metavar="FILM", help=said("film.id"))
    p.set_defaults(run=cmd_film_status)
    p = films.add_parser("make", help=said("film.make"))
    p.add_argument("film", metavar="FILM", help=said("film.id"))
    p.set_defaults(run=cmd_film_make)

    p = sub.add_parser(
        "continue",
        help=said("continue.help"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("task_id", metavar="TASK_ID", help=said("continue.task"))
    p.add_argument("--prompt", required=True, help=said("continue.prompt"))
    p.add_argument("--model", choices=list(catalog.models), default=None, help=said("continue.model"))
    p.set_defaults(run=cmd_continue)
