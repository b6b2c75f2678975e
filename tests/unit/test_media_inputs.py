"""Videos and sound as inputs, judged before paying: a corpus of good clips and 30+ damaged or hostile files
(made by devtools/media_corpus.py) through the verdict and the command line: no exception, every damaged file
refused with words, every good one judged by the model's own rules; a URL read in ranges, never whole."""

from __future__ import annotations

import io
import json

import pytest

from devtools import media_corpus
from tests.cli_runner import run
from tests.faultserver import serve_bytes
from videogen.videos.probe import probe
from videogen.videos.remote import BLOCK, RangedVideo
from videogen.videos.verdict import check

# One worker makes the corpus once and runs every test of it (a module fixture is made once per worker).
pytestmark = pytest.mark.xdist_group("media-corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    return {
        "good": media_corpus.good(root / "good"),
        "bad": media_corpus.bad(root / "bad"),
        "lying": media_corpus.lying(root / "lying"),
        "glitched": media_corpus.glitched(root / "glitched"),
        "sound": media_corpus.sounds(root / "sound"),
    }


def test_every_damaged_or_hostile_file_is_refused_with_words(corpus, catalog):
    assert len(corpus["bad"]) >= 30
    for name, path in corpus["bad"].items():
        verdict = check(path, "video", catalog)
        assert not verdict.ok, name
        assert all(note.text() and "{" not in note.text() for note in verdict.problems), name


def test_a_clip_with_glitched_picture_data_gets_a_verdict_in_words(corpus, catalog):
    for name, path in corpus["glitched"].items():
        verdict = check(path, "video", catalog)
        assert all(note.text() for note in (*verdict.problems, *verdict.warnings)), name


def test_a_header_that_lies_about_the_length_does_not_fool_the_verdict(corpus, catalog):
    for name, path in corpus["lying"].items():
        verdict = check(path, "video", catalog, model_id="kling-v3-omni")
        assert verdict.facts is not None and verdict.facts.seconds == pytest.approx(4.0, abs=0.1), name
        assert verdict.billed_seconds == pytest.approx(4.0, abs=0.1), name  # what a model bills is what plays


def test_good_clips_are_read_as_they_are(corpus, catalog):
    facts = {name: check(path, "video", catalog).facts for name, path in corpus["good"].items()}
    for name, verdict in ((n, check(p, "video", catalog)) for n, p in corpus["good"].items()):
        assert verdict.ok, (name, [n.text() for n in verdict.problems])
    assert (facts["h264.mp4"].video_codec, facts["h264.mp4"].audio_codec) == ("h264", "aac")
    assert facts["h264.mp4"].seconds == pytest.approx(4.0, abs=0.1) and facts["h264.mp4"].container == "mp4"
    assert facts["h264-silent.mp4"].audio_codec is None
    assert (facts["portrait.mp4"].width, facts["portrait.mp4"].height) == (180, 320)
    assert (facts["turned.mp4"].width, facts["turned.mp4"].height) == (180, 320)  # turned a quarter: portrait
    assert facts["turned.mp4"].rotation in (90, 270)
    assert facts["hevc.mp4"].video_codec == "hevc" and facts["vp9.webm"].video_codec == "vp9"
    assert facts["vp9.webm"].container == "webm" and facts["quicktime.mov"].container == "mov"
    assert facts["720p30.mp4"].fps == pytest.approx(30) and facts["12fps.mp4"].fps == pytest.approx(12)
    assert facts["long.mp4"].seconds == pytest.approx(35, abs=0.2)


def test_each_good_clip_has_a_small_poster_shown_as_it_plays(corpus, catalog):
    from PIL import Image

    for name, path in corpus["good"].items():
        facts = check(path, "video", catalog).facts
        assert facts is not None and facts.poster, name
        poster = Image.open(io.BytesIO(facts.poster))
        assert poster.format == "JPEG" and max(poster.size) <= 320, name
        if facts.width and facts.height and min(facts.width, facts.height) >= 8:
            assert (poster.width > poster.height) == (facts.width > facts.height), name  # turned as shown
    assert "poster" not in check(corpus["good"]["h264.mp4"], "video", catalog).to_dict()  # not in the JSON
    assert check(corpus["sound"]["tone.wav"], "sound", catalog).facts.poster is None


def test_a_models_own_rules_judge_each_good_clip(corpus, catalog):
    def problems(name: str, model: str) -> list[str]:
        return [
            n.code.rpartition(".")[2] for n in check(corpus["good"][name], "video", catalog, model_id=model).problems
        ]

    assert problems("720p30.mp4", "kling-v3-omni") == []  # MP4, 4 s, 720-2160 px, 24-60 fps
    assert problems("h264.mp4", "kling-v3-omni") == ["sides"]  # 320x180 is under 720 px
    assert "fps" in problems("12fps.mp4", "kling-v3-omni")
    assert "format" in problems("vp9.webm", "kling-v3-omni")
    assert set(problems("vp9.webm", "seedance-2.5")) >= {"format", "codec"}
    assert "too_long" in problems("long.mp4", "seedance-2.5")
    assert problems("hevc.mp4", "seedance-2.5") == ["sides"]  # H.265 in MP4 is taken; 180 px is under 300
    assert "short_side" in problems("h264.mp4", "seedance-2.0")  # 180 px: under 480p
    variable = check(corpus["good"]["variable.mp4"], "video", catalog)
    assert variable.ok and "variable_rate" in variable.to_dict()["warnings"]


def test_sound_files_are_judged_for_a_models_sound_rules(corpus, catalog):
    def verdict(name: str):
        return check(corpus["sound"][name], "sound", catalog, model_id="wan2.7")

    assert verdict("tone.wav").ok and verdict("tone.mp3").ok
    assert verdict("tone.wav").facts.audio_seconds == pytest.approx(5, abs=0.1)
    assert [n.code for n in verdict("short.wav").problems] == ["media.sound.too_short"]
    assert [n.code for n in verdict("long.mp3").problems] == ["media.sound.too_long"]
    assert [n.code for n in verdict("tone.m4a").problems] == ["media.sound.format"]
    silent = check(corpus["good"]["h264-silent.mp4"], "sound", catalog, model_id="wan2.7")
    assert [n.code for n in silent.problems] == ["media.sound.silent"]
    as_video = check(corpus["sound"]["tone.mp3"], "video", catalog)
    assert [n.code for n in as_video.problems] == ["media.video.sound_only"]


def test_the_command_line_prints_a_verdict_and_its_exit_code(corpus, tmp_path):
    code, out, err = run("check-video", str(corpus["good"]["720p30.mp4"]), "--model", "kling-v3-omni")
    verdict = json.loads(out)
    assert code == 0 and verdict["ok"] and verdict["width"] == 1280 and verdict["video_codec"] == "h264", err
    code, out, _ = run("check-video", str(corpus["bad"]["faststart-cut-half.mp4"]))
    assert code == 1 and json.loads(out)["problems"] == ["cut_short"]
    code, out, _ = run("check-audio", str(corpus["sound"]["long.mp3"]), "--model", "wan2.7")
    assert code == 1 and json.loads(out)["problems"] == ["too_long"] and "Trim it first" in out
    code, _, err = run("check-video", str(corpus["good"]["h264.mp4"]), "--model", "wan2.7")
    assert code == 2 and "invalid choice" in err  # wan2.7 takes no video here
    code, _, err = run("check-video", str(tmp_path / "missing.mp4"))
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_a_url_is_read_in_ranges_with_its_index_at_the_end(corpus, faults, catalog, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_ALLOW_PRIVATE_URLS", "1")
    data = corpus["good"]["noisy.mp4"].read_bytes()
    assert len(data) > 4 * BLOCK and data.rfind(b"moov") > len(data) // 2  # the index at the end, as PyAV writes it
    url = faults.route("/clip.mp4", serve_bytes(data, content_type="video/mp4"))
    verdict = check(url, "video", catalog, allow_private=True)
    assert verdict.ok and verdict.facts.seconds == pytest.approx(6, abs=0.1)
    reader = RangedVideo(url, allow_private=True)
    assert probe(reader, size=reader.size).seconds == pytest.approx(6, abs=0.1)
    assert reader.read_bytes < len(data)  # read where the demuxer looked, never the whole file
    cut = faults.route("/cut.mp4", serve_bytes(data[: len(data) // 2], content_type="video/mp4"))
    assert not check(cut, "video", catalog, allow_private=True).ok
    whole = faults.route("/whole.mp4", serve_bytes(data, content_type="video/mp4", ranges=False))
    refused = check(whole, "video", catalog, allow_private=True)
    assert [n.code for n in refused.problems] == ["fetch.no_ranges"]
