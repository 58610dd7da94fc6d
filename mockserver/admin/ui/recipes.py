"""How each vendor takes a tenant's credentials, for a person: ready-to-paste curl lines (one first
call per vendor) and the user name and password of the vendors that use HTTP Basic (to fill in
the contracts page's "try it").

The dashboard's own knowledge of the README's credentials table, and of how a vendor with a Bearer
scheme (FLOWii) hands out its token, so "try it" can fetch one. A vendor without a recipe here
simply shows no curl line.
"""

from __future__ import annotations

from collections.abc import Callable
from shlex import quote
from typing import Any

Recipe = Callable[[str, dict[str, str]], list[str]]

SEVERA_ENVELOPE = (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
    '<WebServicePassword xmlns="http://soap.severa.com/">{key}</WebServicePassword></s:Header>'
    '<s:Body><GetVersion xmlns="http://soap.severa.com/"/></s:Body></s:Envelope>'
)


def _werkbonapp(base: str, creds: dict[str, str]) -> list[str]:
    query = f"token={creds['token']}&software_token={creds['software_token']}"
    return [f"curl -s {quote(f'{base}/GetWorkorders/?{query}&status=Klaargezet&update_status=false')}"]


def _flowii(base: str, creds: dict[str, str]) -> list[str]:
    key = quote(f"Api-Key: {creds['api_key']}")
    return [
        f"TOKEN=$(curl -s -X POST {quote(base + '/token')} -H {key} -d grant_type=password "
        f"--data-urlencode username={quote(creds['username'])} "
        f"--data-urlencode password={quote(creds['password'])} "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
        f'curl -s {quote(base + "/companies")} -H {key} -H "Authorization: Bearer $TOKEN"',
    ]


def _robaws(base: str, creds: dict[str, str]) -> list[str]:
    user = quote(f"{creds['api_key']}:{creds['api_secret']}")
    return [f"curl -s -u {user} {quote(base + '/clients?page=0&size=10')}"]


def _workspace(base: str, creds: dict[str, str]) -> list[str]:
    return [f"curl -s -u {quote('token:' + creds['token'])} {quote(base + '/quotations.json')}"]


def _severa(base: str, creds: dict[str, str]) -> list[str]:
    return [
        f"curl -s {quote(base)} -H 'Content-Type: text/xml; charset=utf-8' "
        "-H 'SOAPAction: \"http://soap.severa.com/IAPI/GetVersion\"' "
        f"--data {quote(SEVERA_ENVELOPE.format(key=creds['api_key']))}"
    ]


RECIPES: dict[str, Recipe] = {
    "werkbonapp": _werkbonapp,
    "flowii": _flowii,
    "robaws": _robaws,
    "workspace": _workspace,
    "severa": _severa,
}


def curl_lines(vendor: str, base_url: str, credentials: dict[str, str]) -> list[str]:
    recipe = RECIPES.get(vendor)
    try:
        return recipe(base_url, credentials) if recipe is not None else []
    except KeyError:  # credentials of another shape (a regenerated or restored tenant): no line
        return []


#: HTTP Basic user and password of a vendor, from its credentials
BASIC: dict[str, Callable[[dict[str, str]], tuple[str, str]]] = {
    "robaws": lambda creds: (creds["api_key"], creds["api_secret"]),
    "workspace": lambda creds: ("token", creds["token"]),
}


def basic_credentials(vendor: str, credentials: dict[str, str]) -> tuple[str, str] | None:
    pair = BASIC.get(vendor)
    try:
        return pair(credentials) if pair is not None else None
    except KeyError:
        return None


#: how a vendor's Bearer token is obtained with a tenant's credentials: the request the contracts
#: page's script sends (to this mock) before "try it", the way a client does first
BEARER: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "flowii": lambda creds: {
        "path": "/token",
        "headers": {"Api-Key": creds["api_key"]},
        "form": {"grant_type": "password", "username": creds["username"], "password": creds["password"]},
    },
}


def bearer_request(vendor: str, base_url: str, credentials: dict[str, str]) -> dict[str, Any] | None:
    """The token request for ``vendor``'s Bearer scheme (its URL, headers and form), if it has one."""
    recipe = BEARER.get(vendor)
    try:
        found = recipe(credentials) if recipe is not None else None
    except KeyError:
        return None
    if found is None:
        return None
    return {"url": base_url + found.pop("path"), **found}
