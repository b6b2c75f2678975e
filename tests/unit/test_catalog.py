"""The catalogue as data: every family loads, each model's shapes, tiers, prices and rules are what the data
says, a user's files add or replace models, and a broken user file never takes the built-in one down."""

from pathlib import Path

import pytest

from videogen import catalog as catalog_module
from videogen.catalog import loading

FAMILIES = {
    "Sora 2",
    "FLUX",
    "Veo 3.1",
    "Kling",
    "Seedance",
    "Wan",
    "MiniMax",
    "Vidu Q3",
    "Grok Imagine",
    "Gemini Omni",
    "HappyHorse",
    "PixVerse",
    "SkyReels",
}


def test_every_family_is_described_and_the_retired_sora_comes_last(catalog):
    assert set(catalog.families()) == FAMILIES
    assert list(catalog.families())[-1] == "Sora 2" and catalog.default_model == "kling-v3-omni"
    assert all(model.retired for model in catalog.families()["Sora 2"])
    assert not catalog.models[catalog.default_model].retired
    assert len(catalog.models) >= 40
    for model in catalog.models.values():
        assert model.default_duration in model.durations
        assert model.default_ratio in model.ratios
        assert model.default_tier in {t.id for t in model.tiers}
        assert model.family.lower() in (model.name + " " + model.family).lower()
        assert model.price_range()[0] > 0, model.id


def test_the_seeds_models_are_kept(catalog):
    standard, pro = catalog.models["sora-2-preview"], catalog.models["sora-2-pro-preview"]
    assert standard.durations == pro.durations == (4, 8, 12)
    assert standard.resolutions == () and pro.resolution_ids == ("standard", "high")
    assert catalog.frame(standard, "16:9", None) == (1280, 720)
    assert catalog.frame(pro, "9:16", "high") == (1024, 1792)
    assert standard.estimate(12) == pytest.approx(0.96)
    assert pro.estimate(8, "standard") == pytest.approx(1.92) and pro.estimate(4, "high") == pytest.approx(1.60)
    assert standard.ratio_wire == {"16:9": "landscape", "9:16": "portrait"} and standard.link_hours == 72


@pytest.mark.parametrize(
    "name,canonical",
    [("16:9", "16:9"), ("landscape", "16:9"), ("9:16", "9:16"), ("PORTRAIT", "9:16"), ("square", "1:1")],
)
def test_aspect_ratio_aliases(catalog, name, canonical):
    assert catalog.aspect_ratio(name).id == canonical


def test_shapes_per_model_and_sizes_worked_out_where_not_documented(catalog):
    assert "1:1" not in catalog.models["sora-2-preview"].ratios
    assert catalog.models["kling-v3"].ratios == ("16:9", "9:16", "1:1")
    assert "adaptive" in catalog.models["seedance-2.0"].ratios
    kling = catalog.models["kling-v3"]
    assert catalog.frame(kling, "1:1", "std") == (720, 720) and catalog.frame(kling, "9:16", "pro") == (1080, 1920)
    assert catalog.frame(catalog.models["seedance-2.0"], "adaptive", "720p") is None
    assert catalog.frame(catalog.models["wan2.6"], "4:3", "720p") == (1088, 832)  # documented, not worked out


def test_prices_per_second_with_sound_and_per_call(catalog):
    kling = catalog.models["kling-v3"]
    assert kling.price(10, "pro", {"audio": True}).amount == pytest.approx(1.344)
    assert kling.price(10, "pro", {"audio": False}).rule() == "10 s x $0.0896/s at Pro 1080p"
    veo = catalog.models["veo3.1-fast"]
    assert veo.price(8, "4k").amount == 0.64 and veo.price(8, "4k").rule().startswith("per call")
    omni = catalog.models["Omni-Flash-Ext"]
    assert omni.price(4, "720p").amount == 0.25 and omni.price(10, "4k").amount == 0.90
    assert kling.price_words() == "$0.0672-0.429/s" and veo.price_words() == "$0.14-0.64/call"


def test_image_roles_and_rules(catalog):
    assert catalog.models["sora-2-preview"].images.roles == {"reference": 1}
    assert catalog.models["sora-2-preview"].images.ratio_rule == "override"
    turbo = catalog.models["kling-3.0-turbo"].images
    assert turbo.roles == {"first_frame": 1} and turbo.ratio_rule == "image"
    assert turbo.rules.formats == ("JPEG", "PNG") and turbo.rules.min_side == 300
    assert catalog.models["viduq3"].images.required
    assert catalog.reference.max_bytes == max(m.images.rules.max_bytes for m in catalog.models.values())


def test_rules_say_what_is_allowed_and_why(catalog):
    hailuo = catalog.models["MiniMax-Hailuo-2.3"]
    values = {"resolution": "1080p"}
    assert hailuo.allowed("duration", values, hailuo.durations) == ((6,), "Hailuo 2.3 makes 1080p only at 6 s.")
    assert hailuo.allowed("duration", {"resolution": "768p"}, hailuo.durations) == ((6, 10), None)


def write_family(folder: Path, body: str, name: str = "mine.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text('family = "Mine"\n' + body)
    return path


MODEL = """
[[models]]
id = "{id}"
name = "Mine {id}"
duration = {{ values = [4, 8], default = 4 }}
ratio = {{ values = ["16:9", "1:1"], default = "1:1" }}
tiers = [{{ id = "720p", short_side = 720, per_second = 0.05 }}]
"""


def test_a_user_file_adds_a_model_and_replaces_one_by_id(tmp_path):
    write_family(tmp_path / "models", MODEL.format(id="my-model") + MODEL.format(id="sora-2-preview"))
    loaded = catalog_module.load(tmp_path)
    assert loaded.models["my-model"].family == "Mine" and loaded.warning is None
    assert loaded.models["sora-2-preview"].ratios == ("16:9", "1:1")  # replaced
    assert "kling-v3" in loaded.models  # the rest is the built-in one
    assert "my-model" not in catalog_module.load(tmp_path / "elsewhere").models


def test_the_seed_style_single_file_in_the_data_folder_still_works(tmp_path):
    (tmp_path / "models.toml").write_text('family = "Mine"\n' + MODEL.format(id="sora-3-preview"))
    assert "sora-3-preview" in catalog_module.load(tmp_path).models


@pytest.mark.parametrize(
    "body,words",
    [
        ("[[models]]\nid = 'x'\n", "model 'x'"),
        (MODEL.format(id="x").replace("default = 4", "default = 5"), "default_duration 5"),
        (MODEL.format(id="x").replace('"1:1" ]', '"5:4" ]').replace('"1:1"]', '"5:4"]'), "unknown shape"),
        (MODEL.format(id="x").replace(", per_second = 0.05", ""), "has no price"),
        ("this is [not toml", "cannot be read as TOML"),
    ],
)
def test_a_broken_user_file_falls_back_to_the_builtin_one_and_says_where(tmp_path, body, words):
    path = write_family(tmp_path / "models", body)
    loaded = catalog_module.load(tmp_path)
    assert "kling-v3" in loaded.models and "x" not in loaded.models
    assert loaded.warning is not None and words in loaded.warning and path.name in loaded.warning


def test_a_broken_builtin_file_is_an_error_naming_file_and_model(tmp_path):
    shapes = loading.BUILTIN_DIR / loading.SHAPES_FILE
    bad = write_family(tmp_path, MODEL.format(id="x").replace("default = 4", "default = 5"))
    with pytest.raises(catalog_module.CatalogError, match=r"mine.toml model 'x': default_duration"):
        catalog_module.parse_files([bad], shapes)
