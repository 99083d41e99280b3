"""`POST /api/v1/analyze/video` and `/analyze/virality`: every PRD field present and typed, measurements
that follow the media (cuts, speech, silence), prose from the local templates or a text provider (fake),
and the explained virality score of a video and of a script."""

from __future__ import annotations


import jsonschema

from tests.capabilities.service_api import errors_by_field
from tests.fakes import GeminiFake
from tests.fakes.fixtures import fake_env

from .conftest import scene_video, speech_track

# PRD §6.7.1 VideoAnalysisResponse, field for field (our additions are checked separately).
PRD_RESPONSE = {
    "type": "object",
    "required": ["transcript", "summary", "detected_topics", "virality_score", "suggested_caption", "hashtags",
                 "hook_analysis", "platform_captions"],
    "properties": {
        "transcript": {"type": "string"}, "summary": {"type": "string", "minLength": 1},
        "detected_topics": {"type": "array", "items": {"type": "string"}},
        "virality_score": {"type": "number", "minimum": 0, "maximum": 100},
        "suggested_caption": {"type": "string", "minLength": 1},
        "hashtags": {"type": "array", "items": {"type": "string", "pattern": "^#"}},
        "hook_analysis": {"type": "object", "required": ["hook_text", "hook_type", "hook_strength"], "properties": {
            "hook_text": {"type": "string"}, "hook_type": {"enum": ["question", "statement", "shock", "curiosity"]},
            "hook_strength": {"type": "integer", "minimum": 1, "maximum": 10}}},
        "platform_captions": {"type": "object", "additionalProperties": False,
                              "required": ["youtube_title", "youtube_description", "tiktok_caption",
                                           "instagram_caption"],
                              "properties": {k: {"type": "string", "minLength": 1} for k in (
                                  "youtube_title", "youtube_description", "tiktok_caption", "instagram_caption")}}}}
TALK = ("Why do cats knock things off tables? Cats test the world with their paws. A falling cup makes a noise, "
        "and the noise brings you running. So the cat learns that cups are a way to call you.")


def test_a_spoken_video_with_cuts(analysis_api) -> None:
    api = analysis_api()
    speech = api.speech("talk.wav", TALK)
    seconds = speech.speech.duration + 1.5
    video = scene_video(api.inputs / "talk.mp4", seconds, cut_every=2.0, audio=speech_track(speech, seconds))
    static = scene_video(api.inputs / "still.mp4", 12.0, cut_every=None)
    cut = api.run("video", {"video_url": str(video)})
    still = api.run("video", {"video_url": str(static), "analysis_types": ["virality"]})
    for result in (cut, still):
        jsonschema.validate(result, PRD_RESPONSE)
    m, s = cut["measurements"], still["measurements"]
    assert 25 <= m["cuts_per_minute"] <= 35 and s["cuts_per_minute"] == 0  # a cut every 2 s is 30 a minute
    assert m["has_speech"] and 0.4 <= m["time_to_first_word_sec"] <= 0.9 and 120 <= m["words_per_minute"] <= 220
    assert "cats" in cut["transcript"].lower() and "cats" in cut["detected_topics"]
    assert cut["hook_analysis"]["hook_type"] == "question" and cut["hook_analysis"]["hook_text"].startswith("Why")
    assert not s["has_speech"] and not s["has_audio"] and still["transcript"] == "" and s["word_count"] == 0
    assert "no speech" in still["summary"] and still["prose_provider"] == "local"
    assert "summary" in cut["heuristic_fields"] and cut["virality_score"] > still["virality_score"] + 20
    features = {f["name"]: f for f in cut["virality_features"]}
    assert features["cuts_per_minute"]["value"] == 1.0 and "cuts per minute" in features["cuts_per_minute"]["measured"]


def test_a_silent_soundtrack_has_no_speech(analysis_api) -> None:
    import numpy as np

    api = analysis_api()
    video = scene_video(api.inputs / "quiet.mp4", 4.0, cut_every=None, audio=np.zeros((2, 4 * 48000), np.float32))
    result = api.run("video", {"video_url": str(video)})
    m = result["measurements"]
    assert m["has_audio"] and not m["has_speech"] and m["silence_ratio"] == 1.0 and m["integrated_lufs"] is None
    assert result["transcript"] == "" and "no speech heard" in result["notes"]


def test_prose_from_a_text_provider(analysis_api) -> None:
    gemini = GeminiFake().start()
    try:
        api = analysis_api(fake_env(gemini))
        speech = api.speech("talk.wav", TALK)
        result = api.run("video", {"video_url": str(speech.path)})
        jsonschema.validate(result, PRD_RESPONSE)
        assert result["prose_provider"] == "gemini" and result["summary"].startswith("Fake summary")
        assert result["heuristic_fields"] == ["hook_analysis.hook_strength", "virality_score"]
        prompt = gemini.posts()[0].json()["contents"][0]["parts"][0]["text"]
        assert "cats" in prompt.lower()
    finally:
        gemini.stop()


def test_virality_of_a_script_and_of_a_video(analysis_api) -> None:
    api = analysis_api()
    strong = [{"type": "HOOK", "duration_seconds": 6, "script_text": "Still tired after 8 hours of sleep? Here's why."},
              {"type": "BODY_1", "duration_seconds": 8, "script_text": "Your brain clears waste at night, but only "
                                                                          "in deep sleep, and screens cut it short."},
              {"type": "BODY_2", "duration_seconds": 8, "script_text": "Put the phone away an hour before bed and "
                                                                          "keep the room cool and dark.", "emotion": "hope"},
              {"type": "ENDING_CTA", "duration_seconds": 8, "script_text": "Try it tonight and follow for more!",
               "emotion": "excitement"}]
    weak = [{**s, "script_text": "Okay."} for s in strong]
    good = api.run("virality", {"script": strong, "hooks_used": ["pain_point", "question"]})
    poor = api.run("virality", {"script": weak})
    assert good["source"] == "script" and good["virality_score"] > poor["virality_score"] + 30
    assert good["score_10"] == round(good["virality_score"] / 10, 1)
    assert all({"name", "value", "weight", "measured"} <= set(f) for f in good["features"])
    still = scene_video(api.inputs / "still.mp4", 6.0, cut_every=None)
    video = api.run("virality", {"video_url": str(still)})
    assert video["source"] == "video" and video["measurements"]["cuts_per_minute"] == 0
    assert {f["name"] for f in video["features"]} >= {"cuts_per_minute", "time_to_first_word", "speech_rate"}


def test_bad_input(analysis_api) -> None:
    api = analysis_api()
    note = api.inputs / "note.txt"
    note.write_text("plain text")
    assert "video_url" in errors_by_field(api.post("video", {"video_url": str(note)}))
    assert "analysis_types[0]" in errors_by_field(api.post("video", {"video_url": str(note),
                                                                      "analysis_types": ["mood"]}))
    assert "video_url" in errors_by_field(api.post("virality", {}))
    r = api.post("virality", {"script": [{"type": "HOOK", "duration_seconds": 6, "script_text": ""}]})
    assert "script[0].script_text" in errors_by_field(r)


