#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash test for the job journal: nothing paid for is lost or paid twice.

usage: crash-test.py --cli KINEMA_CLI --mock KINEMA_MOCK_SERVER
                     [--jobs N] [--kills K] [--seed S] [--tap]

Runs N generations through `kinema-cli generate --wait` against the mock's
official-Kling endpoint and SIGKILLs the CLI at random moments (before the
send, after it, mid-poll, mid-download, mid-rename: the moment is random
over each job's whole life), sometimes also killing `kinema-cli resume`,
until K kills have happened. Then it runs `kinema-cli resume` until every
job has settled and checks, printing each figure:

  - tasks the mock accepted == tasks recorded in the library
  - duplicate submissions (a prompt the mock accepted twice) == 0
  - clips == tasks that succeeded
  - every clip file is complete (same bytes as the mock served) and no
    ".part" file is counted as a clip
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ACCESS_KEY = "crash-ak"
SECRET_KEY = "crash-sk"


def run(cmd, env, timeout=120):
    return subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--mock", required=True)
    ap.add_argument("--jobs", type=int, default=12)
    ap.add_argument("--kills", type=int, default=12)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--step", type=float, default=0.15, help="mock seconds per task stage")
    ap.add_argument("--tap", action="store_true")
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    home = tempfile.mkdtemp(prefix="kinema-crash-")
    env = dict(os.environ)
    env.update({
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "KINEMA_DATA_DIR": os.path.join(home, "data", "kinema"),
        "KINEMA_CLIPS_DIR": os.path.join(home, "clips"),
        "KINEMA_CACHE_DIR": os.path.join(home, "cache", "kinema"),
        "KINEMA_API_KEY": f"{ACCESS_KEY}:{SECRET_KEY}",
        "KINEMA_POLL_SCALE": "0.02",
        "GSETTINGS_BACKEND": "memory",
    })

    mock = subprocess.Popen([args.mock, "--step", str(args.step), "--key", f"{ACCESS_KEY}:{SECRET_KEY}"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    results = []
    ok = True

    def check(name, good, detail):
        nonlocal ok
        ok = ok and good
        results.append((good, name, detail))

    try:
        base = mock.stdout.readline().strip()
        if not base.startswith("http://127.0.0.1:"):
            raise SystemExit(f"crash-test: the mock server did not start ({base!r})")
        kling_base = base + "/kling"
        r = run([args.cli, "providers", "add", "crash", "--dialect", "kling", "--base-url", kling_base,
                 "--name", "Crash test"], env)
        if r.returncode != 0:
            raise SystemExit(f"crash-test: providers add failed: {r.stderr}")

        kills = 0
        job = 0
        started = time.monotonic()
        while kills < args.kills or job < args.jobs:
            prompt = f"crash job {job} seed {seed}"
            job += 1
            p = subprocess.Popen([args.cli, "generate", "--provider", "crash", "--prompt", prompt,
                                  "--duration", "5", "--wait"],
                                 env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if kills < args.kills:
                # Anywhere from before the send to the rename at the end.
                time.sleep(rng.uniform(0.0, args.step * 6))
                if p.poll() is None:
                    p.send_signal(signal.SIGKILL)
                    kills += 1
                p.wait()
                # Now and then the recovery itself is killed too.
                if kills < args.kills and rng.random() < 0.3:
                    q = subprocess.Popen([args.cli, "resume"], env=env, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(rng.uniform(0.0, args.step * 4))
                    if q.poll() is None:
                        q.send_signal(signal.SIGKILL)
                        kills += 1
                    q.wait()
            else:
                p.wait(timeout=120)
            if time.monotonic() - started > 1800:
                raise SystemExit("crash-test: took longer than 30 minutes")

        # Settle everything.
        for _ in range(20):
            r = run([args.cli, "resume"], env, timeout=300)
            js = json.loads(run([args.cli, "jobs", "--json"], env).stdout or "[]")
            if not any(j["state"] in ("pending", "submitting", "queued", "running", "downloading") for j in js):
                break
        else:
            check("all jobs settled", False, "jobs still unfinished after 20 resumes")

        jobs = json.loads(run([args.cli, "jobs", "--json"], env).stdout or "[]")
        with urllib.request.urlopen(base + "/_mock/stats") as f:
            stats = json.load(f)
        accepted = stats.get("accepted", {})          # prompt -> times accepted
        served = stats.get("video_size")

        ours = [j for j in jobs if j.get("provider_id") == "crash"]
        with_task = [j for j in ours if j.get("remote_task_id")]
        n_accepted = sum(v for k, v in accepted.items() if k.endswith(f"seed {seed}"))
        dups = sum(v - 1 for k, v in accepted.items() if v > 1)
        done = [j for j in ours if j["state"] == "done"]
        clips = [j for j in ours if j.get("clip")]
        states = {}
        for j in ours:
            states[j["state"]] = states.get(j["state"], 0) + 1

        print(f"# seed {seed}: {job} jobs, {kills} kills, states {states}")
        reasons = {}
        for j in ours:
            if j["state"] != "done":
                reasons[j.get("error_message")] = reasons.get(j.get("error_message"), 0) + 1
        for reason, n in reasons.items():
            print(f"#   {n} x {j['state'] if False else 'not done'}: {reason}")
        check("tasks accepted == tasks in the library", n_accepted == len(with_task),
              f"accepted {n_accepted}, in library {len(with_task)}")
        check("duplicate submissions == 0", dups == 0, f"duplicates {dups}")
        check("clips == succeeded tasks", len(clips) == len(done), f"clips {len(clips)}, done {len(done)}")
        bad = []
        for j in clips:
            path = j["clip"]["path"]
            if path.endswith(".part") or not os.path.isfile(path) or (served and os.path.getsize(path) != served):
                bad.append(path)
        check("every clip complete", not bad, f"{len(clips) - len(bad)} complete, {len(bad)} bad")
        lost = [j for j in ours if j["state"] in ("unknown",) and j.get("remote_task_id") is None]
        check("no paid task lost", not lost, f"{len(lost)} jobs with an unknown outcome and no task id")
    finally:
        mock.terminate()
        mock.wait()
        shutil.rmtree(home, ignore_errors=True)

    if args.tap:
        print(f"1..{len(results)}")
        for n, (good, name, detail) in enumerate(results, 1):
            print(f"{'ok' if good else 'not ok'} {n} - {name}: {detail}")
    else:
        for good, name, detail in results:
            print(f"{'PASS' if good else 'FAIL'}  {name}: {detail}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
