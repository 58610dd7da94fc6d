"""``python -m tests.fuzz [--examples N] [--seed S] [--contracts a,b] [--json FILE]``: the full
contract fuzz against a fresh server on 127.0.0.1 (a free port). Exits 1 when any contract has a
5xx answer or a response-schema violation."""

from __future__ import annotations

import argparse
import json
import sys

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.fuzz.fuzzer import CONTRACTS, fuzz, summary


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=50, help="generated requests per operation and mode")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--contracts", default=",".join(CONTRACTS))
    parser.add_argument("--json", help="write every finding here")
    args = parser.parse_args()
    contracts = tuple(c.strip() for c in args.contracts.split(",") if c.strip())
    with ThreadedMockServer(Config(port=0, seed_demo=False)) as server:
        reports = fuzz(server.url, args.examples, args.seed, contracts)
    print(summary(reports))
    for report in reports:
        for finding in report.findings:
            where = f"[{finding.contract}] {finding.operation} {finding.check}"
            print(f"\n{where} -> {finding.status}: {finding.title}")
            print(f"  {finding.request}")
            print("  " + finding.detail.replace("\n", "\n  ")[:600])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([r.as_json() for r in reports], out, indent=1)
    broken = any(r.server_errors or r.schema_violations for r in reports)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
