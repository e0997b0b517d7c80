#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""kinema-cli on a machine with no key and no network, as a newcomer runs it.

usage: cli-generate-test.py --cli KINEMA_CLI

generate --provider simulator --wait, then jobs/show/forget, then the
exit codes for bad input. Prints TAP.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()

    home = tempfile.mkdtemp(prefix="kinema-cligen-")
    env = {k: v for k, v in os.environ.items() if k != "KINEMA_API_KEY"}
    env.update({
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "KINEMA_SIM_QUEUE_MS": "200",
        "KINEMA_CLIPS_DIR": os.path.join(home, "Videos", "Kinema"),
    })
    for k in ("KINEMA_DATA_DIR", "KINEMA_CACHE_DIR"):
        env.pop(k, None)
    results = []

    def run(*argv, stdin=None):
        return subprocess.run([args.cli, *argv], env=env, capture_output=True, text=True,
                              input=stdin, timeout=180)

    try:
        r = run("generate", "--provider", "simulator", "--prompt", "A paper boat on a calm lake",
                "--duration", "3", "--audio", "--wait")
        lines = r.stdout.strip().splitlines()
        job_id = lines[0] if lines else ""
        clip = lines[-1] if len(lines) > 1 else ""
        results.append((r.returncode == 0, "generate --provider simulator --wait exits 0", f"exit {r.returncode} {r.stderr[-200:]!r}"))
        results.append((clip.endswith(".mp4") and os.path.isfile(clip) and os.path.getsize(clip) > 10000,
                        "it prints the path of a real clip", clip))
        results.append(("done" in r.stderr, "progress goes to stderr", r.stderr.strip().splitlines()[-1:] or "-"))

        r = run("jobs", "--json")
        jobs = json.loads(r.stdout or "[]")
        ok = len(jobs) == 1 and jobs[0]["id"] == job_id and jobs[0]["state"] == "done" \
            and jobs[0]["clip"] and jobs[0]["clip"]["has_audio"] and abs(jobs[0]["clip"]["duration_ms"] - 3000) <= 500
        results.append((ok, "jobs --json lists the verified clip", f"{len(jobs)} jobs"))

        r = run("show", job_id[:8])
        results.append((r.returncode == 0 and "Ready" in r.stdout and clip in r.stdout,
                        "show accepts an id prefix", r.stdout.splitlines()[1:2]))
        r = run("show", "--json", job_id)
        shown = json.loads(r.stdout) if r.returncode == 0 else {}
        results.append((shown.get("request", {}).get("prompt") == "A paper boat on a calm lake",
                        "show --json includes the frozen request", shown.get("state")))

        r = run("generate", "--provider", "simulator", "--prompt", "", "--wait")
        results.append((r.returncode == 2 and r.stderr.strip() != "", "an invalid request exits 2 with a message",
                        r.stderr.strip()[:120]))
        r = run("generate", "--provider", "linkmodel", "--prompt", "needs a key")
        results.append((r.returncode != 0 and "key" in r.stderr.lower(), "a provider without a key says so",
                        r.stderr.strip()[:120]))
        r = run("generate", "--provider", "nosuch", "--prompt", "x")
        results.append((r.returncode == 2, "an unknown provider exits 2", r.stderr.strip()[:120]))
        after = json.loads(run("jobs", "--json").stdout or "[]")
        results.append((len(after) == 1, "refused requests wrote no job", f"{len(after)} jobs"))

        r = run("forget", job_id)
        after = json.loads(run("jobs", "--json").stdout or "[]")
        results.append((r.returncode == 0 and not after and os.path.isfile(clip),
                        "forget drops the job and keeps the file", f"{len(after)} jobs left"))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    print(f"1..{len(results)}")
    for n, (good, name, detail) in enumerate(results, 1):
        print(f"{'ok' if good else 'not ok'} {n} - {name}: {detail}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
