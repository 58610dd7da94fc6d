import pytest

from mockserver.core.faults import FaultError, FaultRules, parse_header


def test_header_forms():
    assert parse_header("status=503").status == 503
    assert parse_header("delay=200").delay_ms == 200
    combined = parse_header("delay=5, status=429")
    assert (combined.kind, combined.status, combined.delay_ms) == ("status", 429, 5)
    assert parse_header("reset").kind == "reset"
    for bad in ("status=abc", "status=99", "explode", "delay=-1"):
        with pytest.raises(FaultError):
            parse_header(bad)


def test_rules_match_by_vendor_method_glob_and_count_down():
    rules = FaultRules()
    rules.add(
        {"vendor": "echo", "method": "POST", "path": "/api/things*", "status": 503, "times": 2}, ["echo"]
    )
    assert rules.pick("echo", "GET", ("/api/things",)) is None
    assert rules.pick("other", "POST", ("/api/things",)) is None
    assert rules.pick("echo", "POST", ("/api/things/1",)).status == 503
    assert rules.pick("echo", "POST", ("/api/things",)).status == 503
    assert rules.pick("echo", "POST", ("/api/things",)) is None
    assert rules.list() == []


def test_probability_is_seeded_and_reproducible():
    def run() -> list[bool]:
        rules = FaultRules(seed=7)
        rules.add({"vendor": "*", "kind": "status", "status": 500, "probability": 0.5}, ["echo"])
        return [rules.pick("echo", "GET", ("/",)) is not None for _ in range(40)]

    first = run()
    assert first == run()
    assert 5 < sum(first) < 35


@pytest.mark.parametrize(
    "rule",
    [
        {"vendor": "nope", "status": 500},
        {"vendor": "echo", "kind": "status"},
        {"vendor": "echo", "kind": "delay"},
        {"vendor": "echo", "kind": "explode"},
        {"vendor": "echo", "status": 500, "probability": 2},
        {"vendor": "echo", "status": 500, "times": 0},
        {"vendor": "echo", "status": 500, "colour": "red"},
        ["not", "an", "object"],
        {"vendor": "echo", "status": 500, "headers": ["X-A: 1"]},
        {"vendor": "echo", "status": 500, "headers": {"X-A": 1}},
        {"vendor": "echo", "status": 500, "headers": {"X A": "1"}},
        {"vendor": "echo", "status": 500, "headers": {"X-A": "1\r\nSet-Cookie: x=1"}},
        {"vendor": "echo", "status": 500, "headers": {"Content-Length": "0"}},
        {"vendor": "echo", "status": 500, "headers": {f"X-{n}": "1" for n in range(33)}},
        {"vendor": "echo", "kind": "delay", "delay_ms": 5, "headers": {"X-A": "1"}},
    ],
)
def test_bad_rules_are_refused(rule):
    with pytest.raises(FaultError):
        FaultRules().add(rule, ["echo"])
