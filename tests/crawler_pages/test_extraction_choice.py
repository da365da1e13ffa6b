"""The generic fallback's extractor is the one the measurement on the fixtures favours."""

from __future__ import annotations

from measure_extraction import measure, summary

from crawler.pages.maintext import EXTRACTORS, FALLBACK


def test_fallback_is_the_best_measured_candidate():
    figures = summary(measure())
    candidates = {m: figures[m] for m in EXTRACTORS}
    best_f1 = max(f1 for f1, _, _ in candidates.values())
    fewest_leaks = min(leaked for _, _, leaked in candidates.values())
    f1, _, leaked = candidates[FALLBACK]
    assert f1 == best_f1, figures
    assert leaked == fewest_leaks, figures


def test_family_page_objects_beat_the_fallback_on_their_pages():
    figures = summary(measure())
    assert figures["page-objects"][0] >= figures[FALLBACK][0] >= 0.9
    assert figures["page-objects"][2] == 0, "page objects leak no boilerplate snippet"
