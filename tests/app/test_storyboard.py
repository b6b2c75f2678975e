"""The Storyboard page: shots composed, priced as a whole, checked before paying, run once; a file imported
with its mistakes named; the film's progress shown as it goes."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, page_text
from videogen import studio
from videogen.films.storyboard import CONTINUE, Shot, Storyboard
from videogen.request import GenerationRequest


def storyboard_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/storyboard.py")
    return at.run()


def shot_keys(at: AppTest) -> list[str]:
    """The shots' widget keys, in the order shown: `storyboard_<uid>`."""
    return [w.key.removesuffix("_model") for w in at.selectbox if w.key and w.key.endswith("_model")]


def test_a_new_storyboard_has_one_shot_and_cannot_run_without_its_prompt(live, data_dir):
    at = storyboard_page()
    assert not at.exception
    assert len(shot_keys(at)) == 1
    assert "Prompt is required" in page_text(at)
    assert at.button(key="storyboard_run").disabled


def test_three_shots_are_priced_as_their_sum_and_run_once(live, data_dir):
    at = storyboard_page()
    first = shot_keys(at)[0]
    at.text_area(key=f"{first}_prompt").input("a red balloon rises").run()
    at.button(key="storyboard_add").click().run()
    at.button(key="storyboard_add").click().run()
    keys = shot_keys(at)
    assert len(keys) == 3
    at.selectbox(key=f"{keys[1]}_model").set_value("veo3.1-fast").run()
    at.text_area(key=f"{keys[1]}_prompt").input("it drifts into a blue sky").run()
    at.selectbox(key=f"{keys[2]}_model").set_value("seedance-2.0").run()
    at.radio(key=f"{keys[2]}_join").set_value("cut").run()
    at.text_area(key=f"{keys[2]}_prompt").input("a green kite on a beach").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    estimates = [float(m) for m in re.findall(r"Estimated \$(\d+\.\d\d)", page_text(at))]
    total = float(re.search(r"3 shots · \d+ s · about \$(\d+\.\d\d) in all", page_text(at)).group(1))
    assert len(estimates) == 3 and total == pytest.approx(sum(estimates), abs=0.011)
    assert at.radio(key=f"{keys[1]}_join").value == CONTINUE  # a shot added after one that takes a frame continues
    at.button(key="storyboard_run").click().run()
    assert not at.exception
    assert len(live.state.submissions) == 2  # the two cuts; the continue waits for shot 1's video
    assert "Running" in page_text(at) and "waiting" in page_text(at)
    at.run()  # a rerun (a reload, a second look) sends nothing more
    assert len(live.state.submissions) == 2
    store = studio.store(data_dir)
    assert len(store.listing.page(limit=10)) == 3


def test_shots_move_and_duplicate_and_the_draft_outlives_the_session(live, data_dir):
    at = storyboard_page()
    first = shot_keys(at)[0]
    at.text_area(key=f"{first}_prompt").input("one").run()
    at.button(key=f"{first}_duplicate").click().run()
    keys = shot_keys(at)
    assert len(keys) == 2 and keys[0] == first
    at.text_area(key=f"{keys[1]}_prompt").input("two").run()
    at.button(key=f"{keys[1]}_up").click().run()
    assert shot_keys(at) == [keys[1], keys[0]]
    again = storyboard_page()  # a new session (a reload): the draft is kept
    assert [again.text_area(key=f"{k}_prompt").value for k in shot_keys(again)] == ["two", "one"]
    again.button(key=f"{keys[0]}_remove").click().run()
    assert shot_keys(again) == [keys[1]]


def test_a_storyboard_file_with_mistakes_is_refused_with_its_lines_and_a_good_one_becomes_a_draft(live, data_dir):
    at = storyboard_page()
    board = Storyboard(
        "Kites",
        (
            Shot(GenerationRequest("kling-v3", "a kite", 5, "16:9")),
            Shot(GenerationRequest("veo3.1-fast", "sky", 8), CONTINUE),
        ),
    )
    broken = board.to_toml().replace('join = "continue"', 'join = "wipe"')
    at.file_uploader(key="storyboard_files_import").upload("kites.toml", broken.encode(), "application/toml").run()
    assert "Shot 2 (line" in " ".join(e.value for e in at.error) and len(shot_keys(at)) == 1
    at.file_uploader(key="storyboard_files_import").upload(
        "kites2.toml", board.to_toml().encode(), "application/toml"
    ).run()
    assert not at.exception
    assert [at.text_area(key=f"{k}_prompt").value for k in shot_keys(at)] == ["a kite", "sky"]
    assert at.text_input(key=[w.key for w in at.text_input if w.key.endswith("_name")][0]).value == "Kites"


def test_kling_shots_go_as_one_multi_shot_call_when_asked(live, data_dir):
    at = storyboard_page()
    first = shot_keys(at)[0]
    at.selectbox(key=f"{first}_model").set_value("kling-v3").run()
    assert all(w.key != "storyboard_one_call" for w in at.toggle)  # one shot: nothing to offer
    at.text_area(key=f"{first}_prompt").input("a red balloon rises").run()
    at.button(key="storyboard_add").click().run()
    second = shot_keys(at)[1]
    at.text_area(key=f"{second}_prompt").input("it drifts into a blue sky").run()
    at.toggle(key="storyboard_one_call").set_value(True).run()
    assert "One call: 2 shots in one 10 s video" in page_text(at)
    at.selectbox(key=f"{second}_resolution").set_value("pro").run()  # the call has one resolution
    assert "do not fit one call" in " ".join(w.value for w in at.warning)
    assert at.button(key="storyboard_run").disabled
    at.selectbox(key=f"{second}_resolution").set_value("std").run()
    at.button(key="storyboard_run").click().run()
    assert not at.exception and len(live.state.submissions) == 1
    sent = live.state.submissions[0]
    assert [s["prompt"] for s in sent["multi_prompt"]] == ["a red balloon rises", "it drifts into a blue sky"]
    assert sent["multi_shot"] is True and sent["duration"] == 10
