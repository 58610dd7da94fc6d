"""``mockserver coverage``: docs/coverage.md is what the code generates (CI fails when it is stale),
and ``--check`` says so with its exit status."""

from __future__ import annotations

from click.testing import CliRunner

from mockserver.cli import main
from mockserver.coverage_table import DEFAULT_PATH


def test_committed_table_is_up_to_date():
    result = CliRunner().invoke(main, ["coverage", "--check"])
    assert result.exit_code == 0, (
        f"{DEFAULT_PATH} is stale: run `mockserver coverage` and commit it\n{result.output}"
    )


def test_check_fails_on_a_stale_table_and_writing_fixes_it(tmp_path):
    target = tmp_path / "coverage.md"
    runner = CliRunner()
    missing = runner.invoke(main, ["coverage", "--check", "--out", str(target)])
    assert missing.exit_code == 1 and "stale" in missing.output
    written = runner.invoke(main, ["coverage", "--out", str(target)])
    assert written.exit_code == 0 and target.read_text() == DEFAULT_PATH.read_text()
    assert runner.invoke(main, ["coverage", "--check", "--out", str(target)]).exit_code == 0
    target.write_text(target.read_text().replace("| stateful |", "| empty |", 1))
    edited = runner.invoke(main, ["coverage", "--check", "--out", str(target)])
    assert edited.exit_code == 1 and "stale" in edited.output


def test_table_lists_every_vendor_with_totals_and_reasons():
    text = DEFAULT_PATH.read_text()
    for vendor in ("werkbonapp", "flowii", "robaws", "workspace", "severa"):
        assert f"(`{vendor}`)" in text
        assert f"\n| {vendor} | " in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows
    for row in rows:
        _operation, coverage, fidelity, reason = (c.strip() for c in row.strip("|").split(" | "))
        assert coverage in ("stateful", "empty", "not-implemented", "unknown"), row
        assert coverage == "stateful" or reason, row
        assert fidelity in ("documented", "observed", "inferred", "unknown"), row
