import pytest

from videogen.request import GenerationRequest, InvalidRequest


def test_standard_model_payload_has_no_resolution_key(catalog):
    body = GenerationRequest("sora-2-preview", "  a fox in the snow  ").validate(catalog).payload()
    assert body == {
        "model": "sora-2-preview",
        "prompt": "a fox in the snow",
        "duration": 4,
        "aspect_ratio": "landscape",
    }


def test_pro_model_payload_with_everything(catalog):
    request = GenerationRequest("sora-2-pro-preview", "x", 12, "9:16", "high", ("https://a.example/i.png",))
    body = request.validate(catalog).payload()
    assert body == {
        "model": "sora-2-pro-preview",
        "prompt": "x",
        "duration": 12,
        "aspect_ratio": "portrait",
        "resolution": "high",
        "image_urls": ["https://a.example/i.png"],
    }


def test_pro_model_gets_default_resolution(catalog):
    assert GenerationRequest("sora-2-pro-preview", "x").validate(catalog).payload()["resolution"] == "standard"


@pytest.mark.parametrize(
    "kwargs,field,words",
    [
        (dict(model="sora-9", prompt="x"), "model", "sora-2-preview"),
        (dict(model="sora-2-preview", prompt="   "), "prompt", "required"),
        (dict(model="sora-2-preview", prompt="x", duration=5), "duration", "4, 8, 12"),
        (dict(model="sora-2-preview", prompt="x", duration="8"), "duration", "4, 8, 12"),
        (
            dict(model="sora-2-preview", prompt="x", aspect_ratio="1:1"),
            "aspect_ratio",
            "16:9, 9:16",
        ),
        (dict(model="sora-2-preview", prompt="x", resolution="high"), "resolution", "no resolution"),
        (dict(model="sora-2-pro-preview", prompt="x", resolution="4k"), "resolution", "standard, high"),
        (dict(model="sora-2-preview", prompt="x", image_urls=("data:image/png;base64,AAAA",)), "image_urls", "http"),
    ],
)
def test_each_invalid_field_is_named_with_allowed_values(catalog, kwargs, field, words):
    with pytest.raises(InvalidRequest) as info:
        GenerationRequest(**kwargs).validate(catalog).payload()
    assert field in info.value.problems
    assert words in info.value.problems[field]


def test_several_problems_at_once(catalog):
    problems = GenerationRequest("sora-2-preview", "", 7, "square").problems(catalog)
    assert set(problems) == {"prompt", "duration", "aspect_ratio"}


def test_estimate(catalog):
    assert GenerationRequest("sora-2-pro-preview", "x", 8, resolution="high").validate(
        catalog
    ).estimate() == pytest.approx(3.2)
