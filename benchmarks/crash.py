"""``python -m benchmarks.crash [--kills 200] [--seed 1]``: SIGKILL a busy ``--data-dir`` server, again
and again, and check what every restart serves.

Each round starts ``mockserver serve --data-dir`` (the same directory every round), checks the
previous rounds' acknowledged state, then runs concurrent writers - one per vendor (WerkbonApp
materials, FLOWii partners, Robaws clients with deletes, Workspace quotations with deletes, Severa
accounts) and one churning tenants (create, settings patch, delete) - and SIGKILLs the server once
a seeded random number of writes has been acknowledged. A write counts as acknowledged when its
answer arrived; one in flight at the kill may land or not, so it is checked for neither.

After each restart it counts:

* ``lost``: an acknowledged record, tenant or settings value missing (or a deleted one back);
* ``torn``: the server refused to start (a file it verifies at start-up was damaged);
* ``errors``: a 5xx (or no answer) from any vendor's read or write path after the restart.

The test suite runs 20 rounds (``tests/e2e/test_crash.py``); the long form is this script.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from mockserver.core import datadir

SEVERA_NS = "http://soap.severa.com/"
SEVERA_ENTITIES = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
#: generous: the first request to a vendor builds its application, slow on a loaded machine
TIMEOUT = 60


@dataclass
class Ledger:
    """What the server acknowledged, across rounds."""

    records: dict[str, dict[str, str]] = field(default_factory=dict)  # vendor -> id -> marker
    #: vendor -> id -> marker of the deleted record (a later record may get its id after a restart)
    deleted: dict[str, dict[str, str]] = field(default_factory=dict)
    tenants: dict[str, dict] = field(default_factory=dict)  # id -> credentials
    gone_tenants: set[str] = field(default_factory=set)
    #: tenant id -> settings value acknowledged last, and the one in flight (either may be stored)
    depth: dict[str, set[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acked(self, vendor: str, record_id: str, marker: str) -> None:
        with self.lock:
            self.records.setdefault(vendor, {})[record_id] = marker


@dataclass
class Totals:
    rounds: int = 0
    acknowledged: int = 0
    lost: int = 0
    torn: int = 0
    errors: int = 0
    problems: list[str] = field(default_factory=list)

    def note(self, kind: str, problem: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.problems) < 20:
            self.problems.append(f"{kind}: {problem}")


class Server:
    def __init__(self, data_dir: Path) -> None:
        command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--quiet"]
        self.process = subprocess.Popen(
            [*command, "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        line = self.process.stdout.readline()  # blocks until the port is bound, or the exit
        self.url = line.split("listening on ", 1)[1].split()[0] if "listening on" in line else None

    def refusal(self) -> str:
        self.process.wait(timeout=30)
        return self.process.stderr.read().strip()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


class Vendors:
    """One tenant's five vendor APIs, with the calls the writers and the checks use."""

    def __init__(self, url: str, tenant: dict) -> None:
        self.base = tenant["base_urls"]
        self.creds = tenant["credentials"]
        self.http = requests.Session()
        self._flowii_token: str | None = None

    # -- creates (return the new id) ---------------------------------------------------------------
    def create(self, vendor: str, marker: str) -> tuple[int, str | None]:
        return getattr(self, f"_create_{vendor}")(marker)

    def _create_werkbonapp(self, marker: str) -> tuple[int, str | None]:
        body = [{"code": marker, "description": marker, "price": "1", "unit": "st"}]
        r = self.http.post(
            self._wba("materials"), params=self.creds["werkbonapp"], json=body, timeout=TIMEOUT
        )
        return r.status_code, marker if r.status_code == 200 and r.json().get("response") == 1 else None

    def _create_flowii(self, marker: str) -> tuple[int, str | None]:
        body = {"data": {"type": "partners", "attributes": {"name": marker, "type": 2}}}
        headers = {**self._flowii_headers(), "Content-Type": "application/vnd.api+json"}
        r = self.http.post(
            self.base["flowii"] + "/partners",
            params={"companyId": 1},
            json=body,
            headers=headers,
            timeout=TIMEOUT,
        )
        return r.status_code, r.json()["data"]["id"] if r.status_code == 201 else None

    def _create_robaws(self, marker: str) -> tuple[int, str | None]:
        r = self.http.post(
            self.base["robaws"] + "/clients", json={"name": marker}, auth=self._robaws(), timeout=TIMEOUT
        )
        return r.status_code, r.json()["id"] if r.status_code == 201 else None

    def _create_workspace(self, marker: str) -> tuple[int, str | None]:
        r = self.http.post(
            self.base["workspace"] + "/quotations.json",
            data={"contact_id": "1", "name": marker},
            auth=self._workspace(),
            timeout=TIMEOUT,
        )
        return r.status_code, r.json()["response"]["data"]["Quotation"][
            "id"
        ] if r.status_code == 201 else None

    def _create_severa(self, marker: str) -> tuple[int, str | None]:
        inner = f"<accountInfo><Name xmlns='{SEVERA_ENTITIES}'>{marker}</Name></accountInfo>"
        r = self._soap("AddNewAccount", inner)
        if r.status_code != 200:
            return r.status_code, None
        return 200, r.text.split("<a:GUID>", 1)[1].split("<", 1)[0]

    # -- reads (the marker stored under an id, None when absent) -----------------------------------
    def read(self, vendor: str, record_id: str) -> tuple[int, str | None]:
        return getattr(self, f"_read_{vendor}")(record_id)

    def _read_werkbonapp(self, code: str) -> tuple[int, str | None]:
        params = {**self.creds["werkbonapp"], "key": "code", "value": code}
        r = self.http.get(self._wba("materials"), params=params, timeout=TIMEOUT)
        rows = r.json().get("response") if r.status_code == 200 else None
        return r.status_code, rows[0]["description"] if rows else None

    def _read_flowii(self, record_id: str) -> tuple[int, str | None]:
        r = self.http.get(
            self.base["flowii"] + f"/partners/{record_id}",
            params={"companyId": 1},
            headers=self._flowii_headers(),
            timeout=TIMEOUT,
        )
        return r.status_code, r.json()["data"]["attributes"]["name"] if r.status_code == 200 else None

    def _read_robaws(self, record_id: str) -> tuple[int, str | None]:
        r = self.http.get(self.base["robaws"] + f"/clients/{record_id}", auth=self._robaws(), timeout=TIMEOUT)
        return r.status_code, r.json()["name"] if r.status_code == 200 else None

    def _read_workspace(self, record_id: str) -> tuple[int, str | None]:
        r = self.http.get(
            self.base["workspace"] + f"/quotations/{record_id}.json", auth=self._workspace(), timeout=TIMEOUT
        )
        return r.status_code, r.json()["response"]["data"]["Quotation"][
            "name"
        ] if r.status_code == 200 else None

    def _read_severa(self, guid: str) -> tuple[int, str | None]:
        r = self._soap("GetAccountByGUID", f"<accountGuid>{guid}</accountGuid>")
        if r.status_code != 200:
            return r.status_code, None
        return 200, r.text.split("<a:Name>", 1)[1].split("<", 1)[0]

    def delete(self, vendor: str, record_id: str) -> int:
        if vendor == "robaws":
            return self.http.delete(
                self.base["robaws"] + f"/clients/{record_id}", auth=self._robaws(), timeout=TIMEOUT
            ).status_code
        url = self.base["workspace"] + f"/quotations/{record_id}.json"
        return self.http.delete(url, auth=self._workspace(), timeout=TIMEOUT).status_code

    def listing(self, vendor: str, pad: str = "") -> int:
        """A list read of ``vendor`` (with a ``pad`` query parameter when given): its status."""
        if vendor == "severa":
            inner = "<options>IncludeInactive</options><count>10</count>"
            return self._soap("GetAllAccounts", inner).status_code
        params: dict[str, Any] = {"pad": pad} if pad else {}
        kw: dict[str, Any] = {}
        if vendor == "werkbonapp":
            url = self._wba("materials")
            params.update(self._wba_auth())
        elif vendor == "flowii":
            url, kw = self.base["flowii"] + "/partners", {"headers": self._flowii_headers()}
            params["companyId"] = 1
        elif vendor == "robaws":
            url, kw = self.base["robaws"] + "/clients", {"auth": self._robaws()}
        else:
            url, kw = self.base["workspace"] + "/quotations.json", {"auth": self._workspace()}
        return self.http.get(url, params=params, timeout=TIMEOUT, **kw).status_code

    # -- credentials -------------------------------------------------------------------------------
    def _wba(self, function: str) -> str:
        return f"{self.base['werkbonapp']}/{function}/"

    def _wba_auth(self) -> dict[str, str]:
        return self.creds["werkbonapp"]

    def _robaws(self) -> tuple[str, str]:
        return self.creds["robaws"]["api_key"], self.creds["robaws"]["api_secret"]

    def _workspace(self) -> tuple[str, str]:
        return "token", self.creds["workspace"]["token"]

    def _flowii_headers(self) -> dict[str, str]:
        creds = self.creds["flowii"]
        if self._flowii_token is None:
            form = {"grant_type": "password", "username": creds["username"], "password": creds["password"]}
            r = self.http.post(
                self.base["flowii"] + "/token",
                data=form,
                headers={"Api-Key": creds["api_key"]},
                timeout=TIMEOUT,
            )
            self._flowii_token = r.json()["access_token"]
        return {"Api-Key": creds["api_key"], "Authorization": f"Bearer {self._flowii_token}"}

    def _soap(self, operation: str, inner: str) -> requests.Response:
        key = self.creds["severa"]["api_key"]
        body = (
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
            f'<WebServicePassword xmlns="{SEVERA_NS}">{key}</WebServicePassword></s:Header><s:Body>'
            f'<{operation} xmlns="{SEVERA_NS}">{inner}</{operation}></s:Body></s:Envelope>'
        )
        # every operation used here is of the IAccount contract; WCF routes by SOAPAction
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{SEVERA_NS}IAccount/{operation}"',
        }
        return self.http.post(self.base["severa"], data=body.encode(), headers=headers, timeout=TIMEOUT)


VENDORS = ("werkbonapp", "flowii", "robaws", "workspace", "severa")
DELETABLE = ("robaws", "workspace")
LIFT = {"robaws": {"rate_limit": {"enabled": False}}, "flowii": {"rate_limit": {"enabled": False}}}


def _admin(url: str, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"{url}/_mock{path}", json=body, timeout=TIMEOUT)


class Round:
    """One life of the server: writers until the kill."""

    def __init__(self, url: str, tenant: dict, ledger: Ledger, rng: random.Random, number: int) -> None:
        self.url, self.tenant, self.ledger, self.number = url, tenant, ledger, number
        self.rng = random.Random(rng.random())
        self.acks = 0
        self.enough = threading.Event()
        self.kill_after = rng.randint(5, 40)
        self.stop = False
        self._lock = threading.Lock()

    def run_until_killed(self, server: Server) -> None:
        """Writers on every vendor and a tenant churner, until ``kill_after`` acknowledgements."""
        threads = [threading.Thread(target=self.writer, args=(v,)) for v in VENDORS]
        threads.append(threading.Thread(target=self.tenant_churn))
        for thread in threads:
            thread.start()
        self.enough.wait(60)
        server.kill()
        self.stop = True
        for thread in threads:
            thread.join(30)

    def _ack(self) -> None:
        with self._lock:
            self.acks += 1
            if self.acks >= self.kill_after:
                self.enough.set()

    def writer(self, vendor: str) -> None:
        api = Vendors(self.url, self.tenant)
        rng = random.Random(self.rng.random())
        count = 0
        while not self.stop:
            count += 1
            marker = f"r{self.number}-{vendor[:3]}-{count}"
            try:
                deletable = list(self.ledger.records.get(vendor, {}))
                if vendor in DELETABLE and deletable and rng.random() < 0.3:
                    self._delete(api, vendor, rng.choice(deletable))
                    continue
                _status, record_id = api.create(vendor, marker)
            except (requests.RequestException, ValueError, KeyError):
                return  # the server is gone
            if record_id is not None:
                self.ledger.acked(vendor, record_id, marker)
                self._ack()

    def _delete(self, api: Vendors, vendor: str, victim: str) -> None:
        with self.ledger.lock:
            marker = self.ledger.records[vendor].pop(victim)  # in flight: may or may not be gone
        if api.delete(vendor, victim) in (200, 204):
            with self.ledger.lock:
                self.ledger.deleted.setdefault(vendor, {})[victim] = marker
            self._ack()

    def tenant_churn(self) -> None:
        rng = random.Random(self.rng.random())
        ledger = self.ledger
        while not self.stop:
            try:
                choice = rng.random()
                live = [t for t in ledger.tenants if t not in ledger.gone_tenants]
                if choice < 0.4 or not live:
                    made = _admin(
                        self.url, "POST", "/tenants", {"name": f"churn-{self.number}", "fixtures": "empty"}
                    )
                    if made.status_code == 201:
                        ledger.tenants[made.json()["id"]] = made.json()["credentials"]
                        self._ack()
                elif choice < 0.75:
                    victim = rng.choice(live)
                    depth = rng.randint(0, 2)
                    done = ledger.depth.get(victim, {0})
                    ledger.depth[victim] = done | {depth}  # either may be stored until acknowledged
                    patched = _admin(
                        self.url,
                        "PATCH",
                        f"/tenants/{victim}/settings",
                        {"workspace": {"default_depth": depth}},
                    )
                    if patched.status_code == 200:
                        ledger.depth[victim] = {depth}
                        self._ack()
                else:
                    victim = rng.choice(live)
                    ledger.tenants.pop(victim)
                    ledger.depth.pop(victim, None)
                    if _admin(self.url, "DELETE", f"/tenants/{victim}").status_code == 204:
                        ledger.gone_tenants.add(victim)
                        self._ack()
            except (requests.RequestException, ValueError, KeyError):
                return


def verify(url: str, tenant: dict, ledger: Ledger, totals: Totals) -> None:
    """Every acknowledged write present, every deleted thing gone, every vendor answering."""
    try:
        _verify(url, tenant, ledger, totals)
    except (requests.RequestException, ValueError, KeyError) as exc:
        totals.note("errors", f"no answer while verifying: {exc!r}")


def _verify(url: str, tenant: dict, ledger: Ledger, totals: Totals) -> None:
    api = Vendors(url, tenant)
    for vendor, records in ledger.records.items():
        for record_id, marker in list(records.items()):
            status, found = api.read(vendor, record_id)
            if status >= 500 and vendor != "severa":
                totals.note("errors", f"{vendor} read {record_id}: {status}")
            elif found != marker:
                totals.note("lost", f"{vendor} {record_id}: expected {marker!r}, found {found!r} ({status})")
    for vendor, gone in ledger.deleted.items():
        for record_id, marker in gone.items():
            status, found = api.read(vendor, record_id)
            if found == marker or status not in (200, 404):
                totals.note("lost", f"{vendor} {record_id} ({marker}) was deleted but answers {status}")
    listed = {t["id"]: t for t in _admin(url, "GET", "/tenants").json()["tenants"]}
    for tenant_id, credentials in ledger.tenants.items():
        if listed.get(tenant_id, {}).get("credentials") != credentials:
            totals.note("lost", f"tenant {tenant_id} missing or changed")
    for tenant_id in ledger.gone_tenants & set(listed):
        totals.note("lost", f"deleted tenant {tenant_id} is back")
    for tenant_id, allowed in ledger.depth.items():
        if tenant_id in listed:
            depth = _admin(url, "GET", f"/tenants/{tenant_id}/settings").json()["workspace"]["default_depth"]
            if depth not in allowed:
                totals.note("lost", f"tenant {tenant_id} settings: depth {depth}, acknowledged {allowed}")
    for vendor in VENDORS:
        try:
            statuses = [api.listing(vendor), api.create(vendor, f"probe-{vendor}")[0]]
        except (requests.RequestException, ValueError, KeyError) as exc:
            statuses = [f"no answer ({exc})"]
        if any(not isinstance(s, int) or s >= 500 for s in statuses):
            totals.note("errors", f"{vendor} after restart: {statuses}")


def run(kills: int, seed: int, data_dir: Path, report: Callable[[str], None] = lambda _line: None) -> Totals:
    """``kills`` rounds of writes ended by SIGKILL, each restart verified; then the files themselves
    are checked offline (``mockserver data check``)."""
    rng = random.Random(seed)
    ledger, totals = Ledger(), Totals()
    tenant: dict | None = None
    for number in range(kills + 1):
        server = Server(data_dir)
        if server.url is None:
            totals.note("torn", server.refusal())
            break
        try:
            tenant = _restarted(server.url, tenant, ledger, totals)
            if number < kills:
                round_ = Round(server.url, tenant, ledger, rng, number)
                round_.run_until_killed(server)
                totals.rounds += 1
                totals.acknowledged += round_.acks
                report(
                    f"kill {number + 1}/{kills}: {round_.acks} writes acknowledged, "
                    f"lost {totals.lost}, torn {totals.torn}, errors {totals.errors}"
                )
        finally:
            server.kill()
    try:
        datadir.check(data_dir)
    except datadir.DataDirError as exc:
        totals.note("torn", str(exc))
    return totals


def _restarted(url: str, tenant: dict | None, ledger: Ledger, totals: Totals) -> dict:
    """The crash tenant: created on the first start, verified with everything else on every other."""
    if tenant is None:
        tenant = _admin(url, "POST", "/tenants", {"name": "crash"}).json()
        _admin(url, "PATCH", f"/tenants/{tenant['id']}/settings", LIFT)
        return tenant
    tenant = _admin(url, "GET", f"/tenants/{tenant['id']}").json()
    verify(url, tenant, ledger, totals)
    return tenant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crash", description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mockserver-crash-") as tmp:
        totals = run(args.kills, args.seed, Path(tmp), report=lambda line: print(line, flush=True))
    print(json.dumps({k: v for k, v in vars(totals).items()}, indent=1))
    return 0 if totals.lost == totals.torn == totals.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
