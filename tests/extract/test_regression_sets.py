"""Regression gate on the two sets first used as blind tests (tests/extract/regression/README.md):
floors pinned with the gold files' digests, scored with ../shared/eval/score.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_accuracy_gate import _scorer

from graph.extract import extract_file

HERE = Path(__file__).resolve().parent / "regression"
SETS = {
    "set1": {"sha256": "f98060ba80dd7195174df40f8720266ae5c0a5098c0107ff97eebdeb67f7c9d3",
             "floors": {"core": 0.98, "member": 0.95, "event": 0.95, "person": 0.95}},
    "set2": {"sha256": "fa4f6e978eb4c88209c9ee3ec8dfdd471b6dda8adc2f4bfadcb9aaf30478fa22",
             "floors": {"core": 0.98, "member": 0.95, "event": 0.95, "person": 0.95}},
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_regression_set(shared_dir, name):
    gate, folder = SETS[name], HERE / name
    gold = folder / "gold.jsonl"
    assert hashlib.sha256(gold.read_bytes()).hexdigest() == gate["sha256"], \
        f"{gold} changed: review the floors, then update the digest"
    pred = [fact for path in sorted((folder / "docs").glob("*.txt")) for fact in extract_file(str(path))]
    score = _scorer(shared_dir)
    result = score.score(score.load(str(gold)), pred)
    for kind, floor in gate["floors"].items():
        assert result[kind]["f1"] >= floor, f"{name} {kind} F1 {result[kind]['f1']} < {floor}"
    assert result["core"]["precision"] >= 0.99, f"{name} core P {result['core']['precision']}"
