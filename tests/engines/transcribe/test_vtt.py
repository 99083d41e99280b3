"""WebVTT read back: what to_vtt writes parses to the same cues; a caption track's tags, cue settings,
NOTE/STYLE blocks and SubRip-style numbering are handled; a Transcript of cues spreads words over each cue."""

from __future__ import annotations

import pytest

from media_service.engines.transcribe import Cue, parse_vtt, to_srt, to_vtt, transcript_from_cues

CUES = [Cue(0.4, 2.25, "Why do some people learn twice as fast?"), Cue(2.25, 3661.5, "Sleep.\nEvery night.")]


def test_round_trip_of_what_we_write() -> None:
    back = parse_vtt(to_vtt(CUES))
    assert [(c.start, c.end) for c in back] == [(0.4, 2.25), (2.25, 3661.5)]
    assert [c.text for c in back] == ["Why do some people learn twice as fast?", "Sleep. Every night."]
    assert [c.text for c in parse_vtt(to_srt(CUES))] == [c.text for c in back]


def test_a_caption_track_as_youtube_serves_it() -> None:
    text = ("\ufeffWEBVTT\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: yellow }\n\nNOTE made by hand\n\n"
            "00:00.500 --> 00:02.000 align:start position:0%\nHello <00:00:01.000><c>there</c>\n\n"
            "00:02.000 --> 00:02.500\n\n\n00:02.500 --> 00:04.000\n<v Speaker>friend</v>\n")
    cues = parse_vtt(text)
    assert cues == [Cue(0.5, 2.0, "Hello there"), Cue(2.5, 4.0, "friend")]


def test_transcript_of_cues_spreads_the_words() -> None:
    transcript = transcript_from_cues([Cue(1.0, 3.0, "one two three four")], language="en", engine="youtube",
                                      model="captions:standard")
    assert transcript.text == "one two three four" and transcript.duration == 3.0
    assert [(w.word, w.start, w.end) for w in transcript.words] == [
        ("one", 1.0, 1.5), ("two", 1.5, 2.0), ("three", 2.0, 2.5), ("four", 2.5, 3.0)]
    assert transcript.notes and "evenly" in transcript.notes[0]


@pytest.mark.parametrize("text", ["", "WEBVTT\n", "00:01.000 --> nonsense\nHi\n"])
def test_nothing_to_read(text: str) -> None:
    assert parse_vtt(text) == []
