"""Offline script writing: the latency of one script without a text provider.

Ours: what the `scripts.generate` job does offline — embed the request as a query (multilingual-e5-small),
rank a knowledge base of 28 embedded hook patterns by cosine similarity, write the script with the local
writer and score it. Bound: the bare query embedding of the same text in the same run, the one step that
cannot be skipped; the ratio ours/bound is what ranking, writing and scoring cost on top of it.

    python bench/script.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

from media_service.engines.script import (
    HookCandidate,
    ScriptInput,
    cosine_top,
    embed_passages,
    embed_query,
    resolve_language,
    score_features,
    script_features,
    write_local_script,
)

CASES = [("topic", "5 cara meningkatkan produktivitas kerja", 30, "indonesian"),
         ("title", "Why cats knock things off tables", 60, "english"),
         ("transcript", "Most people think sleep is wasted time. But your brain is busy at night. It clears out "
                        "waste that builds up while you are awake. Teenagers need about nine hours. Adults need "
                        "seven or more. So put the phone away an hour early.", 60, "english"),
         ("topic", "cómo ahorrar dinero cada mes", 30, "spanish")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    patterns = [f"pattern {i}: a hook line about {{topic}} number {i}" for i in range(28)]
    matrix = embed_passages(patterns)
    embed_query("warm up")
    for input_type, content, seconds, language in CASES:
        lang = resolve_language(language)
        assert lang is not None
        ours, bare = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            embed_query(content)
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            ranked = cosine_top(embed_query(content), matrix, 4)
            hooks = [HookCandidate(f"kb_{i}", "curiosity_gap", patterns[i], "xx") for i, _ in ranked]
            script = write_local_script(ScriptInput(input_type, content, seconds, lang, "tiktok"), hooks)
            score_features(script_features(script.segments, hook_patterns=script.hooks_used))
            ours.append(time.perf_counter() - started)
        o, b = statistics.median(ours), statistics.median(bare)
        print(f"{input_type:10s} {seconds}s {language:10s} ours {o * 1000:7.1f} ms  bound (query embedding) "
              f"{b * 1000:7.1f} ms  ratio {o / b:.2f}  ({len(script.segments)} segments)")


if __name__ == "__main__":
    main()
