"""Reference videos and sound, sent and priced as each model documents them (issue 28): Seedance 2.x and MiniMax
H3 bill a reference video's seconds on top of the video's, Kling v3 Omni takes one video to edit or to follow
(`video_list`, at a dearer rate), HappyHorse edits a source video (billed on at most its first 15 s), Gemini Omni
drops `duration` beside a reference video, Wan takes a soundtrack by link. What the API refuses (media mixed
with frames, sound alone, too many or too long) is refused before paying, and the simulator refuses the same
bodies with the API's codes."""

from __future__ import annotations

import pytest

from videogen.catalog import CatalogError, parse_files
from videogen.catalog.loading import BUILTIN_DIR, SHAPES_FILE
from videogen.provider import errors
from videogen.request import GenerationRequest, MediaInput, ValidRequest
from videogen.request.body import BodyRefused, read_body

PICTURE = "https://cdn.example.test/hero.png"
CLIP = "https://cdn.example.test/walk.mp4"
OTHER = "https://cdn.example.test/run.mov"
SONG = "https://cdn.example.test/song.mp3"


def request(model: str, *media: MediaInput, **fields) -> GenerationRequest:
    return GenerationRequest(model, fields.pop("prompt", "a hero walks"), media=media, **fields)


def test_seedance_2_5_sends_reference_videos_and_bills_their_seconds_on_top_at_the_reference_rate(catalog):
    valid = request(
        "seedance-2.5", MediaInput("reference", CLIP, 7.5), MediaInput("reference", OTHER, 4.2), duration=5
    ).validate(catalog)
    body = valid.payload()
    assert body["video_urls"] == [CLIP, OTHER]
    assert valid.request.duration == 5  # the video's own length is still asked
    assert valid.estimate() == pytest.approx((5 + 12) * 0.1296, abs=1e-4)  # 11.7 s of references billed as 12
    price = catalog.model("seedance-2.5").price(5, "720p", None, valid.request.media_seconds())
    assert "12 s of reference videos" in price.rule()
    without = request("seedance-2.5", duration=5).validate(catalog)
    assert without.estimate() == pytest.approx(5 * 0.216, abs=1e-4)  # no video: the ordinary rate
    assert read_body(body, catalog).request.media == (MediaInput("reference", CLIP), MediaInput("reference", OTHER))


def test_a_reference_videos_length_not_measured_yet_is_said_in_the_price(catalog):
    model = catalog.model("seedance-2.5")
    price = model.price(5, "720p", None, {"reference": None})
    assert price.amount == pytest.approx(5 * 0.1296, abs=1e-4)
    assert "not measured yet" in price.rule()
    assert "尚未测量" in price.rule("zh")


def test_minimax_h3_adds_reference_seconds_at_its_own_rate_and_takes_sound_only_beside_a_reference(catalog):
    valid = request(
        "MiniMax-H3", MediaInput("reference", CLIP, 6.0), MediaInput("audio", SONG, 5.0), duration=5
    ).validate(catalog)
    assert valid.payload()["video_urls"] == [CLIP] and valid.payload()["audio_urls"] == [SONG]
    assert valid.estimate() == pytest.approx((5 + 6) * 0.09144, abs=1e-4)
    alone = request("MiniMax-H3", MediaInput("audio", SONG, 5.0)).check(catalog)
    assert alone["media"].code == "request.media_needs"
    with_picture = request("MiniMax-H3", MediaInput("audio", SONG, 5.0), image_urls=(PICTURE,))
    assert with_picture.check(catalog) == {}
    too_long = request("MiniMax-H3", MediaInput("reference", CLIP, 9.0), MediaInput("reference", OTHER, 8.0))
    assert too_long.check(catalog)["media"].code == "request.media_total"
    assert "17.0 s" in too_long.check(catalog)["media"].text()


@pytest.mark.parametrize(
    ("model", "media", "frames"),
    [
        ("seedance-2.0", MediaInput("reference", CLIP, 5.0), {"first_frame": PICTURE}),
        ("MiniMax-H3", MediaInput("reference", CLIP, 5.0), {"first_frame": PICTURE}),
        ("kling-v3-omni", MediaInput("source", CLIP, 5.0), {"first_frame": PICTURE}),
        (
            "kling-v3-omni",
            MediaInput("reference", CLIP, 5.0),
            {"first_frame": PICTURE, "last_frame": "https://cdn.example.test/end.png"},
        ),
        ("happyhorse-1.0", MediaInput("source", CLIP, 5.0), {"first_frame": PICTURE}),
    ],
)
def test_videos_mixed_with_frames_the_model_refuses_are_refused_before_paying_and_by_the_simulator(
    catalog, model, media, frames
):
    notes = request(model, media, **frames).check(catalog)
    assert notes["media"].code == "request.media_mixed"
    assert "Remove one of them" in notes["media"].text()
    careless = request(model, media, duration=5, resolution=catalog.model(model).default_tier, **frames)
    body = ValidRequest(careless, catalog.model(model)).payload()  # as a careless client would send it
    with pytest.raises(BodyRefused) as refused:
        read_body(body, catalog)
    assert refused.value.code == "mixed_media_not_allowed"


def test_kling_omni_takes_one_video_to_edit_or_to_follow_in_its_video_list(catalog):
    edit = request("kling-v3-omni", MediaInput("source", CLIP, 6.4)).validate(catalog)
    body = edit.payload()
    assert body["video_list"] == [{"video_url": CLIP, "refer_type": "base"}]
    assert edit.request.duration == 7  # the result is as long as the video edited
    assert edit.estimate() == pytest.approx(7 * 0.1008, abs=1e-4)  # the "video" rate of Standard 720p
    assert read_body(body, catalog).request.media == (MediaInput("source", CLIP),)
    follow = request("kling-v3-omni", MediaInput("reference", CLIP, 5.0), first_frame=PICTURE, duration=10)
    valid = follow.validate(catalog)
    assert valid.payload()["video_list"] == [{"video_url": CLIP, "refer_type": "feature"}]
    assert valid.request.duration == 10 and valid.estimate() == pytest.approx(10 * 0.1008, abs=1e-4)
    assert read_body(valid.payload(), catalog).request.media == (MediaInput("reference", CLIP),)
    both = request("kling-v3-omni", MediaInput("source", CLIP, 5.0), MediaInput("reference", OTHER, 5.0))
    assert both.check(catalog)["media"].code == "request.media_shared"
    with pytest.raises(BodyRefused) as refused:
        read_body({**body, "video_list": [{"video_url": CLIP, "refer_type": "style"}]}, catalog)
    assert refused.value.code == "invalid_video_list"


def test_happyhorse_edits_a_source_video_billed_on_at_most_its_first_fifteen_seconds(catalog):
    valid = request(
        "happyhorse-1.0", MediaInput("source", CLIP, 40.0), options=(("audio_setting", "origin"),)
    ).validate(catalog)
    body = valid.payload()
    assert body["video_url"] == CLIP and body["audio_setting"] == "origin"
    assert valid.request.duration == 15
    assert valid.estimate() == pytest.approx(15 * 0.23, abs=1e-4)
    no_edit = request("happyhorse-1.0", options=(("audio_setting", "origin"),))
    assert no_edit.check(catalog)["audio_setting"].code == "request.rule"
    with pytest.raises(BodyRefused) as refused:
        read_body({"model": "happyhorse-1.0", "prompt": "x", "audio_setting": "origin"}, catalog)
    assert refused.value.code == "audio_setting_only_for_edit"


def test_gemini_omni_leaves_out_the_duration_beside_a_reference_video(catalog):
    valid = request("Omni-Flash-Ext", MediaInput("reference", CLIP, 3.0), duration=10).validate(catalog)
    body = valid.payload()
    assert body["video_urls"] == [CLIP] and "duration" not in body
    assert valid.request.duration == 6 and valid.estimate() == pytest.approx(0.30)  # the provider's default length
    with pytest.raises(BodyRefused) as refused:
        read_body({**body, "duration": 6}, catalog)
    assert refused.value.code == "invalid_duration"


def test_wan_takes_its_soundtrack_by_link_checked_for_length(catalog):
    valid = request("wan2.7", MediaInput("audio", SONG, 12.0)).validate(catalog)
    assert valid.payload()["audio_url"] == SONG
    assert request("wan2.7", MediaInput("audio", SONG, 40.0)).check(catalog)["media"].code == "request.media_seconds"
    assert catalog.model("wan2.7").option("audio_url") is None  # no longer a bare URL field: it is probed


def test_the_simulator_refuses_mixed_media_an_edit_setting_and_an_unreadable_video(client, simulator):
    refusals = (
        (
            {
                "model": "seedance-2.0",
                "prompt": "x",
                "video_urls": [CLIP],
                "image_with_roles": [{"url": PICTURE, "role": "first_frame"}],
            },
            "mixed_media_not_allowed",
        ),
        ({"model": "MiniMax-H3", "prompt": "x", "audio_urls": [SONG]}, "mixed_media_not_allowed"),
        ({"model": "happyhorse-1.0", "prompt": "x", "audio_setting": "origin"}, "audio_setting_only_for_edit"),
        (
            {"model": "MiniMax-H3", "prompt": "x [sim:video-unreadable]", "video_urls": [CLIP]},
            "input_video_probe_failed",
        ),
    )
    for number, (body, code) in enumerate(refusals):
        with pytest.raises(errors.ApiError) as refused:
            client.submit(body, f"vg-ref-{number}")
        assert (refused.value.status, refused.value.code) == (400, code)
        assert refused.value.next_step  # the client has words for each
    assert len(simulator.state.tasks) == 0
    made = client.submit({"model": "MiniMax-H3", "prompt": "x", "video_urls": [CLIP], "audio_urls": [SONG]}, "vg-ok")
    assert made and len(simulator.state.tasks) == 1


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'without = { reference = ["first_frame", "last_frame"] }, adds',
            'without = { reference = ["poster"] }, adds',
            "poster",
        ),
        ('rates = { "480p" = 0.04,', 'rates = { "8k" = 0.04,', "8k"),
    ],
)
def test_a_media_table_naming_an_image_role_or_a_tier_it_does_not_have_is_refused(tmp_path, old, new, said):
    text = (BUILTIN_DIR / "seedance.toml").read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogError, match=said):
        parse_files([broken], BUILTIN_DIR / SHAPES_FILE)
