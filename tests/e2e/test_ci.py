"""The README's two commands are what CI runs, and the test command's set-up script installs only
what is missing (a second run installs nothing).

``scripts/test`` runs here against a copy of its folder and a ``PATH`` of stand-ins for
``apt-get``, ``sudo``, ``npm``, ``dpkg-query`` and ``id`` that write down how they were called: no
package is installed, and the script's own checks decide what it asks for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.e2e.test_cli import ROOT

README = (ROOT / "README.md").read_text("utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text("utf-8")


def readme_commands() -> dict[str, str]:
    """The commands under "# 1." and "# 2." in the README's "The two commands"."""
    section = README.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    lines = block.splitlines()
    return {line[2]: lines[i + 1] for i, line in enumerate(lines) if re.match(r"# [12]\. ", line)}


def test_ci_runs_the_readmes_test_command_verbatim():
    (in_ci,) = re.findall(r"^README_TEST_COMMAND='([^']*)'$", CI_RUN, re.MULTILINE)
    assert in_ci == readme_commands()["2"]
    assert 'bash -c "$README_TEST_COMMAND"' in CI_RUN
    code = "\n".join(line for line in CI_RUN.splitlines() if not line.lstrip().startswith("#"))
    for other_way in (
        "-m pytest",
        "pip install",
        "apt-get",
        "npm ci",
        "scripts/test ",
    ):  # one way in: the README's command
        assert other_way not in code
    installers = [p.name for p in (ROOT / ".ci").iterdir() if re.search(r"apt-get|npm ci", p.read_text())]
    assert installers == [], "what the tests drive is installed by scripts/test alone"


def test_both_commands_start_in_a_virtualenv_and_the_test_command_runs_the_script():
    commands = readme_commands()
    for command in commands.values():
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert commands["2"].endswith("&& ./scripts/test")
    script = ROOT / "scripts" / "test"
    assert script.stat().st_mode & stat.S_IXUSR
    assert script.read_text().rstrip().endswith('exec python3 -m pytest -n 2 "$@"')


def test_the_first_command_installs_what_the_python_examples_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = re.search(r"pip install -e '\.\[(\w+)\]'", readme_commands()["1"]).group(1)
    installed = {_name(r) for r in project["dependencies"] + project["optional-dependencies"][extra]}
    section = README.split("## Calling the vendors from Python", 1)[1].split("\n## ", 1)[0]
    imported = set(re.findall(r"^(?:from|import) (\w+)", section, re.MULTILINE))
    assert imported == {"requests", "lxml", "zeep"}
    assert imported <= installed


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0].lower()


# -- scripts/test, with stand-ins for the package managers ---------------------------------------
STAND_IN = """#!/bin/sh
echo "{name} $*" >> "$STAND_IN_LOG"
{body}
"""
STAND_INS = {
    "apt-get": "",
    "npm": "",
    "node": "",
    "sudo": 'exec "$@"',
    "id": 'echo "$STAND_IN_UID"',
    # installed unless named in $STAND_IN_MISSING; prints like dpkg-query -f '${db:Status-Status}'
    "dpkg-query": (
        'for a; do p=$a; done\ncase " $STAND_IN_MISSING " in *" $p "*) ;; *) printf installed;; esac'
    ),
}
#: real programs the script runs
REAL = ("bash", "dirname", "env")


@pytest.fixture
def sandbox(tmp_path) -> Path:
    """A copy of what scripts/test reads, node-soap installed as the lock file pins it."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "scripts", tree / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    clients = tree / "tests" / "vendors" / "severa" / "clients"
    clients.mkdir(parents=True)
    lock = ROOT / "tests" / "vendors" / "severa" / "clients" / "package-lock.json"
    shutil.copy2(lock, clients / "package-lock.json")
    for path, entry in json.loads(lock.read_text())["packages"].items():
        if path:
            (clients / path).mkdir(parents=True, exist_ok=True)
            (clients / path / "package.json").write_text(json.dumps({"version": entry["version"]}))
    return tree


def run_script(tree: Path, *, uid: int = 0, missing: str = "", without: tuple[str, ...] = ()) -> tuple:
    """``scripts/test --tools-only`` on the stand-ins; (exit status, stderr, the calls they saw)."""
    bin_dir = tree.parent / "bin"
    shutil.rmtree(bin_dir, ignore_errors=True)
    bin_dir.mkdir()
    for name, body in STAND_INS.items():
        if name not in without:
            (bin_dir / name).write_text(STAND_IN.format(name=name, body=body))
            (bin_dir / name).chmod(0o755)
    for name in REAL:
        (bin_dir / name).symlink_to(shutil.which(name))
    (bin_dir / "python3").symlink_to(sys.executable)
    log = tree.parent / "calls.log"
    log.unlink(missing_ok=True)
    env = {
        "PATH": str(bin_dir),
        "STAND_IN_LOG": str(log),
        "STAND_IN_UID": str(uid),
        "STAND_IN_MISSING": missing,
    }
    done = subprocess.run(
        [str(tree / "scripts" / "test"), "--tools-only"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "HOME": os.environ.get("HOME", "/")},
    )
    lines = log.read_text().splitlines() if log.exists() else []
    # what was asked of the package managers (the checks, id and dpkg-query, left out)
    calls = [line for line in lines if not line.startswith(("id ", "dpkg-query "))]
    return done.returncode, done.stderr, calls


def test_with_everything_present_a_run_installs_nothing_and_says_so_every_time(sandbox):
    for _run in range(2):
        status, said, calls = run_script(sandbox)
        assert status == 0, said
        assert calls == []
        assert "Debian packages present: php-cli php-soap chromium fonts-dejavu-core curl" in said
        assert "node-soap present" in said
        assert "installing" not in said


def test_what_is_missing_is_installed_and_named(sandbox):
    shutil.rmtree(sandbox / "tests" / "vendors" / "severa" / "clients" / "node_modules" / "soap")
    status, said, calls = run_script(sandbox, missing="php-soap chromium")
    assert status == 0, said
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends php-soap chromium",
        "npm ci --prefix tests/vendors/severa/clients --no-audit --no-fund --loglevel=error",
    ]
    assert "installing Debian packages: php-soap chromium" in said
    assert (
        "installing node-soap into tests/vendors/severa/clients/node_modules (npm ci; missing: soap@" in said
    )


def test_node_and_npm_come_from_debian_when_npm_is_missing(sandbox):
    status, said, calls = run_script(sandbox, missing="nodejs npm", without=("npm", "node"))
    assert status == 0, said
    assert "installing Debian packages: nodejs npm" in said
    assert calls[:2] == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends nodejs npm"]


def test_not_root_it_uses_sudo(sandbox):
    status, said, calls = run_script(sandbox, uid=1000, missing="curl")
    assert status == 0, said
    assert calls == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl",
        "apt-get install -y -qq --no-install-recommends curl",
    ]


def test_not_root_without_sudo_it_names_what_is_missing_and_stops(sandbox):
    status, said, calls = run_script(sandbox, uid=1000, missing="php-cli php-soap", without=("sudo",))
    assert status == 1
    assert said.strip().splitlines()[-1] == (
        "scripts/test: missing Debian packages: php-cli php-soap; installing them needs root and there "
        "is no sudo: as root, run apt-get install php-cli php-soap"
    )
    assert calls == []
