"""Videos as inputs of a request: Kling's motion control (a picture and a motion video, billed on the motion
video's length) and Wan 2.7's video edit (a source video, the result as long as it). The request sends each in
its documented field, prices the measured length, and refuses what the API would refuse before paying; the
simulator refuses the same bodies."""

from __future__ import annotations

import json

import pytest

from videogen.catalog import CatalogError, parse_files
from videogen.catalog.loading import BUILTIN_DIR, SHAPES_FILE
from videogen.provider import errors
from videogen.request import GenerationRequest, MediaInput
from videogen.request.body import BodyRefused, read_body

PICTURE = "https://cdn.example.test/dancer.png"
MOTION = "https://cdn.example.test/moves.mp4"


def motion(seconds: float | None = 7.2, **fields) -> GenerationRequest:
    return GenerationRequest(
        "kling-v3-motion-control",
        fields.pop("prompt", ""),
        image_urls=(PICTURE,),
        media=(MediaInput("motion", MOTION, seconds),),
        **fields,
    )


def test_motion_control_sends_the_picture_and_the_video_in_their_fields_and_bills_the_videos_length(catalog):
    valid = motion(7.2, resolution="pro", options=(("character_orientation", "video"),)).validate(catalog)
    body = valid.payload()
    assert body == {
        "model": "kling-v3-motion-control",
        "mode": "pro",
        "image_url": PICTURE,
        "video_url": MOTION,
        "character_orientation": "video",
    }  # no duration: the provider bills the motion video's own length
    assert valid.request.duration == 8  # 7.2 s, rounded up to a whole second
    assert valid.estimate() == pytest.approx(8 * 0.13712, abs=1e-4)
    assert read_body(body, catalog).request.media == (MediaInput("motion", MOTION),)


def test_the_video_edit_sends_its_source_as_a_list_and_the_result_is_as_long_as_it(catalog):
    request = GenerationRequest("wan2.7-videoedit", "make it snow", media=(MediaInput("source", MOTION, 4.0),))
    valid = request.validate(catalog)
    assert valid.payload() == {
        "model": "wan2.7-videoedit",
        "prompt": "make it snow",
        "resolution": "1080P",
        "video_urls": [MOTION],
    }
    assert valid.estimate() == pytest.approx(4 * 0.1096, abs=1e-4)


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (motion(None), "request.media_unmeasured"),
        (motion(31.0), "request.media_seconds"),
        (GenerationRequest("kling-v3-motion-control", "", image_urls=(PICTURE,)), "request.media_required"),
        (
            GenerationRequest("wan2.7-videoedit", "", media=(MediaInput("source", "/home/me/clip.mp4", 4.0),)),
            "request.media_url",
        ),
        (
            GenerationRequest(
                "wan2.7-videoedit", "", media=(MediaInput("source", MOTION, 4), MediaInput("source", MOTION, 4))
            ),
            "request.media_count",
        ),
        (GenerationRequest("sora-2", "a kite", media=(MediaInput("motion", MOTION, 4.0),)), "request.media_role"),
    ],
)
def test_what_the_api_would_refuse_is_refused_before_paying(catalog, request_, code):
    notes = request_.check(catalog)
    assert notes["media"].code == code
    assert notes["media"].text("zh") != notes["media"].text("en")


def test_motion_control_needs_the_characters_picture(catalog):
    notes = GenerationRequest("kling-v3-motion-control", "", media=(MediaInput("motion", MOTION, 5.0),)).check(catalog)
    assert notes["image_urls"].code == "request.image_required"


def test_the_simulator_measures_nothing_but_refuses_what_the_api_refuses(client, simulator, catalog):
    made = client.submit({"model": "kling-v3-motion-control", "image_url": PICTURE, "video_url": MOTION}, "vg-mc-1")
    assert made and len(simulator.state.tasks) == 1
    for body, code in (
        ({"model": "kling-v3-motion-control", "image_url": PICTURE}, "missing_video_input"),
        ({"model": "wan2.7-videoedit", "video_urls": [MOTION, MOTION]}, "unsupported_video_count"),
        ({"model": "wan2.7-videoedit", "video_urls": ["data:video/mp4;base64,AAAA"]}, "invalid_video_url"),
        ({"model": "wan2.7-videoedit", "video_urls": [MOTION], "duration": 5}, "unknown_parameter"),
    ):
        with pytest.raises(BodyRefused) as read:
            read_body(body, catalog)
        assert read.value.code == code
        with pytest.raises(errors.ApiError) as refused:
            client.submit(body, f"vg-{code}")
        assert refused.value.status == 400
    assert len(simulator.state.tasks) == 1


def test_a_media_table_naming_a_role_it_does_not_have_is_refused(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(
        (BUILTIN_DIR / "wan.toml")
        .read_text(encoding="utf-8")
        .replace('fields = { source = "video_urls" }', 'fields = { motion = "video_urls" }')
    )
    with pytest.raises(CatalogError, match="motion not in its roles"):
        parse_files([broken], BUILTIN_DIR / SHAPES_FILE)


def test_the_command_line_measures_the_motion_video_before_sending_and_prices_its_length(simulator, faults, tmp_path):
    from tests.cli_runner import run
    from tests.faultserver import serve_bytes
    from tests.videos import make_clip

    clip = make_clip(tmp_path / "moves.mp4", [(200, 40, 40)] * 4)  # 4 s
    url = faults.route("/moves.mp4", serve_bytes(clip.read_bytes(), content_type="video/mp4"))
    short = faults.route("/short.mp4", serve_bytes(make_clip(tmp_path / "s.mp4", [(0, 0, 0)] * 2).read_bytes()))
    env = {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path / "data"),
        "VIDEOGEN_ALLOW_PRIVATE_URLS": "1",
    }
    model = ["submit", "--model", "kling-v3-motion-control", "--image-url", PICTURE]
    rc, _, err = run(*model, "--video", f"motion={short}", env=env)
    assert rc == 2 and "The video is 2.0 s; this model takes 3.0-30.0 s" in err and "Traceback" not in err
    assert not simulator.state.submissions  # refused before anything was sent
    rc, out, err = run(*model, "--video", f"motion={url}", "--option", "character_orientation=image", env=env)
    sent = simulator.state.submissions[-1]
    assert rc == 0, err
    assert sent["video_url"] == url and sent["image_url"] == PICTURE and "duration" not in sent
    assert json.loads(out)["estimated_cost"] == pytest.approx(4 * 0.10288, abs=1e-4)  # billed on its 4 s


def test_facing_as_in_the_picture_holds_the_motion_video_to_ten_seconds(catalog):
    def problems(seconds: float, facing: str) -> dict:
        return motion(seconds, options=(("character_orientation", facing),)).check(catalog)

    assert problems(12.0, "image")["media"].code == "request.rule"  # 3-10 s facing as in the picture
    assert "3-10 s" in problems(12.0, "image")["media"].text("en")
    assert problems(12.0, "video") == {} and problems(9.5, "image") == {}
    assert motion(None, options=(("character_orientation", "image"),)).check(catalog)["media"].code == (
        "request.media_unmeasured"  # not yet measured: said as such, not as the rule
    )
