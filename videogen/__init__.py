"""The video-generation domain: catalogue, requests, API client, images, videos, tasks, films. No Streamlit here.

This file is the domain's public surface: the interface (`ui/`, `pages/`, `app.py`) imports only the names
below (`from videogen import Studio`), never a module inside, and `lint-imports` holds it to that in CI. The names
are grouped by the folder they live in, from the top layer down; a few modules are exported whole where the
interface uses them as a namespace of small functions (`days.shown`, `ledger.totals`, `settings.api_key`).

Importing the package imports the domain (the pages use all of it): a command that needs one corner still pays
for the whole, about 0.5 s, as it did before through `videogen.cli`."""

# ruff: noqa: I001 - the imports are grouped by layer, top down, to read as the list of folders does

# The front door: one Studio per configuration.
from videogen.studio import Desk, Scope, Studio, open_studio, starting

# Films: storyboards of shots, run shot by shot, or sent as one multi-shot call.
from videogen.films import one_call
from videogen.films.runner import FilmNotReady, FilmNotShot, ShotProgress
from videogen.films.store import Film, FilmState
from videogen.films.storyboard import (
    CONTINUE,
    CUT,
    EXTEND,
    FilmCheck,
    Shot,
    Storyboard,
    StoryboardFileError,
    new_uid,
)
from videogen.films.storyboard import read_file as read_storyboard_file

# Tasks: what was asked and what came of it.
from videogen.tasks import ledger, states, task_ids
from videogen.tasks.batches import Batch, BatchRow, BatchState, RowState
from videogen.tasks.ledger import Entry
from videogen.tasks.schema import Origin, TaskRecord
from videogen.tasks.states import DISPLAY_STATUSES, TaskState
from videogen.tasks.store import EXPORT_FIELDS, DatabaseUnavailable, TaskStore
from videogen.tasks.submission import Attached, Sending, SubmitOutcome, intent_key, new_nonce
from videogen.tasks.tracker import Following

# Videos and sound: frames, posters, tags, the verdict on a video or sound input.
from videogen.videos.frames import UnreadableVideo, poster
from videogen.videos.tagging import comment_of
from videogen.videos.verdict import MediaVerdict
from videogen.videos.verdict import check as check_media

# Reference images.
from videogen.images import fitting
from videogen.images.kept import KeptImage, KeptImages
from videogen.images.reference_image import Fitted, ReferenceImage
from videogen.images.verdict import Verdict, retarget

# Who makes the videos.
from videogen.provider import prompt_help
from videogen.provider.errors import ApiError
from videogen.provider.protocol import UPLOAD_MAX_BYTES, TaskStatus, VideoProvider
from videogen.provider.sandbox import MARKERS

# What is asked.
from videogen.request import PENDING_UPLOAD, GenerationRequest, InvalidRequest, MediaInput, ValidRequest, batch_file
from videogen.request.body import BodyRefused, read_body
from videogen.request.choosing import ModelFit, carry, fits, typical_wait
from videogen.request.inputs import IMAGE_WORDS, MEDIA_WORDS
from videogen.request.recipe import Recipe, RecipeError, in_comment
from videogen.request.recipe import read as read_recipe

# Money and the team's day.
from videogen.money import days
from videogen.money.budget import OverBudget

# The models as values.
from videogen.catalog import ROLES, Catalog, Model, Option, Shape
from videogen.catalog import builtin as builtin_catalog

# Words.
from videogen.i18n import LANGUAGES, TABLES, Note, language_of, render, term, words
from videogen.i18n import bind as bind_words

# The environment's settings.
from videogen import settings

__all__ = [
    # studio
    "Studio",
    "Desk",
    "Scope",
    "open_studio",
    "starting",
    # films
    "CONTINUE",
    "CUT",
    "EXTEND",
    "Film",
    "FilmCheck",
    "FilmNotReady",
    "FilmNotShot",
    "FilmState",
    "Shot",
    "ShotProgress",
    "Storyboard",
    "StoryboardFileError",
    "new_uid",
    "one_call",
    "read_storyboard_file",
    # tasks
    "Attached",
    "Batch",
    "BatchRow",
    "BatchState",
    "DISPLAY_STATUSES",
    "DatabaseUnavailable",
    "EXPORT_FIELDS",
    "Entry",
    "Following",
    "Origin",
    "RowState",
    "Sending",
    "SubmitOutcome",
    "TaskRecord",
    "TaskState",
    "TaskStore",
    "intent_key",
    "ledger",
    "new_nonce",
    "states",
    "task_ids",
    # videos
    "MediaVerdict",
    "UnreadableVideo",
    "check_media",
    "comment_of",
    "poster",
    # images
    "Fitted",
    "KeptImage",
    "KeptImages",
    "ReferenceImage",
    "Verdict",
    "fitting",
    "retarget",
    # provider
    "ApiError",
    "MARKERS",
    "TaskStatus",
    "UPLOAD_MAX_BYTES",
    "VideoProvider",
    "prompt_help",
    # request
    "BodyRefused",
    "GenerationRequest",
    "IMAGE_WORDS",
    "InvalidRequest",
    "MEDIA_WORDS",
    "MediaInput",
    "ModelFit",
    "PENDING_UPLOAD",
    "Recipe",
    "RecipeError",
    "ValidRequest",
    "batch_file",
    "carry",
    "fits",
    "in_comment",
    "read_body",
    "read_recipe",
    "typical_wait",
    # money
    "OverBudget",
    "days",
    # catalog
    "Catalog",
    "Model",
    "Option",
    "ROLES",
    "Shape",
    "builtin_catalog",
    # words
    "LANGUAGES",
    "Note",
    "TABLES",
    "language_of",
    "render",
    "bind_words",
    "term",
    "words",
    # settings
    "settings",
]
