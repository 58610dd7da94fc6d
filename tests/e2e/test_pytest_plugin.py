"""The pytest plugin as a user's test suite sees it (through pytester, a real inner pytest run)."""

pytest_plugins = ["pytester"]


def test_user_suite_gets_an_isolated_tenant_per_test(pytester):
    pytester.makepyfile(
        """
        import json, urllib.request

        SEEN = []

        def health(url):
            with urllib.request.urlopen(url + "/_mock/health") as r:
                return json.loads(r.read())

        def test_one(mockserver, mock_tenant):
            assert health(mockserver.url)["status"] == "ok"
            assert mock_tenant.id != "demo" and mock_tenant.credentials
            SEEN.append(mock_tenant.id)

        def test_two(mockserver, mock_tenant, mock_admin):
            SEEN.append(mock_tenant.id)
            assert SEEN[0] != SEEN[1]
            ids = [t["id"] for t in mock_admin.call("GET", "/tenants")["tenants"]]
            assert SEEN[0] not in ids  # the first test's tenant was deleted after it
            assert mock_tenant.id in ids
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_the_readme_example_passes_as_written(pytester):
    """The plugin example in README.md is a test in its own right: it must pass verbatim."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## The pytest plugin", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    pytester.makepyfile(test_readme_example=example)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_mockserver_http_chooses_the_plugins_http_server(pytester, monkeypatch):
    """Header names on the wire tell the servers apart: waitress writes them as the application
    does (``Content-Type``), granian in lower case."""
    pytester.makepyfile(
        """
        import os, socket
        from urllib.parse import urlsplit

        SPELLING = {"waitress": b"Content-Type", "granian": b"content-type"}

        def test_head(mockserver):
            address = urlsplit(mockserver.url)
            with socket.create_connection((address.hostname, address.port)) as sock:
                sock.sendall(b"GET /_mock/health HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                head = sock.recv(65536).split(b"\\r\\n\\r\\n")[0]
            name = SPELLING[os.environ["MOCKSERVER_HTTP"]]
            assert b"\\r\\n" + name + b": application/json" in head
        """
    )
    for server in ("waitress", "granian"):
        monkeypatch.setenv("MOCKSERVER_HTTP", server)
        pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
