"""Spyne 2.14 on every current CPython: its bundled six speaks the import protocol that 3.12 kept.

The whole suite runs on 3.11 and 3.13 in CI (``.ci/run``); these tests pin the mechanism on any
interpreter, in a fresh process so nothing imported earlier hides a failure.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-W", "error::ImportWarning", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_six_moves_resolve_through_find_spec_without_the_legacy_protocol():
    # Python 3.12 removed find_module/load_module from the import system; hiding them here makes
    # this interpreter behave the same, whatever its version.
    result = run_fresh(
        """
        import importlib.util, sys
        import mockserver.vendors.severa  # installs the finder before Spyne is imported
        import spyne.util.six as six
        importer = six._importer
        type(importer).find_module = None
        sys.modules.pop("spyne.util.six.moves.urllib", None)
        sys.modules.pop("spyne.util.six.moves", None)
        from spyne.util.six.moves import urllib
        spec = importlib.util.find_spec("spyne.util.six.moves")
        print(spec.loader is importer, urllib.parse.quote("a b"))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "a%20b"]


def test_the_wsdl_answers_in_a_fresh_interpreter():
    result = run_fresh(
        """
        from werkzeug.test import Client
        from mockserver.app import MockServer
        from mockserver.config import Config
        response = Client(MockServer(Config(vendors=["severa"]))).get("/severa/webservice/S3/API.svc?wsdl")
        print(response.status_code, response.data[:60].decode())
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("200 <?xml"), result.stdout
