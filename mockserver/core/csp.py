"""The Content-Security-Policy every HTML page this server renders carries (the dashboard's pages,
its error pages, a vendor's help page).

Pages that reflect something a client sent (a path, a Host header, a journal entry) escape it;
the policy is the second wall: even a missed escape cannot load a script, a style or a frame from
anywhere but this server, nor send a form elsewhere.
"""

from __future__ import annotations

#: no script, style, font or request may leave the server: everything is vendored
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

#: the headers an HTML answer carries besides its Content-Type
HTML_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
)
