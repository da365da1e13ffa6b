"""`thidua view` and `thidua export` through the command hub, on an embedded store on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua.cli import main as thidua

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def store_dir(tmp_path: Path) -> str:
    from graph.build import build

    folder = tmp_path / "graph"
    build([FIXTURES / "facts.jsonl"], store=str(folder), judgements=False)
    return str(folder)


def test_view_writes_a_page_for_a_province(store_dir, tmp_path, capsys):
    out = tmp_path / "bk.html"
    assert thidua(["view", "--store", store_dir, "--province", "Bắc Kạn", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "Sở Công Thương" in html and "Sở Mây Trắng" not in html
    assert "tỉnh: Bắc Kạn" in html


def test_view_says_when_nothing_matches(store_dir, tmp_path, capsys):
    out = tmp_path / "none.html"
    assert thidua(["view", "--store", store_dir, "--year", "1999", "--out", str(out)]) == 0
    assert "nothing matches" in capsys.readouterr().err


def test_view_refuses_an_out_file_that_is_not_html(store_dir, tmp_path, capsys):
    assert thidua(["view", "--store", store_dir, "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert ".html" in err and "Traceback" not in err


def test_export_through_the_hub_lists_what_it_wrote(store_dir, tmp_path, capsys):
    out = tmp_path / "exports"
    assert thidua(["export", "--store", store_dir, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    listed = {Path(line).relative_to(out).as_posix() for line in captured.out.split()}
    assert {"graph.ttl", "graph.jsonld", "rotation.xlsx", "views/graph.html", "views/timeline/index.html"} <= listed
    assert all((out / name).is_file() for name in listed)
    assert "files in" in captured.err


def test_export_into_a_file_path_is_refused(store_dir, tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("keep me")
    assert thidua(["export", "--store", store_dir, "--out", str(target)]) == 2
    assert target.read_text() == "keep me"
    assert "directory" in capsys.readouterr().err


def test_view_timeline_of_a_bloc_named_loosely(store_dir, tmp_path, capsys):
    out = tmp_path / "tl.html"
    assert thidua(["view", "--store", store_dir, "--timeline", "--bloc", "kinh te ky thuat", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Khối thi đua Kinh tế – Kỹ thuật" in html and "Sở Nông nghiệp và Phát triển nông thôn" in html


def test_view_timeline_of_an_unknown_bloc_lists_the_candidates(store_dir, tmp_path, capsys):
    out = tmp_path / "tl.html"
    assert thidua(["view", "--store", store_dir, "--timeline", "--bloc", "Khối Không Có", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Khối thi đua số 5" in err and "Traceback" not in err
    assert not out.exists()


def test_export_that_cannot_write_a_file_says_so(store_dir, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)          # a folder where the Turtle file should go
    (out / "graph.ttl" / "keep.txt").write_text("a user's file")
    assert thidua(["export", "--store", store_dir, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "graph.ttl" in err and "Traceback" not in err
    assert (out / "graph.ttl" / "keep.txt").read_text() == "a user's file"
    assert not list(out.rglob("*.part"))
