"""Running real clients (curl, PHP, Node) as a user does: a process, its environment, its output."""

from __future__ import annotations

import os
import subprocess

ROBAWS_DEMO = ("DEMOAPIKEY0000000000", "demo-api-secret")
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any proxy setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    return env | extra


def curl(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """(HTTP status, body) of ``curl ARGS``; status 0 when curl got no answer."""
    result = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-w", "\n%{http_code}", *args],
        capture_output=True,
        text=True,
        env=env or clean_env(),
        timeout=30,
    )
    body, _, status = result.stdout.rpartition("\n")
    return int(status or 0), body
