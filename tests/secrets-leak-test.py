#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""After real runs with an API key, the key must be nowhere but the keyring.

usage: secrets-leak-test.py --cli KINEMA_CLI --mock KINEMA_MOCK_SERVER

Stores a key with `kinema-cli providers set-key` (from standard input),
generates against the mock with every debug message on, then also with a
wrong key (so error paths run), and greps for the key in: the library
database (and its WAL), every file under the data, clips and cache folders
(sidecars included), the GSettings keyfile, everything the CLI printed,
and the command line of the running process. Prints TAP; skips when no
Secret Service is running (build-aux/test always starts one).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

KEY = "sk-LEAKCHECK-7f3c2a9b41d0"
WRONG = "sk-WRONGKEY-00d1e2f3a4b5"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--mock", required=True)
    args = ap.parse_args()

    home = tempfile.mkdtemp(prefix="kinema-leak-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "KINEMA_DATA_DIR": os.path.join(home, "data", "kinema"),
        "KINEMA_CLIPS_DIR": os.path.join(home, "clips"),
        "KINEMA_CACHE_DIR": os.path.join(home, "cache", "kinema"),
        "KINEMA_POLL_SCALE": "0.02",
        "G_MESSAGES_DEBUG": "all",
        "GSETTINGS_BACKEND": "keyfile",
    })
    env.pop("KINEMA_API_KEY", None)
    results = []
    logs = []

    mock = subprocess.Popen([args.mock, "--step", "0.1", "--key", KEY], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        base = mock.stdout.readline().strip()
        r = subprocess.run([args.cli, "providers", "add", "leak", "--dialect", "linkmodel",
                            "--base-url", base + "/linkmodel/api/v1"], env=env, capture_output=True, text=True)
        logs.append(r.stdout + r.stderr)
        r = subprocess.run([args.cli, "providers", "set-key", "leak"], input=KEY + "\n", env=env,
                           capture_output=True, text=True)
        logs.append(r.stdout + r.stderr)
        if r.returncode != 0:
            print("1..0 # SKIP no Secret Service to store the key in: " + r.stderr.strip().replace("\n", " "))
            return 0

        # A good run, watching the process's command line while it works.
        p = subprocess.Popen([args.cli, "generate", "--provider", "leak", "--prompt", "leak check",
                              "--duration", "5", "--wait"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        cmdlines = []
        while p.poll() is None:
            try:
                with open(f"/proc/{p.pid}/cmdline", "rb") as f:
                    cmdlines.append(f.read().decode(errors="replace"))
            except OSError:
                pass
            time.sleep(0.02)
        out, err = p.communicate()
        logs.append(out + err)
        results.append((p.returncode == 0, "a generation with the stored key succeeds",
                        f"exit {p.returncode}"))

        # A rejected key: error messages and the journal must not echo it.
        r = subprocess.run([args.cli, "providers", "set-key", "leak"], input=WRONG + "\n", env=env,
                           capture_output=True, text=True)
        logs.append(r.stdout + r.stderr)
        r = subprocess.run([args.cli, "generate", "--provider", "leak", "--prompt", "wrong key",
                            "--duration", "5", "--wait"], env=env, capture_output=True, text=True)
        logs.append(r.stdout + r.stderr)
        results.append((r.returncode != 0 and "key" in (r.stdout + r.stderr).lower(),
                        "a wrong key fails with a message about the key", f"exit {r.returncode}"))
        r = subprocess.run([args.cli, "request", "--provider", "leak", "--prompt", "dry"], env=env,
                           capture_output=True, text=True)
        logs.append(r.stdout + r.stderr)
        results.append(("$KINEMA_API_KEY" in r.stdout, "dry runs show a placeholder, not the key",
                        "placeholder present" if "$KINEMA_API_KEY" in r.stdout else r.stdout[:200]))
    finally:
        mock.terminate()
        mock.wait()

    def find_in_files(secret):
        hits = []
        for root, _, files in os.walk(home):
            for name in files:
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as f:
                        if secret.encode() in f.read():
                            hits.append(os.path.relpath(path, home))
                except OSError:
                    pass
        return hits

    for secret, label in ((KEY, "the key"), (WRONG, "the rejected key")):
        hits = find_in_files(secret)
        results.append((not hits, f"{label} is in no file (database, WAL, clips, sidecars, cache, settings)",
                        ", ".join(hits) or f"{sum(len(fs) for _, _, fs in os.walk(home))} files checked"))
        leaked = [i for i, text in enumerate(logs) if secret in text]
        results.append((not leaked, f"{label} is in nothing the CLI printed (G_MESSAGES_DEBUG=all)",
                        f"{len(logs)} outputs checked" if not leaked else f"found in output {leaked}"))
    results.append((cmdlines and not any(KEY in c for c in cmdlines), "the key is not in the process arguments",
                    f"{len(cmdlines)} samples of /proc/PID/cmdline"))
    shutil.rmtree(home, ignore_errors=True)

    print(f"1..{len(results)}")
    for n, (good, name, detail) in enumerate(results, 1):
        print(f"{'ok' if good else 'not ok'} {n} - {name}: {detail}")
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
