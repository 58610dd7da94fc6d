"""``python -m tests.fuzz [--examples N] [--negative-examples M] [--seed S] [--contracts a,b]
[--json FILE]``: the full contract fuzz, each generation mode against its own fresh server on
127.0.0.1 (a free port). Exits 1 when any contract has a 5xx answer or a response-schema violation."""

from __future__ import annotations

import argparse
import json
import sys
import time

from schemathesis import GenerationMode

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.fuzz.fuzzer import CONTRACTS, ContractReport, fuzz, summary


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=25, help="positive requests per operation")
    parser.add_argument(
        "--negative-examples", type=int, default=10, help="negative requests per operation (0: none)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contracts", default=",".join(CONTRACTS))
    parser.add_argument("--json", help="write the reports with every finding here")
    args = parser.parse_args()
    contracts = tuple(c.strip() for c in args.contracts.split(",") if c.strip())
    runs = [(GenerationMode.POSITIVE, args.examples), (GenerationMode.NEGATIVE, args.negative_examples)]
    reports: list[ContractReport] = []
    for mode, examples in runs:
        if examples <= 0:
            continue
        started = time.perf_counter()
        with ThreadedMockServer(Config(port=0, seed_demo=False)) as server:
            found = fuzz(server.url, examples, args.seed, contracts, (mode,))
        print(f"== {mode.value} data, {examples} per operation, {time.perf_counter() - started:.0f} s")
        print(summary(found))
        reports += found
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
