"""Recipes (issue 29): a request kept to be made again, as the exact body it sends. Written and read back whole;
a damaged file, one from a newer version, or something else is refused with words and nothing half read; a saved
video carries its recipe in its MP4's comment (the tracker tags it as it saves it), read back without decoding."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_tracker import PAYLOAD, submitted
from tests.videos import make_clip
from videogen.request.recipe import VERSION, Picture, Recipe, RecipeError, in_comment, read
from videogen.tasks.recipe_book import RecipeBook
from videogen.tasks.tracker import Tracker
from videogen.videos.tagging import comment_of, write_comment

BODY = {"model": "kling-v3", "prompt": "a lighthouse", "duration": 10, "mode": "pro", "negative_prompt": "fog"}


def recipe(**changes) -> Recipe:
    values = dict(name="Stormy lighthouse", model="kling-v3", prompt="a lighthouse", body=BODY)
    values.update(changes)
    return Recipe(**values)


def test_a_recipe_and_its_pictures_come_back_whole():
    kept = recipe(pictures=(Picture("https://kept.videogen.invalid/ab", "heron.png", "image/png", b"\x89PNG..."),))
    again = read(kept.to_json())
    assert again == kept
    assert read(kept.to_json().encode()) == kept
    assert "pictures" not in kept.tag() and in_comment(kept.tag()) == recipe()  # a video's: no bytes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "recipe.damaged"),
        (json.dumps({"format": "something-else"}), "recipe.not_one"),
        (json.dumps([1, 2]), "recipe.not_one"),
        (json.dumps({"format": "videogen-recipe", "version": VERSION + 1}), "recipe.newer"),
        (json.dumps({"format": "videogen-recipe", "version": "1"}), "recipe.damaged"),
        (recipe().to_json().replace('"body": {', '"body": {"x": 1, "y": {').replace("}}", "}}}"), "recipe.damaged"),
        (json.dumps({**json.loads(recipe().to_json()), "body": {"model": "veo3.1-fast"}}), "recipe.damaged"),
        (
            json.dumps(
                {**json.loads(recipe().to_json()), "pictures": [{"url": "u", "name": "n", "mime": "m", "data": "!!"}]}
            ),
            "recipe.damaged",
        ),
        (b"\xff\xfe\x00binary", "recipe.not_one"),
        ("[" * 100_000, "recipe.damaged"),
    ],
)
def test_what_is_not_a_recipe_this_studio_reads_is_refused_in_words(text, code):
    with pytest.raises(RecipeError) as refused:
        read(text)
    assert refused.value.note.code == code
    assert refused.value.note.text() and "{" not in refused.value.note.text()


def test_the_book_keeps_one_recipe_a_name_a_person(store):
    book = RecipeBook(store.tables)
    book.save(recipe())
    book.save(recipe(prompt="a lighthouse at noon", body={**BODY, "prompt": "a lighthouse at noon"}))
    book.save(recipe(name="Mine"), owner="ana")
    assert [r.prompt for r in book.recipes()] == ["a lighthouse at noon"]  # the name used again replaced it
    assert [r.name for r in book.recipes(owner="ana")] == ["Mine"]
    book.remove("Stormy lighthouse")
    assert book.recipes() == [] and len(book.recipes(owner="ana")) == 1


def test_a_video_carries_its_recipe_in_its_comment(tmp_path):
    clip = make_clip(tmp_path / "c.mp4", [(9, 9, 9)] * 2, tone=440)
    write_comment(clip, clip, recipe().tag())
    assert in_comment(comment_of(clip)) == recipe()
    assert in_comment(comment_of(clip.read_bytes())) == recipe()  # a dropped file's bytes
    with pytest.raises(RecipeError) as none:
        in_comment(comment_of(make_clip(tmp_path / "plain.mp4", [(9, 9, 9)])))
    assert none.value.note.code == "recipe.none_in_video"
    assert comment_of(b"not a video at all") is None


def test_the_tracker_saves_each_video_with_its_recipe(store, client, tmp_path, clock):
    task_id = submitted(store, client)
    tracker = Tracker(store, client, tmp_path / "videos")
    tracker.refresh()
    clock.advance(1.1)
    assert tracker.refresh().saved == 1
    carried = in_comment(comment_of(tmp_path / "videos" / f"{task_id}.mp4"))
    assert carried.body == PAYLOAD and carried.model == "sora-2-preview" and carried.prompt == "a heron"
