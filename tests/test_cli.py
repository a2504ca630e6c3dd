from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()

REPORTS = {
    "flood-1.txt": "date 2026-01-05 BRENNA\n\nFloods hit Brenna on Monday after the Seline river "
    "burst its banks, forcing 2,000 residents from their homes, the mayor said.\n",
    "flood-2.md": "---\ntitle: Seline floods Brenna\npublished: 2026-01-05T18:00:00+01:00\n"
    "outlet: Harbour Times\n---\n\nThe Seline river burst its banks in Brenna on Monday and "
    "about 2,000 residents left their homes, the mayor of Brenna said.\n",
    "chess.txt": "Ana Diaz. Varnholt Herald [VH].\nThe national chess championship in Varnholt "
    "ended on Sunday with a surprise win by a seventeen-year-old player from Ostmouth.\n",
}


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    commands = [command.name or command.callback.__name__ for command in app.registered_commands]
    undocumented = [name for name in commands if f"newsweave {name}" not in readme]
    assert commands and undocumented == []


def test_analyze_writes_report_and_dossier(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run("analyze", str(reports), "-o", str(out))
    assert code == 0, output
    assert "Read 3 reports: 3 new, 0 already stored, 0 skipped." in output
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    assert len(dossier["articles"]) == 3
    assert sorted(len(s["article_ids"]) for s in dossier["stories"]) == [1, 2]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Harbour Times" in page and "Varnholt Herald" in page


def test_ingest_twice_keeps_one_copy_and_stories_lists_them(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    assert run("ingest", str(reports), "--db", db)[0] == 0
    code, output = run("ingest", str(reports), "--db", db)
    assert code == 0 and "3 reports: 0 new, 3 already stored" in output, output
    code, output = run("stories", "--db", db, "--json")
    assert code == 0, output
    assert sorted(len(s["article_ids"]) for s in json.loads(output)) == [1, 2]


def test_show_prints_a_story_by_number_and_by_id(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    run("ingest", str(reports), "--db", db)
    code, output = run("show", "1", "--db", db, "--json")
    assert code == 0, output
    story = json.loads(output)
    code, text = run("show", story["id"][:6], "--db", db)
    assert code == 0 and "Summary" in text and "Harbour Times" in text, text


def test_show_unknown_story_fails_with_a_reason(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    run("ingest", str(reports), "--db", db)
    code, output = run("show", "zzzz", "--db", db)
    assert code == 4 and "no story 'zzzz'" in output, output


def test_missing_path_fails_with_a_reason(tmp_path: Path) -> None:
    code, output = run("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "no such file or folder" in output, output


def test_stories_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    code, output = run("stories", "--db", str(tmp_path / "empty.db"))
    assert code == 2 and "newsweave ingest" in output, output


def test_eval_unknown_data_set_lists_the_known_ones() -> None:
    code, output = run("eval", "nosuchset")
    assert code == 4 and "ecbplus" in output, output


def test_analyze_reads_standard_input(tmp_path: Path) -> None:
    text = REPORTS["chess.txt"]
    result = runner.invoke(app, ["analyze", "-", "-o", str(tmp_path / "out")], input=text)
    assert result.exit_code == 0, result.output
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text(encoding="utf-8"))
    assert [a["outlet"] for a in dossier["articles"]] == ["Varnholt Herald"]


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsweave", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "analyze" in done.stdout, done.stderr


def test_export_writes_each_format_from_the_store(example_store: Path, tmp_path: Path) -> None:
    import pandas as pd

    db = str(example_store)
    code, output = run("export", "claims", "--db", db, "-o", str(tmp_path / "claims.parquet"))
    assert code == 0, output
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert f"Wrote {len(claims):,} rows" in output and len(claims) > 10
    assert not (tmp_path / "claims.parquet.partial").exists()
    code, output = run("export", "stories", "--db", db, "--format", "csv")
    assert code == 0 and output.splitlines()[0].startswith("id,title,"), output[:200]
    code, output = run("export", "nothing", "--db", db)
    assert code == 2 and "The 'table' parameter must be one of articles" in output, output


def test_serve_refuses_a_store_it_cannot_open(tmp_path: Path) -> None:
    code, output = run("serve", "--db", "mysql://localhost/news")
    assert code == 3 and "no store backend for 'mysql://'" in output, output


def test_analyze_refuses_a_bad_dask_address(tmp_path: Path) -> None:
    code, output = run("analyze", "--example", "-o", str(tmp_path), "--dask", "local:zero")
    assert code == 2 and "The 'dask' parameter must be a scheduler address or local:N" in output
