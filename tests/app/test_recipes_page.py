"""Recipes on Generate (issue 29): the request saved under a name comes back exactly (the preview's body equals
the one it would have sent), a recipe file and a video made here fill the form the same way, a damaged file is
named and nothing applied, and a recipe of a retired model offers its replacement."""

from __future__ import annotations

import json

from tests.app.conftest import page_text, preview_blocks
from tests.videos import make_clip
from videogen.request.recipe import Recipe
from videogen.videos.tagging import write_comment


def body_shown(at) -> dict:
    bodies = [json.loads(c) for c in preview_blocks(at) if c.lstrip().startswith("{")]
    assert bodies, page_text(at)
    return bodies[0]


def composed(app):
    at = app(model="Kling v3")
    at.session_state["recipe_open"] = True  # the section opened
    at.text_area(key="prompt").input("a lighthouse in a storm").run()
    at.session_state["duration"] = 10
    at.session_state["resolution"] = "pro"
    at.session_state["request_kling-v3_negative_prompt"] = "fog"
    at.run()
    return at


def scramble(at):
    at.text_area(key="prompt").input("something else entirely").run()
    at.session_state["duration"] = 4
    at.run()


def test_a_saved_recipe_comes_back_exactly(app, live):
    at = composed(app)
    sent = body_shown(at)
    assert sent["duration"] == 10 and sent["mode"] == "pro" and sent["negative_prompt"] == "fog"
    at.text_input(key="recipe_name").input("Storm").run()
    at.button(key="recipe_save").click().run()
    assert not at.exception and at.selectbox(key="recipe_chosen").value == "Storm"
    scramble(at)
    assert body_shown(at) != sent
    at.button(key="recipe_book_use").click().run()
    at.run()
    assert not at.exception and body_shown(at) == sent
    assert not live.state.submissions  # a recipe fills the form; nothing is sent


def test_a_recipe_file_and_a_video_made_here_fill_the_form_again(app, live, tmp_path):
    at = composed(app)
    sent = body_shown(at)
    recipe = Recipe("Storm", "kling-v3", "a lighthouse in a storm", sent)
    scramble(at)
    at.get("file_uploader")[-1].upload("storm.videogen.json", recipe.to_json().encode(), "application/json").run()
    assert not at.exception and "Kling v3: a lighthouse in a storm" in page_text(at)
    at.button(key="recipe_dropped_use").click().run()
    at.run()
    assert body_shown(at) == sent

    clip = make_clip(tmp_path / "made.mp4", [(9, 9, 9)] * 2)
    write_comment(clip, clip, recipe.tag())
    scramble(at)
    uploader = next(u for u in at.get("file_uploader") if u.label == "Open a recipe file, or a video made here")
    uploader.upload("made.mp4", clip.read_bytes(), "video/mp4").run()
    at.button(key="recipe_dropped_use").click().run()
    at.run()
    assert body_shown(at) == sent


def test_a_damaged_file_or_a_video_without_a_recipe_is_named_and_nothing_applied(app, live, tmp_path):
    at = composed(app)
    sent = body_shown(at)
    uploader = next(u for u in at.get("file_uploader") if u.label == "Open a recipe file, or a video made here")
    uploader.upload("broken.json", b'{"format": "videogen-recipe", "version": 9}', "application/json").run()
    assert any("newer version" in e.value and "Nothing was applied" in e.value for e in at.error), page_text(at)
    plain = make_clip(tmp_path / "plain.mp4", [(9, 9, 9)])
    uploader = next(u for u in at.get("file_uploader") if u.label == "Open a recipe file, or a video made here")
    uploader.upload("plain.mp4", plain.read_bytes(), "video/mp4").run()
    assert any("carries no recipe" in e.value for e in at.error), page_text(at)
    assert not at.exception and body_shown(at) == sent


def test_a_recipe_of_a_retired_model_offers_its_replacement(app, live):
    at = composed(app)
    old = Recipe("Old", "sora-2", "a kite", {"model": "sora-2", "prompt": "a kite", "seconds": "8"})
    uploader = next(u for u in at.get("file_uploader") if u.label == "Open a recipe file, or a video made here")
    uploader.upload("old.json", old.to_json().encode(), "application/json").run()
    assert any("Sora 2 (official) was retired" in w.value for w in at.warning), page_text(at)
    at.button(key="recipe_dropped_replaced").click().run()
    at.run()
    assert not at.exception and at.selectbox(key="model").value == "veo3.1-fast-official"
    assert at.text_area(key="prompt").value == "a kite"
