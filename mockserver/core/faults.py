"""Fault and latency injection: rules from the admin API, and the one-shot ``X-Mock-Fault`` header.

A rule matches by vendor, method and a path glob (against the vendor's own path, e.g.
``/api/v2/clients*``, or the full mock path), fires with a probability drawn from a seeded
generator (so runs are reproducible) and may be limited to a number of times.
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import dataclass
from typing import Any

KINDS = ("status", "delay", "reset", "malformed")
#: headers a rule may not set: the server frames the answer itself
FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})
#: a rule's headers are few and small (the admin API bounds every body)
MAX_HEADERS = 32
MAX_HEADER_BYTES = 4096


class FaultError(ValueError):
    """A rule or header that cannot be understood."""


@dataclass
class Fault:
    kind: str
    status: int | None = None
    body: Any = None
    delay_ms: int = 0
    #: sent with the status and body, replacing the answer's own header of the same name
    headers: dict[str, str] | None = None


@dataclass
class FaultRule:
    id: str
    vendor: str
    kind: str
    method: str | None = None
    path: str | None = None
    status: int | None = None
    body: Any = None
    delay_ms: int | None = None
    probability: float = 1.0
    times: int | None = None
    headers: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def matches(self, vendor: str, method: str, paths: tuple[str, ...]) -> bool:
        if self.vendor not in (vendor, "*"):
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or any(fnmatch.fnmatchcase(p, self.path) for p in paths)

    def fault(self) -> Fault:
        return Fault(self.kind, self.status, self.body, self.delay_ms or 0, self.headers)


def parse_rule(raw: Any, rule_id: str, known_vendors: list[str]) -> FaultRule:
    if not isinstance(raw, dict):
        raise FaultError("a fault rule is a JSON object")
    unknown = set(raw) - {
        "vendor",
        "method",
        "path",
        "status",
        "body",
        "delay_ms",
        "kind",
        "probability",
        "times",
        "headers",
    }
    if unknown:
        raise FaultError(f"unknown fields: {', '.join(sorted(unknown))}")
    vendor = raw.get("vendor")
    if vendor not in [*known_vendors, "*"]:
        raise FaultError(f"vendor must be one of {', '.join(known_vendors)} or '*'")
    kind = raw.get("kind", "status")
    if kind not in KINDS:
        raise FaultError(f"kind must be one of {', '.join(KINDS)}")
    status = raw.get("status")
    if kind == "status" and status is None:
        raise FaultError("a status fault needs 'status'")
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 599):
        raise FaultError("status must be an integer from 100 to 599")
    delay = raw.get("delay_ms")
    if kind == "delay" and delay is None:
        raise FaultError("a delay fault needs 'delay_ms'")
    if delay is not None and (not isinstance(delay, int) or not 0 <= delay <= 60_000):
        raise FaultError("delay_ms must be an integer from 0 to 60000")
    probability = raw.get("probability", 1.0)
    if not isinstance(probability, int | float) or not 0 <= probability <= 1:
        raise FaultError("probability must be a number from 0 to 1")
    times = raw.get("times")
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise FaultError("times must be a positive integer")
    for text_field in ("method", "path"):
        if raw.get(text_field) is not None and not isinstance(raw[text_field], str):
            raise FaultError(f"{text_field} must be a string")
    headers = _parse_headers(raw.get("headers"), kind)
    return FaultRule(
        id=rule_id,
        vendor=vendor,
        kind=kind,
        method=raw.get("method"),
        path=raw.get("path"),
        status=status,
        body=raw.get("body"),
        delay_ms=delay,
        probability=float(probability),
        times=times,
        headers=headers,
    )


def _parse_headers(raw: Any, kind: str) -> dict[str, str] | None:
    """A rule's ``headers``: names and values a real vendor could send, so a rule's answer can be
    any answer (``Content-Type: text/xml``, a rate-limit header). Framing headers stay the
    server's: a rule that set ``Content-Length`` would only produce a broken answer."""
    if raw is None:
        return None
    if kind != "status":
        raise FaultError("headers go with a status fault (kind 'status')")
    if not isinstance(raw, dict) or len(raw) > MAX_HEADERS:
        raise FaultError(f"headers must be an object of at most {MAX_HEADERS} names to strings")
    size = 0
    for name, value in raw.items():
        if not isinstance(value, str) or not _token(name) or not _field_value(value):
            raise FaultError(f"headers: {name[:64]!r} is not a header name with a string value")
        if name.lower() in FRAMING_HEADERS:
            raise FaultError(f"headers: {name} is set by the server")
        size += len(name) + len(value)
    if size > MAX_HEADER_BYTES:
        raise FaultError(f"headers must hold at most {MAX_HEADER_BYTES} characters")
    return dict(raw)


def _token(name: str) -> bool:
    """An HTTP field name (RFC 9110 token characters)."""
    return bool(name) and all(c.isascii() and (c.isalnum() or c in "!#$%&'*+-.^_`|~") for c in name)


def _field_value(value: str) -> bool:
    """A field value without line breaks or other controls (no header injection)."""
    return all(c == "\t" or (c >= " " and c != "\x7f") for c in value)


def parse_header(value: str) -> Fault:
    """``X-Mock-Fault: status=503`` / ``delay=200`` / ``reset`` / ``malformed`` (comma-joinable)."""
    fault = Fault("delay")
    for part in filter(None, (p.strip() for p in value.replace(";", ",").split(","))):
        name, _, arg = part.partition("=")
        name = name.strip().lower()
        try:
            if name == "status":
                fault.kind, fault.status = "status", int(arg)
                if not 100 <= fault.status <= 599:
                    raise ValueError
            elif name == "delay":
                fault.delay_ms = int(arg)
                if not 0 <= fault.delay_ms <= 60_000:
                    raise ValueError
            elif name in ("reset", "malformed"):
                fault.kind = name
            else:
                raise FaultError(f"X-Mock-Fault: unknown directive {name!r}")
        except ValueError as exc:
            raise FaultError(f"X-Mock-Fault: bad value in {part!r}") from exc
    return fault


class FaultRules:
    def __init__(self, seed: int = 0) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self._seed = seed

    def add(self, raw: Any, known_vendors: list[str]) -> FaultRule:
        with self._lock:
            rule = parse_rule(raw, f"f{next(self._ids)}", known_vendors)
            self._rules.append(rule)
        return rule

    def list(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._random.seed(self._seed)

    def pick(self, vendor: str, method: str, paths: tuple[str, ...]) -> Fault | None:
        """The first matching rule that fires now (its ``times`` counted down), as a fault."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(vendor, method, paths):
                    continue
                if rule.probability < 1 and self._random.random() >= rule.probability:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                return rule.fault()
        return None
