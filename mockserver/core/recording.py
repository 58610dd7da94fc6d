"""``--record DIR``: every forwarded exchange as one JSON line in ``DIR/<vendor>.jsonl``, with its
secrets replaced by ``"<redacted>"``.

A line holds: ``time``, ``vendor``, ``method``, ``path`` (the vendor's own path, as the mock mounts
it), ``query``, ``request`` (``headers``, ``body``), ``status``, ``response`` (``headers``, ``body``)
and the upstream's ``duration_ms``. ``mockserver drift`` reads these files.

Secrets are found by name - headers (``Authorization``, cookies, API keys), query and form
parameters and JSON members (tokens, passwords, secrets, OAuth codes), SOAP elements
(``WebServicePassword``) - and only string values are replaced, so a numeric error ``code`` stays a
number. Every secret value found is then also cut out of everything else in the line (a token the
vendor echoes in a body, the key inside a Basic header), which is what makes the promise "no byte of
a secret reaches the file" hold for bodies no parser understands.

Appends are whole lines, flushed and fsynced before the client gets its answer; an append that
fails is cut back to the last whole line, and a torn tail left by a killed server is cut at open.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from lxml import etree

REDACTED = "<redacted>"
#: header names whose values are secrets, and parts of names that make one
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
SECRET_PARTS = ("token", "secret", "password", "passwd", "apikey", "api-key", "api_key", "session")
#: parameter and member names that are secrets on their own (an OAuth ``code``)
SECRET_NAMES = frozenset({"code", "key", "client_secret", "assertion"})
#: a compressed body is recorded decoded, up to this many bytes
MAX_DECODED_BYTES = 64 * 1024 * 1024
#: a secret shorter than this is not cut out of other text (it would shred ordinary words)
MIN_SCRUBBED = 4
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def secret_name(name: str, exact: frozenset[str] = SECRET_NAMES) -> bool:
    lowered = name.lower()
    return lowered in exact or any(part in lowered for part in SECRET_PARTS)


def decoded_body(headers: dict[str, str], body: bytes) -> bytes:
    """A gzip- or deflate-encoded body decoded, for reading (the client got it as it came); any
    other encoding, or one that does not decode, as it is."""
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    try:
        return zlib.decompressobj(47).decompress(body, MAX_DECODED_BYTES)
    except zlib.error:
        return body


def secret_header(name: str) -> bool:
    """A header whose value is a secret; rate-limit headers count tokens of a bucket, not secrets."""
    lowered = name.lower()
    return lowered in SECRET_HEADERS or ("ratelimit" not in lowered and secret_name(lowered, frozenset()))


class Redactor:
    """Redacts one exchange; collects every secret value it replaced, to cut them out of the rest."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def _keep(self, value: str) -> str:
        self.found.add(value)
        for word in value.split():  # "Bearer <token>", "Basic <base64>"
            self.found.add(word)
            self._basic(word)
        return REDACTED

    def _basic(self, word: str) -> None:
        try:
            decoded = base64.b64decode(word, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return
        if ":" in decoded:
            self.found.update(p for p in decoded.split(":", 1) if p)

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {k: self._keep(v) if secret_header(k) else v for k, v in headers.items()}

    def query(self, query: str) -> str:
        pairs = parse_qsl(query, keep_blank_values=True)
        return urlencode([(k, self._keep(v) if secret_name(k) and v else v) for k, v in pairs], safe="<>")

    def body(self, raw: bytes, content_type: str) -> str:
        text = raw.decode("utf-8", errors="replace")
        mime = content_type.split(";", 1)[0].strip().lower()
        if "json" in mime:
            try:
                parsed = json.loads(text)
            except ValueError:
                return text
            redacted = self._json(parsed)
            return text if redacted == parsed else json.dumps(redacted, ensure_ascii=False)
        if mime == "application/x-www-form-urlencoded":
            return self.query(text)
        if "xml" in mime:
            return self._xml(raw) or text
        return text

    def _json(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: self._keep(v) if isinstance(v, str) and v and secret_name(k) else self._json(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._json(v) for v in value]
        return value

    def _xml(self, raw: bytes) -> str | None:
        try:
            root = etree.fromstring(raw, _XML_PARSER)
        except (etree.XMLSyntaxError, ValueError):
            return None
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            if element.text and element.text.strip() and secret_name(name, frozenset()):
                element.text = self._keep(element.text.strip())
        return etree.tostring(root, encoding="unicode")

    def scrub(self, text: str) -> str:
        """``text`` with every secret value found anywhere in the exchange cut out."""
        for secret in sorted(self.found, key=len, reverse=True):
            if len(secret) >= MIN_SCRUBBED and secret != REDACTED:
                text = text.replace(secret, REDACTED)
        return text


def redact_exchange(exchange: dict[str, Any]) -> str:
    """One recorded line (without its newline) from a raw exchange: ``query``, ``request`` and
    ``response`` with ``headers`` (dict) and ``body`` (bytes)."""
    redactor = Redactor()
    request, response = exchange["request"], exchange["response"]
    line = {**exchange, "query": redactor.query(exchange["query"])}
    for side, message in (("request", request), ("response", response)):
        headers = redactor.headers(message["headers"])
        content_type = next((v for k, v in message["headers"].items() if k.lower() == "content-type"), "")
        line[side] = {"headers": headers, "body": redactor.body(message["body"], content_type)}
    return redactor.scrub(json.dumps(line, ensure_ascii=False, separators=(",", ":")))


class Recorder:
    """Appends redacted exchanges to ``<dir>/<vendor>.jsonl``; one lock, one fsync per line."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._checked: set[str] = set()

    def path(self, vendor: str) -> Path:
        return self.directory / f"{vendor}.jsonl"

    def record(self, vendor: str, exchange: dict[str, Any]) -> None:
        line = (redact_exchange({**exchange, "vendor": vendor}) + "\n").encode("utf-8")
        path = self.path(vendor)
        with self._lock:
            if vendor not in self._checked:
                cut_torn_tail(path)
                self._checked.add(vendor)
            append_line(path, line)


def append_line(path: Path, line: bytes) -> None:
    """Append one whole line, flushed and fsynced; a failed write is cut back to where it began."""
    with open(path, "ab") as handle:
        start = handle.tell()
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            handle.truncate(start)
            raise


def cut_torn_tail(path: Path) -> None:
    """Drop a last line without its newline (a server killed mid-append)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        data = handle.read()
        if data.endswith(b"\n"):
            return
        handle.truncate(data.rfind(b"\n") + 1)
