"""Every family: the payload for typical and edge choices is exactly the documented fields, the edges a model
refuses are refused with words, and the simulator reads each payload back as the same request."""

import pytest

from videogen.catalog.input_schema import differences, input_schema
from videogen.provider.sandbox.rules import Refusal, request_of
from videogen.request import PENDING_UPLOAD, GenerationRequest, InvalidRequest

A, B, C = "https://img.example.com/a.jpg", "https://img.example.com/b.jpg", "https://img.example.com/c.jpg"

# (request, the exact body the model's documentation describes)
CASES = {
    "sora preview, landscape": (
        GenerationRequest("sora-2-preview", "a kite", 8, "16:9"),
        {"model": "sora-2-preview", "prompt": "a kite", "duration": 8, "aspect_ratio": "landscape"},
    ),
    "sora pro preview, portrait high with a reference": (
        GenerationRequest("sora-2-pro-preview", "a kite", 12, "portrait", "high", (A,)),
        {
            "model": "sora-2-pro-preview",
            "prompt": "a kite",
            "duration": 12,
            "aspect_ratio": "portrait",
            "resolution": "high",
            "image_urls": [A],
        },
    ),
    "sora 2 official, 20 s": (
        GenerationRequest("sora-2", "a kite", 20, "9:16"),
        {"model": "sora-2", "prompt": "a kite", "duration": 20, "aspect_ratio": "9:16"},
    ),
    "veo fast, first and last frame at 4k": (
        GenerationRequest("veo3.1-fast", "a kite", 8, "9:16", "4k", first_frame=A, last_frame=B),
        {
            "model": "veo3.1-fast",
            "prompt": "a kite",
            "duration": 8,
            "aspect_ratio": "9:16",
            "resolution": "4k",
            "generation_type": "frame",
            "image_urls": [A, B],
        },
    ),
    "veo fast, three references": (
        GenerationRequest("veo3.1-fast", "a kite", None, None, None, (A, B, C)),
        {
            "model": "veo3.1-fast",
            "prompt": "a kite",
            "duration": 8,
            "aspect_ratio": "16:9",
            "resolution": "720p",
            "generation_type": "reference",
            "image_urls": [A, B, C],
        },
    ),
    "veo official, frames by field, people off": (
        GenerationRequest(
            "veo3.1-fast-official",
            "a kite",
            4,
            "16:9",
            "4K",
            first_frame=A,
            last_frame=B,
            options=(("person_generation", "disallow"), ("seed", 7)),
        ),
        {
            "model": "veo3.1-fast-official",
            "prompt": "a kite",
            "duration": 4,
            "aspect_ratio": "16:9",
            "resolution": "4K",
            "first_frame_image": A,
            "last_frame_image": B,
            "seed": 7,
            "person_generation": "disallow",
        },
    ),
    "kling v3, square, pro with sound, first and last frame": (
        GenerationRequest(
            "kling-v3", "a kite", 7, "1:1", "pro", first_frame=A, last_frame=B, options=(("audio", True),)
        ),
        {
            "model": "kling-v3",
            "prompt": "a kite",
            "duration": 7,
            "aspect_ratio": "1:1",
            "mode": "pro",
            "image_urls": [A, B],
            "audio": True,
        },
    ),
    "kling v3 omni, images by role": (
        GenerationRequest("kling-v3-omni", "a kite", 15, "16:9", "std", (C,), A),
        {
            "model": "kling-v3-omni",
            "prompt": "a kite",
            "duration": 15,
            "aspect_ratio": "16:9",
            "mode": "std",
            "image_with_roles": [{"url": A, "role": "first_frame"}, {"url": C, "role": "reference"}],
        },
    ),
    "kling turbo, the first frame gives the shape": (
        GenerationRequest("kling-3.0-turbo", "", 3, "1:1", "1080p", first_frame=A),
        {"model": "kling-3.0-turbo", "duration": 3, "resolution": "1080p", "first_frame_image": A},
    ),
    "seedance 2.0, adaptive, silent, frames by role": (
        GenerationRequest(
            "seedance-2.0",
            "a kite",
            15,
            "adaptive",
            "4k",
            first_frame=A,
            last_frame=B,
            options=(("generate_audio", False),),
        ),
        {
            "model": "seedance-2.0",
            "prompt": "a kite",
            "duration": 15,
            "size": "adaptive",
            "resolution": "4k",
            "image_with_roles": [{"url": A, "role": "first_frame"}, {"url": B, "role": "last_frame"}],
            "generate_audio": False,
        },
    ),
    "seedance 2.5, 30 s, mov": (
        GenerationRequest("seedance-2.5", "a kite", 30, "21:9", "1080p", options=(("output_format", "mov"),)),
        {
            "model": "seedance-2.5",
            "prompt": "a kite",
            "duration": 30,
            "size": "21:9",
            "resolution": "1080p",
            "output_format": "mov",
        },
    ),
    "wan 2.6, text at 4:3": (
        GenerationRequest("wan2.6", "a kite", 15, "4:3", "1080p"),
        {"model": "wan2.6", "prompt": "a kite", "duration": 15, "aspect_ratio": "4:3", "resolution": "1080p"},
    ),
    "wan 2.6 flash, a first frame, silent": (
        GenerationRequest("wan2.6-i2v-flash", "", 2, None, "720p", first_frame=A, options=(("audio", False),)),
        {"model": "wan2.6-i2v-flash", "duration": 2, "resolution": "720p", "image_urls": [A], "audio": False},
    ),
    "hailuo 02, frames by field": (
        GenerationRequest("MiniMax-Hailuo-02", "a kite", 10, None, "512p", first_frame=A, last_frame=B),
        {
            "model": "MiniMax-Hailuo-02",
            "prompt": "a kite",
            "duration": 10,
            "resolution": "512p",
            "first_frame_image": A,
            "last_frame_image": B,
        },
    ),
    "minimax h3, references": (
        GenerationRequest("MiniMax-H3", "a kite", 4, "21:9", "768P", (A, B)),
        {
            "model": "MiniMax-H3",
            "prompt": "a kite",
            "duration": 4,
            "aspect_ratio": "21:9",
            "resolution": "768P",
            "image_urls": [A, B],
        },
    ),
    "vidu q3 references keep the shape": (
        GenerationRequest("viduq3", "a kite", 16, "3:4", "540p", (A, B, C)),
        {
            "model": "viduq3",
            "prompt": "a kite",
            "duration": 16,
            "aspect_ratio": "3:4",
            "resolution": "540p",
            "image_urls": [A, B, C],
        },
    ),
    "grok, quality is the resolution": (
        GenerationRequest("grok-imagine-1.5-video-apimart", "a kite", 30, "2:3", "720p"),
        {
            "model": "grok-imagine-1.5-video-apimart",
            "prompt": "a kite",
            "duration": 30,
            "size": "2:3",
            "quality": "720p",
        },
    ),
    "gemini omni, a first frame": (
        GenerationRequest("Omni-Flash-Ext", "a kite", 10, "9:16", "4k", first_frame=A),
        {
            "model": "Omni-Flash-Ext",
            "prompt": "a kite",
            "duration": 10,
            "aspect_ratio": "9:16",
            "resolution": "4k",
            "generation_type": "frame",
            "image_urls": [A],
        },
    ),
    "happyhorse, references keep the size": (
        GenerationRequest("happyhorse-1.1", "a kite", 3, "3:4", "720P", (A,), options=(("watermark", True),)),
        {
            "model": "happyhorse-1.1",
            "prompt": "a kite",
            "duration": 3,
            "size": "3:4",
            "resolution": "720P",
            "image_urls": [A],
            "watermark": True,
        },
    ),
    "pixverse, negative prompt": (
        GenerationRequest("pixverse-v6", "a kite", 1, "3:2", "360p", options=(("negative_prompt", "rain"),)),
        {
            "model": "pixverse-v6",
            "prompt": "a kite",
            "duration": 1,
            "size": "3:2",
            "resolution": "360p",
            "negative_prompt": "rain",
        },
    ),
    "skyreels, end frame": (
        GenerationRequest("skyreels-v4-std", "a kite", 3, None, "480p", first_frame=A, last_frame=B),
        {
            "model": "skyreels-v4-std",
            "prompt": "a kite",
            "duration": 3,
            "aspect_ratio": "16:9",
            "resolution": "480p",
            "first_frame_image": A,
            "end_frame_image": B,
        },
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_the_payload_is_the_documented_fields(catalog, name):
    request, body = CASES[name]
    valid = request.validate(catalog)
    assert valid.payload() == body
    back = request_of(body, catalog)  # the simulator reads it with the same validation
    assert not isinstance(back, Refusal) and back.payload() == body


REFUSED = {
    "square on sora": (GenerationRequest("sora-2-preview", "a kite", 4, "1:1"), "aspect_ratio", "16:9, 9:16"),
    "veo is 8 s only": (GenerationRequest("veo3.1-fast", "a kite", 6), "duration", "Choose 8 seconds"),
    "kling range": (GenerationRequest("kling-v3", "a kite", 16), "duration", "3 to 15"),
    "last frame alone": (GenerationRequest("kling-v3", "a kite", last_frame=B), "image_urls", "needs a first frame"),
    "sound needs pro on v2.6": (
        GenerationRequest("kling-v2-6", "a kite", 5, None, "std", options=(("audio", True),)),
        "resolution",
        "only in Pro",
    ),
    "1080p only 6 s on hailuo": (
        GenerationRequest("MiniMax-Hailuo-2.3", "a kite", 10, None, "1080p"),
        "duration",
        "only at 6 s",
    ),
    "frames make adaptive on seedance 2.5": (
        GenerationRequest("seedance-2.5", "a kite", 5, "16:9", first_frame=A),
        "aspect_ratio",
        "adaptive",
    ),
    "frames and references do not mix on h3": (
        GenerationRequest("MiniMax-H3", "a kite", 5, None, None, (C,), A),
        "image_urls",
        "not both",
    ),
    "vidu q3 needs a reference": (GenerationRequest("viduq3", "a kite"), "image_urls", "needs a reference image"),
    "two references on gemini": (
        GenerationRequest("Omni-Flash-Ext", "a kite", 6, None, None, (A, B)),
        "image_urls",
        "1 or 3",
    ),
    "no first frame on vidu references": (
        GenerationRequest("viduq3", "a kite", first_frame=A),
        "image_urls",
        "does not take a first frame; it takes a reference image",
    ),
    "a field of another model": (
        GenerationRequest("wan2.6", "a kite", options=(("audio", True),)),
        "audio",
        "negative_prompt, seed",
    ),
    "seed out of range": (
        GenerationRequest("wan2.6", "a kite", options=(("seed", -5),)),
        "seed",
        "from 0 to 2147483647",
    ),
    "480p shapes on wan 2.5": (
        GenerationRequest("wan2.5-preview", "a kite", 5, "4:3", "480p"),
        "aspect_ratio",
        "only 16:9, 9:16 and 1:1",
    ),
    "prompt too long": (GenerationRequest("MiniMax-Hailuo-2.3", "x" * 2001), "prompt", "at most 2000"),
    "a prompt or an image": (GenerationRequest("kling-3.0-turbo", ""), "prompt", "Give a prompt or an image"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_an_edge_the_model_refuses_is_named_with_what_to_do(catalog, name):
    request, field, words = REFUSED[name]
    with pytest.raises(InvalidRequest) as info:
        request.validate(catalog)
    assert field in info.value.problems and words in info.value.problems[field]


def test_a_file_to_upload_holds_its_place_until_the_upload_answers(catalog):
    request = GenerationRequest("happyhorse-1.0", "", 5, None, None, first_frame=PENDING_UPLOAD)
    with pytest.raises(InvalidRequest):
        request.validate(catalog)  # only the app, which uploads at submit, may send a file
    valid = request.validate(catalog, uploads_allowed=True)
    assert valid.payload()["first_frame_image"] == PENDING_UPLOAD
    sent = valid.with_uploads({"first_frame": ["https://upload.apimart.ai/f/x.jpg"]})
    assert sent.payload()["first_frame_image"] == "https://upload.apimart.ai/f/x.jpg"
    assert "size" not in sent.payload()  # the first frame gives the shape


def test_each_models_schema_matches_its_description_and_a_change_is_named(catalog):
    for model in catalog.models.values():
        assert differences(model, input_schema(model)) == []
    live = input_schema(catalog.models["kling-v3"])
    props = live["input_schema"]["properties"]
    props["duration"]["maximum"] = 20
    props["aspect_ratio"]["enum"].append("4:3")
    props["multi_shot"] = {"type": "boolean"}
    del props["watermark"]
    found = differences(catalog.models["kling-v3"], live)
    assert any("`duration` maximum: the provider says 20, here 15" in line for line in found)
    assert any("`aspect_ratio` values" in line and "4:3" in line for line in found)
    assert any("`multi_shot` is in the provider's schema but not described here" in line for line in found)
    assert any("`watermark` is described here but not in the provider's schema" in line for line in found)


def test_the_simulator_refuses_a_bad_field_as_the_api_does(catalog):
    refusal = request_of({"model": "veo3.1-fast", "prompt": "a kite", "duration": 6}, catalog)
    assert isinstance(refusal, Refusal) and (refusal.status, refusal.code, refusal.param) == (
        400,
        "invalid_duration",
        "duration",
    )
    unknown = request_of({"model": "sora-2-preview", "prompt": "a kite", "seed": 3}, catalog)
    assert isinstance(unknown, Refusal) and unknown.code == "unknown_parameter"
    gone = request_of({"model": "sora-3", "prompt": "a kite"}, catalog)
    assert isinstance(gone, Refusal) and (gone.status, gone.code) == (503, "model_not_found")
