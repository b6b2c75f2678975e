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
        print("sandbox (simulated): no APIMART_API_KEY is set; nothing is charged", file=sys.stderr)
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
        print(f"error: {args.file}: no such file. Give a storyboard file (TOML or JSON).", file=sys.stderr)
        return 2
    try:
        board = read_file(path.read_bytes(), path.name)
    except StoryboardFileError as refused:
        for note in refused.notes:
            print(f"error: {note.text()}", file=sys.stderr)
        return 2
    studio = _studio()
    origin = Origin(None, "cli", studio.sandbox)
    film_id = studio.films.table.save_draft(board, origin)
    try:
        studio.films.start(film_id, budget=studio.budget(), origin=origin)
    except FilmNotReady as refused:
        for shot in refused.check.shots:
            for note in shot.problems:
                print(f"error: shot {shot.number}: {note.text()}", file=sys.stderr)
        for note in refused.check.problems:
            print(f"error: {note.text()}", file=sys.stderr)
        return 1
    except OverBudget as over:
        print(f"error: {over.note.text()}", file=sys.stderr)
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
            print(f"error: {render('film.join_failed', {'reason': str(failed)})}", file=sys.stderr)
        film = studio.films.film(film_id) or film
    _print(_report(studio, film))
    return 0 if film.state == FilmState.MADE else 1


def _known_film(film_id: str) -> tuple[Studio, Film | None]:
    """The studio and the film named on the command line (None, said on stderr, when there is no such film)."""
    studio = open_studio(source="cli")
    film = studio.films.film(film_id)
    if film is None:
        print(f"error: no film {film_id!r}: `film run` prints its id.", file=sys.stderr)
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
        print("error: not every shot's video is saved yet: see `film status`.", file=sys.stderr)
        return 1
    except UnreadableVideo as failed:
        print(f"error: {render('film.join_failed', {'reason': str(failed)})}", file=sys.stderr)
        return 1
    _print({"film": film.id, "file": str(joined.path), "how": joined.how, "seconds": round(joined.seconds, 3)})
    return 0


def cmd_continue(args, catalog: Catalog) -> int:
    """The next shot of a saved video: its exact last frame uploaded as the first frame, then submitted."""
    studio = _studio()
    record = studio.store.by_task_id(args.task_id.strip())
    if record is None:
        print(f"error: no task {args.task_id!r} in this history: `history` lists them.", file=sys.stderr)
        return 2
    try:
        shot = studio.next_shot(record)
    except UnreadableVideo as unreadable:
        print(f"error: {render('ui.detail.continue_unreadable', {'reason': str(unreadable)})}", file=sys.stderr)
        return 1
    model = args.model or shot.model
    url = studio.provider.upload_image(shot.frame.data, shot.frame.name, shot.frame.mime)
    request = GenerationRequest(model, args.prompt, first_frame=url)
    try:
        valid = studio.validate(request)
    except InvalidRequest as refused:
        print(f"error: {' '.join(refused.problems.values())}", file=sys.stderr)
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
        help="run a storyboard file shot by shot and join the film; its status; make it",
        description="Films from storyboard files (TOML or JSON, as the Storyboard page exports them).",
    )
    films = film.add_subparsers(dest="film_command", required=True, metavar="ACTION")
    p = films.add_parser("run", help="check, price and start a storyboard file (each shot sent once)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--wait", action="store_true", help="follow the shots until saved, then make the film")
    p.add_argument("--timeout", type=float, default=1800.0, help="with --wait: give up after this many seconds")
    p.set_defaults(run=cmd_film_run)
    p = films.add_parser("status", help="each shot's task and the film's file")
    p.add_argument("film", metavar="FILM")
    p.set_defaults(run=cmd_film_status)
    p = films.add_parser("make", help="join the saved shots into the film's MP4")
    p.add_argument("film", metavar="FILM")
    p.set_defaults(run=cmd_film_make)

    p = sub.add_parser(
        "continue",
        help="the next shot of a saved video: its exact last frame as the first frame",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("task_id", metavar="TASK_ID")
    p.add_argument("--prompt", required=True)
    p.add_argument("--model", choices=list(catalog.models), default=None, help="default: the same model")
    p.set_defaults(run=cmd_continue)
