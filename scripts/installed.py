"""What ``scripts/test`` need not install again: exit 0 when it is all there, else 1 and one line
saying what is missing. Standard library only (it runs before anything is installed).

``python3 scripts/installed.py python [EXTRA...]``
    this tree is installed in the running Python, editable, with the requirements of the package
    and of each EXTRA satisfied (``pip install -e`` would otherwise build an editable wheel in an
    isolated environment, which needs the network even when nothing changed)
``python3 scripts/installed.py npm DIR``
    ``DIR/node_modules`` holds every package of ``DIR/package-lock.json`` at its locked version
    (``npm ci`` would otherwise delete and refetch them)
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_missing(extras: list[str]) -> list[str]:
    """What keeps this tree's editable install with ``extras`` from being complete."""
    try:  # a dependency of pytest: absent, the test extra was never installed
        from packaging.requirements import Requirement
    except ImportError:
        return ["packaging (not installed)"]
    try:
        dist = metadata.distribution("mockserver")
    except metadata.PackageNotFoundError:
        return ["mockserver (not installed)"]
    if not _editable_here(dist):
        return [f"mockserver (installed, but not editable from {ROOT})"]
    missing = []
    for line in dist.requires or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in ["", *extras]):
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(f"{requirement.name} (not installed)")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{requirement.name} {version} (wanted {requirement.specifier})")
    return missing


def _editable_here(dist: metadata.Distribution) -> bool:
    raw = dist.read_text("direct_url.json")
    if not raw:
        return False
    direct = json.loads(raw)
    url = direct.get("url", "")
    return bool(direct.get("dir_info", {}).get("editable")) and url.rstrip("/") == ROOT.as_uri()


def npm_missing(directory: Path) -> list[str]:
    """Packages of the lock file that ``node_modules`` lacks or holds at another version."""
    lock = json.loads((directory / "package-lock.json").read_text("utf-8"))
    missing = []
    for path, entry in lock.get("packages", {}).items():
        if not path or entry.get("link") or entry.get("optional") or entry.get("dev"):
            continue
        manifest = directory / path / "package.json"
        try:
            have = json.loads(manifest.read_text("utf-8")).get("version")
        except (OSError, ValueError):
            have = None
        if have != entry.get("version"):
            missing.append(f"{path.rsplit('node_modules/', 1)[-1]}@{entry.get('version')}")
    return missing


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "python":
        missing = python_missing(argv[1:])
    elif len(argv) == 2 and argv[0] == "npm":
        missing = npm_missing(Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        print("missing: " + ", ".join(missing[:3]) + more)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
