from pathlib import Path

import pytest

from videogen import catalog as catalog_module


def test_builtin_models_durations_and_defaults(catalog):
    assert set(catalog.models) == {"sora-2-preview", "sora-2-pro-preview"}
    assert catalog.default_model == "sora-2-preview"
    for model in catalog.models.values():
        assert model.durations == (4, 8, 12)
        assert model.default_duration == 4
        assert model.default_aspect_ratio == "landscape"


def test_resolution_only_on_pro_with_pixel_sizes(catalog):
    standard, pro = catalog.models["sora-2-preview"], catalog.models["sora-2-pro-preview"]
    assert standard.resolutions == ()
    assert standard.size("landscape") == (1280, 720) and standard.size("portrait") == (720, 1280)
    assert pro.resolution_ids == ("standard", "high")
    assert pro.size("landscape", "high") == (1792, 1024)
    assert pro.size("portrait", "high") == (1024, 1792)
    assert pro.size("portrait", "standard") == (720, 1280)


def test_prices_are_per_second_and_per_resolution(catalog):
    assert catalog.models["sora-2-preview"].estimate(12) == pytest.approx(0.96)
    assert catalog.models["sora-2-pro-preview"].estimate(8, "standard") == pytest.approx(1.92)
    assert catalog.models["sora-2-pro-preview"].estimate(4, "high") == pytest.approx(1.60)


@pytest.mark.parametrize(
    "name,canonical",
    [("16:9", "landscape"), ("landscape", "landscape"), ("9:16", "portrait"), ("PORTRAIT", "portrait")],
)
def test_aspect_ratio_aliases(catalog, name, canonical):
    assert catalog.aspect_ratio(name).id == canonical


def test_square_is_not_an_aspect_ratio(catalog):
    assert catalog.aspect_ratio("1:1") is None and catalog.aspect_ratio("square") is None


def test_reference_limits(catalog):
    assert catalog.reference.max_bytes == 10 * 1024 * 1024
    assert catalog.reference.formats == ("JPEG", "PNG", "WEBP")


def test_user_file_in_data_dir_wins_and_a_renamed_model_is_data(tmp_path):
    text = catalog_module.BUILTIN_FILE.read_text().replace("sora-2-preview", "sora-3-preview")
    (tmp_path / "models.toml").write_text(text)
    loaded = catalog_module.load(tmp_path)
    assert "sora-3-preview" in loaded.models and loaded.default_model == "sora-3-preview"
    assert catalog_module.load(tmp_path / "elsewhere").source == catalog_module.BUILTIN_FILE


def test_broken_user_file_names_the_file(tmp_path):
    (tmp_path / "models.toml").write_text("default_model = 'x'\n[[models]]\nid = 'x'\n")
    with pytest.raises(catalog_module.CatalogError) as info:
        catalog_module.load(tmp_path)
    assert str(tmp_path / "models.toml") in str(info.value)


def test_default_duration_must_be_allowed():
    text = catalog_module.BUILTIN_FILE.read_text().replace("default_duration = 4", "default_duration = 5", 1)
    with pytest.raises(catalog_module.CatalogError, match="default_duration"):
        catalog_module.parse(text, Path("models.toml"))
