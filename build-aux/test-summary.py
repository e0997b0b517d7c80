#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count test cases from meson's testlog.json.

usage: test-summary.py [TESTLOG.json ...]   (default build/meson-logs/testlog.json;
                                            several logs are added up)

meson's own summary counts test programs, not the GTest cases inside them, so
this reads testlog.json (one JSON object per test run) and counts:

- a TAP test (its stdout has `ok` / `not ok` / `1..N` / `Bail out!` lines):
  every `ok` line is a pass, `ok ... # SKIP` a skip, `not ok` a failure,
  `not ok ... # TODO` (g_test_incomplete) a skip. When meson did not judge
  the test OK and the process ended abnormally (a signal, a timeout, a
  "Bail out!", fewer results than its `1..N` plan) or printed no `not ok`,
  one more failure is counted for the test itself;
- any other test by its result: OK/EXPECTEDFAIL pass, SKIP skips, anything
  else fails.

It prints a short table of the failures, then as its very last line
`N passed, M failed` (`, K skipped` is added when K > 0). It exits 1 when
anything failed, 2 when nothing was counted, else 0.
"""

import json
import re
import sys

GOOD_RESULTS = {"OK", "EXPECTEDFAIL"}
TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)")
TAP_DIRECTIVE = re.compile(r"#\s*(SKIP|TODO)\b", re.IGNORECASE)
ERRORISH = re.compile(
    r"ERROR|CRITICAL|Bail out!|assertion|error:|runtime error|Sanitizer:|"
    r"Segmentation|Aborted|timed out",
    re.IGNORECASE,
)
MAX_DETAIL_LINES = 6
MAX_LINE_LEN = 160


def clip(line):
    line = line.rstrip()
    return line if len(line) <= MAX_LINE_LEN else line[: MAX_LINE_LEN - 1] + "…"


def is_tap(stdout_lines):
    return any(
        TAP_LINE.match(l) or TAP_PLAN.match(l) or l.startswith("Bail out!")
        for l in stdout_lines
    )


def count_test(entry):
    """Returns (passed, failed, skipped, detail_lines) for one testlog entry."""
    result = entry.get("result", "ERROR")
    returncode = entry.get("returncode")
    stdout = (entry.get("stdout") or "").splitlines()
    stderr = (entry.get("stderr") or "").splitlines()
    details = []

    if not is_tap(stdout):
        if result in GOOD_RESULTS:
            return 1, 0, 0, []
        if result == "SKIP":
            return 0, 0, 1, []
        rc = "" if returncode is None else f" (exit {returncode})"
        details.append(f"{result}{rc}")
        for line in stdout + stderr:
            if line.strip():
                details.append(clip(line))
            if len(details) >= 4:
                break
        return 0, 1, 0, details

    passed = failed = skipped = 0
    plan = 0
    bailed_out = False
    for line in stdout:
        m = TAP_LINE.match(line)
        if m:
            directive = TAP_DIRECTIVE.search(m.group(2))
            kind = directive.group(1).upper() if directive else None
            if m.group(1) == "ok":
                if kind == "SKIP":
                    skipped += 1
                else:
                    passed += 1
            elif kind == "TODO":
                skipped += 1
            else:
                failed += 1
                details.append(clip(line))
            continue
        m = TAP_PLAN.match(line)
        if m:
            # GTest prints one plan per -p path, counting up; take the largest.
            plan = max(plan, int(m.group(1)))
        elif line.startswith("Bail out!"):
            bailed_out = True

    counted = passed + failed + skipped
    if result not in GOOD_RESULTS and not (result == "SKIP" and failed == 0):
        abnormal = (
            (returncode is not None and returncode < 0)
            or result in ("TIMEOUT", "INTERRUPT")
            or bailed_out
            or plan > counted
        )
        if failed == 0 or abnormal:
            failed += 1
            how = result
            if returncode is not None:
                how += f" (exit {returncode})"
            if plan > counted:
                how += f" after {counted} of {plan} cases"
            details.insert(0, how)
    elif result == "SKIP" and counted == 0:
        skipped += 1

    if failed:
        extra = [l for l in stdout if l.startswith("Bail out!")]
        extra += [l for l in stderr if ERRORISH.search(l)]
        for line in extra:
            if len(details) >= MAX_DETAIL_LINES:
                break
            line = clip(line)
            if not any(line in d for d in details):
                details.append(line)
    return passed, failed, skipped, details


def read_log(path, entries):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError as e:
                    print(f"test-summary: {path}:{n}: bad JSON: {e}", file=sys.stderr)
    except FileNotFoundError:
        print(f"test-summary: {path} not found: meson test ran nothing", file=sys.stderr)


def main(argv):
    paths = argv[1:] or ["build/meson-logs/testlog.json"]
    entries = []
    for path in paths:
        read_log(path, entries)

    total_passed = total_failed = total_skipped = 0
    failures = []
    for entry in entries:
        passed, failed, skipped, details = count_test(entry)
        total_passed += passed
        total_failed += failed
        total_skipped += skipped
        if failed:
            failures.append((entry.get("name", "?"), failed, details))

    if failures:
        print()
        print("Failed tests:")
        width = max(len(name) for name, _, _ in failures)
        for name, failed, details in failures:
            print(f"  {name:<{width}}  {failed} failed")
            for line in details:
                print(f"  {'':<{width}}    {line}")
        print()

    total = total_passed + total_failed + total_skipped
    if total == 0:
        print("test-summary: no test cases were counted", file=sys.stderr)
    sys.stdout.flush()
    line = f"{total_passed} passed, {total_failed} failed"
    if total_skipped:
        line += f", {total_skipped} skipped"
    print(line)
    if total_failed:
        return 1
    if total == 0:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
