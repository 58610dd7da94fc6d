"""A corrupt ``--data-dir`` refused in one line, by ``serve`` and by ``mockserver data check``."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from mockserver.cli import main
from tests.e2e.test_cli import ROOT, start_server


def _populate(data_dir) -> None:
    process, _url = start_server("--quiet", data_dir=data_dir)
    process.terminate()
    assert process.wait(timeout=15) == 0


def test_serve_refuses_a_corrupt_data_file_in_one_line_and_data_check_names_it(tmp_path):
    _populate(tmp_path)
    ok = CliRunner().invoke(main, ["data", "check", str(tmp_path)])
    assert ok.exit_code == 0 and ok.output.startswith(f"{tmp_path}: ok - 1 tenants"), ok.output

    bad = tmp_path / "tenants" / "demo" / "robaws.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text('{"clients": {"1": {"name": "no id"}}}')
    expected = f"Error: {bad}: table 'clients': record 1 has id None"
    checked = CliRunner().invoke(main, ["data", "check", str(tmp_path)])
    assert (checked.exit_code, checked.output.strip()) == (1, expected)

    served = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=60,
    )
    assert (served.returncode, served.stdout, served.stderr.strip()) == (1, "", expected)


def test_data_check_refuses_a_torn_tenant_index(tmp_path):
    (tmp_path / "tenants.json").write_text('{"tenants": [{"id": "a"')
    checked = CliRunner().invoke(main, ["data", "check", str(tmp_path)])
    assert checked.exit_code == 1
    assert checked.output.startswith(f"Error: {tmp_path / 'tenants.json'}: not valid JSON")
