#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The measurements behind build-aux/bench. Run build-aux/bench, which sets
up the packages, the build, a throwaway home, D-Bus, the keyring and Xvfb,
then calls this:

  bench.py --builddir DIR --workdir DIR [--quick] [--only N,N...]

Every input is made here, in WORKDIR: test clips (ffmpeg), a 200 MB
download, two 10 MB images, a library of 10,000 clips (one transaction).
Each metric is measured against its baseline in the same run, on the same
inputs, and printed with the ratio, the goal and PASS or MISS; a summary
table comes last. Exits 0 when everything could be measured (whether or
not the goals were met), 1 when something could not be measured.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import time
import zlib

MB = 1000 * 1000
LIBRARY_CLIPS = 10000


class MeasureError(Exception):
    pass


def say(text=""):
    print(text, flush=True)


def kv(text):
    """key=value pairs of a program's output (the last one of each key wins)."""
    return dict(re.findall(r"([a-z][a-z0-9-]*)=(\S+)", text))


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt_ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.src = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
        self.build = os.path.abspath(args.builddir)
        self.work = os.path.abspath(args.workdir)
        self.media = os.path.join(self.work, "media")
        self.rows = []
        self.errors = []
        self.mocks = []
        self.kinema = os.path.join(self.build, "src", "ui", "kinema")
        self.cli = os.path.join(self.build, "src", "cli", "kinema-cli")
        self.mock = os.path.join(self.build, "tests", "mock", "kinema-mock-server")
        self.bench_dir = os.path.join(self.build, "tests", "bench")
        self.env = dict(os.environ)
        self.env.update({
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": os.path.join(self.build, "data"),
            "GSK_RENDERER": "cairo",
            "GTK_A11Y": "none",
            "GST_PLUGIN_FEATURE_RANK": "pulsesink:NONE,jackaudiosink:NONE,openalsink:NONE,alsasink:NONE,"
                                       "osssink:NONE,oss4sink:NONE,pipewiresink:NONE",
        })
        for name in ("KINEMA_WATCHDOG", "KINEMA_BENCH_FIRST_FRAME", "KINEMA_BENCH_SCROLL", "KINEMA_BENCH_LOAD",
                     "KINEMA_POLL_SCALE", "KINEMA_API_KEY", "G_MESSAGES_DEBUG"):
            self.env.pop(name, None)

    # ---- helpers -------------------------------------------------------

    def prog(self, name):
        return os.path.join(self.bench_dir, name)

    def path(self, *parts):
        p = os.path.join(self.work, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def fresh_dir(self, *parts):
        p = os.path.join(self.work, *parts)
        shutil.rmtree(p, ignore_errors=True)
        os.makedirs(p)
        return p

    def run(self, cmd, env=None, timeout=600, check=True, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
            input=None):
        """Runs @cmd; returns (wall seconds, CompletedProcess)."""
        env = env if env is not None else self.env
        t = time.perf_counter()
        try:
            p = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, text=True,
                               stdin=None if input is not None else stdin, input=input)
        except subprocess.TimeoutExpired as e:
            raise MeasureError(f"{os.path.basename(cmd[0])} took longer than {timeout} s") from e
        wall = time.perf_counter() - t
        if check and p.returncode != 0:
            tail = (p.stderr or "").strip().splitlines()[-5:]
            raise MeasureError(f"{' '.join(os.path.basename(c) if i == 0 else c for i, c in enumerate(cmd[:4]))}"
                               f" exited with {p.returncode}: {' / '.join(tail)}")
        return wall, p

    def app_env(self, name, data_dir=None, **extra):
        """Environment for one Kinema run with its own data, clips and cache."""
        env = dict(self.env)
        env["KINEMA_DATA_DIR"] = data_dir or self.path("app", name, "data", ".")
        env["KINEMA_CLIPS_DIR"] = self.path("app", name, "clips", ".")
        env["KINEMA_CACHE_DIR"] = self.path("app", name, "cache", ".")
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def add_row(self, num, name, ours, base, ratio, goal, ok, note=""):
        result = "PASS" if ok else "MISS"
        self.rows.append((num, name, ours, base, ratio, goal, result))
        say(f"  => {name}: {ours} vs {base}; ratio {ratio}; goal {goal}: {result}" + (f" ({note})" if note else ""))

    def add_error(self, num, name, error):
        self.rows.append((num, name, "—", "—", "—", "—", "ERROR"))
        self.errors.append(f"{num} {name}: {error}")
        say(f"  => {name}: could not measure: {error}")

    def start_mock(self, *args):
        p = subprocess.Popen([self.mock, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, text=True, env=self.env)
        self.mocks.append(p)
        url = p.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise MeasureError(f"kinema-mock-server did not start ({url!r})")
        return url

    def stop_mocks(self):
        for p in self.mocks:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        self.mocks = []

    def big_mock_url(self):
        if not hasattr(self, "_big_url"):
            base = self.start_mock("--step", "0.05", "--video", self.big_file)
            _, p = self.run([self.prog("bench-download"), "task", base + "/modelstream", "modelstream",
                             "kinema-test-key"], timeout=180)
            self._big_url = p.stdout.strip().splitlines()[-1]
        return self._big_url

    # ---- inputs --------------------------------------------------------

    def ffmpeg_clip(self, out, size, seconds, vf=None):
        if os.path.exists(out):
            return
        src = f"testsrc2=size={size}:rate=24:duration={seconds}"
        if vf:
            src += "," + vf
        self.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", src,
                  "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
                  out + ".tmp.mp4"], timeout=300)
        os.rename(out + ".tmp.mp4", out)

    @staticmethod
    def write_png(path, width, height, seed):
        """An RGB PNG of noise (it does not compress), so the file is ~3 bytes a pixel."""
        rng = random.Random(seed)
        raw = bytearray()
        row = width * 3
        noise = rng.randbytes(row * 64)
        for y in range(height):
            raw.append(0)
            start = (y * 7919 % 64) * row
            raw += noise[start:start + row]
        # Rows repeat every 64 lines only with a shift, which zlib's 32 KB window does not see.
        data = zlib.compress(bytes(raw), 1)

        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", data))
            f.write(chunk(b"IEND", b""))

    def make_inputs(self):
        say("Making the inputs")
        t = time.perf_counter()
        os.makedirs(self.media, exist_ok=True)
        # The clip the thumbnail figures are about: 10 s of 1080p H.264 (x264's defaults: one GOP).
        self.hd_clips = []
        for i, vf in enumerate([None, "hue=h=120", "hflip,hue=h=240"]):
            out = os.path.join(self.media, f"hd-{i}.mp4")
            self.ffmpeg_clip(out, "1920x1080", 10, vf)
            self.hd_clips.append(out)
        # Small clips the library and the load point at.
        self.small_clips = []
        for i, vf in enumerate([None, "hue=h=90", "vflip"]):
            out = os.path.join(self.media, f"small-{i}.mp4")
            self.ffmpeg_clip(out, "1280x720", 3, vf)
            self.small_clips.append(out)

        self.big_file = os.path.join(self.media, "result-200mb.mp4")
        if not os.path.exists(self.big_file) or os.path.getsize(self.big_file) != 200 * MB:
            with open(self.big_file + ".tmp", "wb") as f:
                rng = random.Random(200)
                block = rng.randbytes(4 * MB)
                for i in range(50):
                    f.write(block[i:] + block[:i])
            os.rename(self.big_file + ".tmp", self.big_file)

        self.images = []
        for i, (w, h) in enumerate([(1920, 1700), (1700, 1920)]):
            out = os.path.join(self.media, f"image-{i}.png")
            if not os.path.exists(out):
                self.write_png(out, w, h, i)
            self.images.append(out)

        # The library of 10,000 clips, in one transaction.
        self.library_dir = os.path.join(self.work, "library-10k")
        db = os.path.join(self.library_dir, "library.db")
        if not os.path.exists(db):
            os.makedirs(self.library_dir, exist_ok=True)
            wall, p = self.run([self.prog("bench-make-library"), db, str(LIBRARY_CLIPS), *self.small_clips])
            say(f"  library: {p.stdout.strip()} ({wall:.1f} s with the process)")
        self.library_db = db

        sizes = ", ".join(f"{os.path.basename(p)} {os.path.getsize(p) / MB:.1f} MB"
                          for p in self.hd_clips[:1] + self.small_clips[:1] + [self.big_file] + self.images)
        say(f"  inputs ready in {time.perf_counter() - t:.1f} s: {sizes}")

    # ---- 1. startup -----------------------------------------------------

    def first_frame(self, cmd, env):
        env = dict(env, KINEMA_BENCH_FIRST_FRAME="1", KINEMA_BENCH_T0_NS=str(time.time_ns()))
        _, p = self.run(cmd, env=env, timeout=120)
        v = kv(p.stdout).get("first-frame-us")
        if v is None:
            raise MeasureError(f"{os.path.basename(cmd[0])} printed no first-frame-us")
        return int(v) / 1e6

    def metric_startup(self):
        say("\n[1] Exec to first frame drawn (Xvfb, GSK_RENDERER=cairo)")
        runs = 5 if self.quick else 15
        configs = {
            "hello": ([self.prog("bench-hello")], self.env),
            "empty": ([self.kinema], self.app_env("startup-empty")),
            "10k": ([self.kinema], self.app_env("startup-10k", data_dir=self.library_dir)),
        }
        times = {k: [] for k in configs}
        for i in range(2 + runs):
            for name, (cmd, env) in configs.items():
                t = self.first_frame(cmd, env)
                if i >= 2:
                    times[name].append(t)
        med = {k: median(v) for k, v in times.items()}
        for k, v in times.items():
            say(f"  {k:6s} median {fmt_ms(med[k])}, range {fmt_ms(min(v))} .. {fmt_ms(max(v))} ({len(v)} runs)")
        for num, name, key in (("1a", "startup, empty library", "empty"),
                               ("1b", f"startup, {LIBRARY_CLIPS:,} clips", "10k")):
            ratio = med[key] / med["hello"]
            self.add_row(num, name, fmt_ms(med[key]), f"{fmt_ms(med['hello'])} (bare Adw)", f"{ratio:.2f}×",
                         "≤ 1.30×", ratio <= 1.30)

    # ---- 2. thumbnails --------------------------------------------------

    def thumb_ours(self, files):
        cache = self.fresh_dir("thumbs", "cache")
        wall, p = self.run([self.prog("bench-thumbs"), cache, "320", *files], timeout=1800)
        v = kv(p.stdout)
        if int(v.get("thumbs-ok", 0)) != len(files):
            raise MeasureError(f"bench-thumbs made {v.get('thumbs-ok')} of {len(files)} thumbnails")
        return wall

    def thumb_cmd(self, tool, video, out):
        if tool == "ffmpegthumbnailer":
            return ["ffmpegthumbnailer", "-i", video, "-o", out, "-s", "320"]
        return ["totem-video-thumbnailer", "-s", "320", video, out]

    def thumb_tool(self, tool, files, parallel):
        out_dir = self.fresh_dir("thumbs", tool)

        def one(i_video):
            i, video = i_video
            out = os.path.join(out_dir, f"{i}.png")
            self.run(self.thumb_cmd(tool, video, out), timeout=300)
            if not os.path.exists(out):
                raise MeasureError(f"{tool} wrote no thumbnail for {video}")

        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(one, enumerate(files)))
        return time.perf_counter() - t

    def metric_thumbnails(self):
        say("\n[2] Thumbnails (320 px wide) of 10 s 1080p H.264 clips")
        tools = ["ffmpegthumbnailer", "totem-video-thumbnailer"]
        clip = self.hd_clips[0]

        # Cold: a new process, an empty thumbnail cache; the file itself is in the page cache for all.
        reps = 3 if self.quick else 9
        cold = {k: [] for k in ["ours"] + tools}
        for i in range(reps + 1):
            samples = {"ours": self.thumb_ours([clip])}
            for tool in tools:
                samples[tool] = self.thumb_tool(tool, [clip], 1)
            if i > 0:
                for k, v in samples.items():
                    cold[k].append(v)
        med = {k: median(v) for k, v in cold.items()}
        say("  one clip, one process each, median of %d: %s" %
            (reps, ", ".join(f"{k} {fmt_ms(v)}" for k, v in med.items())))
        best = min(tools, key=lambda k: med[k])
        ratio = med["ours"] / med[best]
        self.add_row("2a", "thumbnail, 1 clip, cold process", fmt_ms(med["ours"]), f"{fmt_ms(med[best])} ({best})",
                     f"{ratio:.2f}×", "≤ 1.00×", ratio <= 1.0)

        # A batch of distinct files: copies with their own names and times.
        n = 30 if self.quick else 100
        batch_dir = os.path.join(self.work, "thumbs", "batch")
        if not os.path.isdir(batch_dir) or len(os.listdir(batch_dir)) != n:
            shutil.rmtree(batch_dir, ignore_errors=True)
            os.makedirs(batch_dir)
            for i in range(n):
                dest = os.path.join(batch_dir, f"clip-{i:03d}.mp4")
                shutil.copyfile(self.hd_clips[i % len(self.hd_clips)], dest)
                os.utime(dest, (1700000000 + i * 60, 1700000000 + i * 60))
        files = sorted(os.path.join(batch_dir, f) for f in os.listdir(batch_dir))
        reps = 1 if self.quick else 2
        batch = {"ours": []}
        for _ in range(reps):
            batch["ours"].append(self.thumb_ours(files))
            for tool in tools:
                for parallel in (1, 2):
                    batch.setdefault(f"{tool} -P{parallel}", []).append(self.thumb_tool(tool, files, parallel))
        med = {k: median(v) for k, v in batch.items()}
        say(f"  {n} files: ours in one process (2 workers); the others one process per file,"
            f" 1 or 2 at a time; median of {reps}:")
        for k, v in med.items():
            say(f"    {k:30s} {v:6.2f} s  ({v / n * 1000:.0f} ms a file)")
        best = min((k for k in med if k != "ours"), key=lambda k: med[k])
        ratio = med["ours"] / med[best]
        self.add_row("2b", f"thumbnails, batch of {n}", f"{med['ours']:.2f} s", f"{med[best]:.2f} s ({best})",
                     f"{ratio:.2f}×", "≤ 1.00×", ratio <= 1.0)

    # ---- 3. download ----------------------------------------------------

    def metric_download(self):
        say("\n[3] Download of a 200 MB result from kinema-mock-server on loopback")
        url = self.big_mock_url()
        dest = self.path("download", "result.mp4")
        reps = 3 if self.quick else 7
        ours, curl, curl_sync = [], [], []
        for i in range(reps + 1):
            _, p = self.run([self.prog("bench-download"), "get", url, dest], timeout=600)
            v = kv(p.stdout)
            if int(v.get("bytes", 0)) != 200 * MB:
                raise MeasureError(f"kinema_download_async fetched {v.get('bytes')} bytes")
            os.unlink(dest)
            t = time.perf_counter()
            _, p = self.run(["curl", "-s", "-S", "-o", dest, "-w", "%{size_download} %{time_total}", url], timeout=600)
            size, seconds = p.stdout.split()
            fd = os.open(dest, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
            with_sync = time.perf_counter() - t
            os.unlink(dest)
            if int(size) != 200 * MB:
                raise MeasureError(f"curl fetched {size} bytes")
            if i > 0:
                ours.append(float(v["seconds"]))
                curl.append(float(seconds))
                curl_sync.append(with_sync)
        o, c, cs = (200 / median(x) for x in (ours, curl, curl_sync))
        say(f"  median of {reps}: kinema_download_async {o:.0f} MB/s ({fmt_ms(median(ours))}), "
            f"curl -o {c:.0f} MB/s ({fmt_ms(median(curl))}); "
            f"curl -o then fsync (what the download does too) {cs:.0f} MB/s ({fmt_ms(median(curl_sync))})")
        ratio = o / c
        self.add_row("3", "download 200 MB, loopback", f"{o:.0f} MB/s", f"{c:.0f} MB/s (curl)", f"{ratio:.2f}×",
                     "≥ 0.90×", ratio >= 0.9)

    # ---- 4. main-loop stalls under load --------------------------------

    def app_load(self, name, spec, extra):
        env = self.app_env(name, data_dir=self.fresh_dir("app", name, "data"), KINEMA_WATCHDOG="1",
                           KINEMA_BENCH_LOAD=spec, **extra)
        self.fresh_dir("app", name, "clips")
        self.fresh_dir("app", name, "cache")
        if os.environ.get("KINEMA_WATCHDOG_STACKS"):
            env["KINEMA_WATCHDOG_STACKS"] = os.environ["KINEMA_WATCHDOG_STACKS"]
        wall, p = self.run([self.kinema], env=env, timeout=900)
        if os.environ.get("KINEMA_WATCHDOG_STACKS"):
            log = self.path("app", name, "stderr.log")
            with open(log, "w") as f:
                f.write(p.stderr)
            say(f"  stall stacks of the {name} run: {log}")
        v = kv(p.stdout)
        if "watchdog-max-us" not in v:
            raise MeasureError(f"the load run printed no watchdog report: {p.stderr.strip()[-300:]}")
        return wall, v, p.stdout

    def metric_stalls(self):
        say("\n[4] Worst main-loop stall (1 ms watchdog) under load: the 200 jobs are submitted 10 ms apart"
            " (4c), then, while they poll, the downloads and thumbnails start (4a, 4b: until all is over)")
        _, idle, _ = self.app_load("idle", "idle:5", {})
        say(f"  idle window, 5 s: max {int(idle['watchdog-max-us']) / 1000:.1f} ms, "
            f"p99 {int(idle['watchdog-p99-us']) / 1000:.2f} ms")

        # 6 s a stage: a job stays in flight about 18 s, polled every 0.5 s (KINEMA_POLL_SCALE=0.1).
        jobs_url = self.start_mock("--step", "6.0")
        dl_url = self.big_mock_url()
        thumbs_dir = os.path.join(self.work, "load-videos")
        n_thumbs = 500
        if not os.path.isdir(thumbs_dir) or len(os.listdir(thumbs_dir)) != n_thumbs:
            shutil.rmtree(thumbs_dir, ignore_errors=True)
            os.makedirs(thumbs_dir)
            for i in range(n_thumbs):
                # Hard links: the thumbnail cache tells them apart by path.
                os.link(self.small_clips[i % len(self.small_clips)], os.path.join(thumbs_dir, f"v{i:03d}.mp4"))
        spec = f"jobs:200,downloads:10,thumbs:{n_thumbs}"
        extra = {
            "KINEMA_POLL_SCALE": "0.1",
            "KINEMA_BENCH_MOCK_URL": jobs_url + "/modelstream",
            "KINEMA_BENCH_MOCK_DIALECT": "modelstream",
            "KINEMA_BENCH_MOCK_KEY": "kinema-test-key",
            "KINEMA_BENCH_DOWNLOAD_URL": dl_url,
            "KINEMA_BENCH_DOWNLOAD_DIR": self.fresh_dir("load-downloads"),
            "KINEMA_BENCH_THUMBS_DIR": thumbs_dir,
            "KINEMA_BENCH_THUMBS_CACHE": self.fresh_dir("load-thumbs"),
        }
        wall, v, out = self.app_load("load", spec, extra)
        for line in out.splitlines():
            if line.startswith(("submit-", "load-", "watchdog-worst", "watchdog-histogram")):
                say("  " + line)
        shutil.rmtree(os.path.join(self.work, "load-downloads"), ignore_errors=True)
        ok_load = (v.get("load-timed-out") == "0" and v.get("load-jobs-done") == "200" and
                   v.get("load-downloads-ok") == "10" and v.get("load-thumbs-ok") == str(n_thumbs))
        if not ok_load:
            raise MeasureError("the load did not complete (see the load- lines above)")
        mx, p99 = int(v["watchdog-max-us"]) / 1000, int(v["watchdog-p99-us"]) / 1000
        self.add_row("4a", f"worst stall, {spec}", f"{mx:.1f} ms",
                     f"{int(idle['watchdog-max-us']) / 1000:.1f} ms (idle)", f"{mx / 8:.1f}× goal", "< 8 ms", mx < 8)
        self.add_row("4b", "p99 stall, same load", f"{p99:.2f} ms",
                     f"{int(idle['watchdog-p99-us']) / 1000:.2f} ms (idle)", f"{p99 / 8:.1f}× goal", "< 8 ms", p99 < 8)
        smx = int(v["submit-watchdog-max-us"]) / 1000
        self.add_row("4c", "worst stall, submitting the 200 jobs", f"{smx:.1f} ms",
                     f"{int(idle['watchdog-max-us']) / 1000:.1f} ms (idle)", f"{smx / 8:.1f}× goal", "< 8 ms", smx < 8)

    # ---- 5. RSS after scrolling -----------------------------------------

    def scroll_rss(self, name, data_dir, pages):
        env = self.app_env(name, data_dir=data_dir, KINEMA_BENCH_SCROLL=str(pages))
        wall, p = self.run([self.kinema], env=env, timeout=900)
        v = kv(p.stdout)
        if "rss-kb" not in v:
            raise MeasureError(f"the scroll run printed no rss-kb: {p.stderr.strip()[-300:]}")
        say(f"  {name}: {v['scroll-items']} items, {v['scroll-steps']} steps of {pages} page(s) in"
            f" {v['scroll-seconds']} s; RSS {int(v['rss-start-kb']) / 1024:.0f} MiB at the first frame,"
            f" {int(v['rss-kb']) / 1024:.0f} MiB at the end (peak {int(v['hwm-kb']) / 1024:.0f});"
            f" anonymous {int(v['anon-kb']) / 1024:.0f} MiB, of which malloc in use"
            f" {int(v.get('malloc-used-kb', 0)) / 1024:.0f} MiB and malloc free but kept"
            f" {int(v.get('malloc-free-kb', 0)) / 1024:.0f} MiB")
        return int(v["rss-kb"]), int(v["scroll-items"])

    def metric_rss(self):
        say("\n[5] RSS after scrolling the gallery end to end, settled 2 s")
        # Full: every row is bound on the way (about 4 minutes); quick: 8 pages a frame.
        pages = 8 if self.quick else 1
        empty_dir = self.fresh_dir("app", "rss-empty", "data")
        empty, full = [], []
        for _ in range(1):
            empty.append(self.scroll_rss("rss-empty", empty_dir, pages)[0])
            rss, items = self.scroll_rss("rss-10k", self.library_dir, pages)
            if items < LIBRARY_CLIPS:
                raise MeasureError(f"the gallery showed {items} of {LIBRARY_CLIPS} clips")
            full.append(rss)
        e, f = median(empty) / 1024, median(full) / 1024
        self.add_row("5", f"RSS, {LIBRARY_CLIPS:,} clips scrolled", f"+{f - e:.0f} MiB ({f:.0f} MiB)",
                     f"{e:.0f} MiB (empty library)", f"{f / e:.2f}×", "≤ +100 MB", (f - e) * 1024 * 1024 <= 100 * MB)

    # ---- 6. search ------------------------------------------------------

    @staticmethod
    def fts_query(text):
        """What kinema-library.c's fts_query_from_text makes of a query."""
        words = [w for w in re.split(r"[ \t\n\r]", text) if w]
        return " ".join('"' + w.replace('"', '""') + '"*' for w in words)

    def sqlite_seconds(self, script):
        best = None
        for _ in range(3):
            wall, _ = self.run(["sqlite3", "-batch", self.library_db], input=script, stdout=subprocess.DEVNULL)
            best = wall if best is None else min(best, wall)
        return best

    def metric_search(self):
        say(f"\n[6] Full-text prompt search over {LIBRARY_CLIPS:,} clips (warm), the way the gallery searches:"
            " the matching ids, newest first, then the first page of them as jobs")
        queries = ["fox", "rainy paris", "samurai monastery", "jellyfish slow motion"]
        reps = 30 if self.quick else 100
        _, p = self.run([self.prog("bench-search"), self.library_db, str(reps), *queries])
        ours, pages, last = {}, {}, None
        for line in p.stdout.splitlines():
            m = re.match(r"query=(.*) results=(\d+) page=(\d+) mean-us=(\d+) median-us=\d+ all-mean-us=(\d+)", line)
            if m:
                last = m.group(1)
                ours[last] = (int(m.group(2)), int(m.group(3)), int(m.group(4)) / 1e6, int(m.group(5)) / 1e6)
            elif line.startswith("page-ids=") and last is not None:
                pages[last] = [i for i in line[len("page-ids="):].split(",") if i]
        if set(ours) != set(queries) or set(pages) != set(queries):
            raise MeasureError(f"bench-search printed results for {sorted(ours)} of {queries}")
        # The same statements kinema_library_list_job_ids and _get_jobs_by_ids prepare.
        columns = ("j.id, j.provider_id, j.request_json, j.state, j.remote_task_id, j.poll_hint, j.result_url,"
                   " j.created, j.updated, j.submitted, j.attempts, j.error_code, j.error_message,"
                   " j.price_estimate, j.price_actual,"
                   " c.id, c.path, c.duration_ms, c.size, c.width, c.height, c.fps, c.has_audio, c.warnings,"
                   " c.favourite, c.created")
        cli = {}
        for q in queries:
            fts = self.fts_query(q).replace("'", "''")
            ids_sql = ("SELECT j.id FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                       f" WHERE 1 AND j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH '{fts}')"
                       " ORDER BY j.created DESC, j.rowid DESC;\n")
            in_list = ", ".join("'" + i.replace("'", "''") + "'" for i in pages[q])
            page_sql = (f"SELECT {columns} FROM jobs j LEFT JOIN clips c ON c.job_id = j.id"
                        f" WHERE j.id IN ({in_list});\n")
            sql = ids_sql + page_sql
            # The same process with one warm-up search and with REPS more: the difference is REPS warm searches.
            one = self.sqlite_seconds(sql)
            many = self.sqlite_seconds(sql * (reps + 1))
            cli[q] = max(0.0, (many - one) / reps)
        for q in queries:
            n, page, mean, all_mean = ours[q]
            say(f"  {q!r:24s} {n:4d} results, first page {page:3d}: ours {mean * 1000:5.2f} ms,"
                f" sqlite3 CLI {cli[q] * 1000:5.2f} ms (every match as a job, which the app never loads at once:"
                f" {all_mean * 1000:5.2f} ms)")
        o, c = sum(v[2] for v in ours.values()), sum(cli.values())
        ratio = o / c
        self.add_row("6", f"search, {len(queries)} queries", fmt_ms(o), f"{fmt_ms(c)} (sqlite3 CLI)", f"{ratio:.2f}×",
                     "≤ 1.50×", ratio <= 1.5)

    # ---- 7. images ------------------------------------------------------

    def metric_images(self):
        say("\n[7] Preparing two 10 MB images (check + base64)")
        reps = 10 if self.quick else 30
        _, p = self.run([self.prog("bench-image"), str(reps), *self.images])
        v = kv(p.stdout)
        if v.get("problems") != "0":
            raise MeasureError(f"kinema_image_check found {v.get('problems')} problems in the test images")
        ours = float(v["median-ms"]) / 1000
        base = []
        for i in range(reps + 1):
            total = 0
            for img in self.images:
                wall, _ = self.run(["base64", "-w0", img], stdout=subprocess.DEVNULL)
                total += wall
            if i > 0:
                base.append(total)
        b = median(base)
        say(f"  median of {reps}: ours {fmt_ms(ours)} in-process; base64 -w0 {fmt_ms(b)} (two processes)")
        ratio = ours / b
        self.add_row("7", "two 10 MB images to base64", fmt_ms(ours), f"{fmt_ms(b)} (base64)", f"{ratio:.2f}×",
                     "≤ 1.50×", ratio <= 1.5)

    # ---- 8. crash test --------------------------------------------------

    def metric_crash(self):
        kills = 50 if self.quick else 1000
        say(f"\n[8] Crash test: {kills} SIGKILLs (tests/crash-test.py)")
        env = dict(self.env)
        wall, p = self.run([sys.executable, os.path.join(self.src, "tests", "crash-test.py"),
                            "--cli", self.cli, "--mock", self.mock, "--jobs", "8", "--kills", str(kills)],
                           env=env, timeout=3600, check=False)
        out = p.stdout
        for line in out.splitlines():
            say("  " + line)
        m_acc = re.search(r"accepted (\d+), in library (\d+)", out)
        m_dup = re.search(r"duplicates (\d+)", out)
        m_clips = re.search(r"clips (\d+), done (\d+)", out)
        m_bad = re.search(r"(\d+) complete, (\d+) bad", out)
        m_lost = re.search(r"(\d+) jobs with an unknown outcome and no task id", out)
        if not (m_acc and m_dup and m_clips and m_bad and m_lost):
            raise MeasureError(f"crash-test.py printed no figures (exit {p.returncode}): {p.stderr.strip()[-300:]}")
        accepted, in_library = int(m_acc.group(1)), int(m_acc.group(2))
        # Paid for but not in the library, or in the library with an unknown outcome and no task id.
        lost = max(0, accepted - in_library) + int(m_lost.group(1))
        dup = int(m_dup.group(1))
        # Clip files that are not complete.
        bad = int(m_bad.group(2))
        # Journal rows that contradict each other: a stored clip whose job is not "done", or a task id
        # the provider never gave.
        inconsistent = abs(int(m_clips.group(1)) - int(m_clips.group(2))) + max(0, in_library - accepted)
        failed = [line.split(":")[0][6:] for line in out.splitlines() if line.startswith("FAIL")]
        jobs = re.search(r"seed (\d+): (\d+) jobs, (\d+) kills", out)
        say(f"  {wall / 60:.1f} min" + (f"; to replay: tests/crash-test.py --jobs 8 --kills {kills} --seed"
                                        f" {jobs.group(1)}" if jobs else ""))
        self.add_row("8", f"crash test, {kills} kills" + (f", {jobs.group(2)} jobs" if jobs else ""),
                     f"lost {lost}, dup {dup}, corrupt {bad}, inconsistent {inconsistent}", "—", "—", "all 0",
                     lost == 0 and dup == 0 and bad == 0 and inconsistent == 0 and p.returncode == 0,
                     note=("failed checks: " + "; ".join(failed)) if failed else "")

    # ---- all ------------------------------------------------------------

    def summary(self):
        order = {"1a": 0, "1b": 1, "2a": 2, "2b": 3, "3": 4, "4a": 5, "4b": 6, "4c": 7, "5": 8, "6": 9, "7": 10,
                 "8": 11}
        rows = sorted(self.rows, key=lambda r: order.get(r[0], 99))
        head = ("#", "metric", "ours", "baseline (same run)", "ratio", "goal", "result")
        widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
        line = "+".join("-" * (w + 2) for w in widths)
        mode = "quick" if self.quick else "full"
        say(f"\nSummary ({mode} run, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs)")
        say(line)
        say("|".join(f" {h:{w}s} " for h, w in zip(head, widths)))
        say(line)
        for r in rows:
            say("|".join(f" {str(c):{w}s} " for c, w in zip(r, widths)))
        say(line)
        counts = {k: sum(1 for r in rows if r[6] == k) for k in ("PASS", "MISS", "ERROR")}
        say(f"{counts['PASS']} pass, {counts['MISS']} miss, {counts['ERROR']} not measured")

    def main(self):
        started = time.perf_counter()
        metrics = [
            ("1", "startup", self.metric_startup),
            ("5", "rss", self.metric_rss),
            ("2", "thumbnails", self.metric_thumbnails),
            ("3", "download", self.metric_download),
            ("4", "stalls", self.metric_stalls),
            ("6", "search", self.metric_search),
            ("7", "images", self.metric_images),
            ("8", "crash test", self.metric_crash),
        ]
        only = set(self.args.only.split(",")) if self.args.only else None
        try:
            self.make_inputs()
        except MeasureError as e:
            say(f"bench: could not make the inputs: {e}")
            return 1
        try:
            for num, name, func in metrics:
                if only and num not in only:
                    continue
                try:
                    func()
                except MeasureError as e:
                    self.add_error(num, name, e)
        finally:
            self.stop_mocks()
        self.summary()
        say(f"bench took {(time.perf_counter() - started) / 60:.1f} min")
        for e in self.errors:
            say(f"not measured: {e}")
        return 1 if self.errors else 0


def main():
    ap = argparse.ArgumentParser(description="build-aux/bench's measurements")
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", help="comma-separated metric numbers (1-8)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    return Bench(args).main()


if __name__ == "__main__":
    sys.exit(main())
