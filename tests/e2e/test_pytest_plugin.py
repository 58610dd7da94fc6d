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
