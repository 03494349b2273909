#!/usr/bin/env python3
"""Measures dossier against its peers (less, wc, fzf) in one run and prints a table.

Every figure is either a ratio to a peer measured in the same run or a count that does not
depend on the clock (bytes written), because the machines here are shared and noisy.

    python3 tests/bench/perf.py [--files 4000] [--runs 5] [--no-build] [--only first-frame]

`--only first-frame` runs just the first row (embedded articles against less), without
generating the corpus, and also prints each program's spread and the load average;
`--dossier PATH` measures another build (say, one from before a change) in the same way.

It builds the release binary, generates the corpus with gen_corpus.py (deterministic), and
runs every program in a pseudo-terminal of 100x30 where a screen is involved; it also types
queries key by key into the reader's search box and times each key to the frame with its results.
"""

import argparse
import bisect
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOSSIER = os.path.join(ROOT, "target", "release", "dossier")
FRAME_END = b"\x1b[?2026l"  # dossier wraps every frame in synchronized output
SEED = os.path.join(ROOT, "seeds", "000_62cb00c47d0ac6d3.txt")
# dossier resumes where it was last left and reads the user's config: each measure gets
# its own state and an empty config, so that no earlier run (a scroll saves its position)
# and nothing of the user's changes what the next one does.
HOMES = tempfile.TemporaryDirectory(prefix="dossier-bench-")


def dossier_pty(args, purpose):
    home = os.path.join(HOMES.name, purpose)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor",
               XDG_STATE_HOME=os.path.join(home, "state"), XDG_CONFIG_HOME=os.path.join(home, "config"))
    return Pty([DOSSIER, *args], env=env)


class Pty:
    """A program in a pseudo-terminal of the given size, read without blocking."""

    def __init__(self, argv, cols=100, rows=30, env=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvpe(argv[0], argv, env or dict(os.environ, TERM="xterm-256color"))
            except OSError as e:
                print(f"{argv[0]}: {e}", file=sys.stderr)
            os._exit(127)  # never a second harness: no cleanup, no table
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        # A bytearray grows in place: `bytes +=` copied the whole output on every read,
        # which over a long typing run cost the harness more than dossier's frames.
        self.out = bytearray()
        self.chunks = []  # (offset just past a chunk read, when it was read)

    def _take(self, wait):
        """Takes what arrives within `wait` seconds; False once the program has gone."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self.out += chunk
        self.chunks.append((len(self.out), time.perf_counter()))
        return bool(chunk)

    def arrival(self, offset):
        """When the byte at `offset` of the output was read."""
        at = bisect.bisect_right(self.chunks, offset, key=lambda c: c[0])
        return self.chunks[at][1]

    def read_until(self, predicate, timeout=20.0):
        """Reads until predicate(bytes so far) holds; returns seconds taken."""
        start = time.perf_counter()
        while not predicate(self.out):
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"waited {timeout}s; got {self.out[-200:]!r}")
            if not self._take(left):
                raise RuntimeError(f"the program ended first; it wrote {self.out[-300:]!r}")
        return time.perf_counter() - start

    def quiet_bytes(self, window):
        """Bytes written during `window` seconds of no input."""
        before = len(self.out)
        end = time.perf_counter() + window
        while (left := end - time.perf_counter()) > 0:
            if not self._take(left):
                break
        return len(self.out) - before

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def first_frame_dossier(args):
    # The same state every time: the first run leaves the reader at the top, the rest resume there.
    p = dossier_pty(args, "first-frame")
    t = p.read_until(lambda out: FRAME_END in out)
    p.close()
    return t


def first_frame_less(path):
    name = os.path.basename(path).encode()
    p = Pty(["less", path], env=dict(os.environ, TERM="xterm-256color", LESS=""))
    # less draws the page, then its prompt (the file name) on the last line.
    t = p.read_until(lambda out: name in out)
    p.close()
    return t


def scroll_bytes_dossier():
    p = dossier_pty([], "scroll")
    p.read_until(lambda out: FRAME_END in out)
    p.send(b"3")  # focus the text pane
    p.read_until(lambda out: out.count(FRAME_END) >= 2)
    idle = p.quiet_bytes(1.0)
    before = len(p.out)
    p.send(b"j")
    p.read_until(lambda out: out.count(FRAME_END) >= 3)
    scrolled = len(p.out) - before
    p.close()
    return scrolled, idle


def scroll_bytes_less():
    p = Pty(["less", SEED], env=dict(os.environ, TERM="xterm-256color", LESS=""))
    p.read_until(lambda out: os.path.basename(SEED).encode() in out)
    p.quiet_bytes(0.5)
    idle = p.quiet_bytes(1.0)
    before = len(p.out)
    p.send(b"j")
    p.quiet_bytes(0.5)
    scrolled = len(p.out) - before
    p.close()
    return scrolled, idle


# Typed one key at a time into the reader's `/` box (a lone `!` shows an error, no search).
TYPED = ["nasal spray", "suicidal", "alcohol cravings", "dissociaton", "side effects !nausea",
         "long-term safety", "cost | insurance", "heart rate"]


def keystroke_latency(corpus):
    """Seconds from each key typed into the search box to the frame showing its results.

    A key that starts a search draws two frames: the echo (the status line says
    "searching…") and then the results; a key that cannot run (a lone `!`) draws one."""
    p = dossier_pty([corpus], "typing")
    p.read_until(lambda out: FRAME_END in out, timeout=30)
    p.send(b"/")
    # "indexing…" until the index is built, then the hint (whose `'exact` lands on blanks).
    p.read_until(lambda out: b"'exact" in out, timeout=60)
    times = []
    for query in TYPED:
        for c in query:
            mark = len(p.out)
            sent = time.perf_counter()
            p.send(c.encode())
            p.read_until(lambda out: FRAME_END in out[mark:])
            echo_end = p.out.index(FRAME_END, mark) + len(FRAME_END)
            if b"searching" in p.out[mark:echo_end]:
                p.read_until(lambda out: FRAME_END in out[echo_end:])
            else:
                # Most likely a query that cannot run; but the screen diff may have split the
                # word where the old status line had the same letters: wait a little for a
                # results frame anyway.
                try:
                    p.read_until(lambda out: FRAME_END in out[echo_end:], timeout=0.3)
                except TimeoutError:
                    pass
            end = p.out.rindex(FRAME_END)
            times.append(p.arrival(end) - sent)
        mark = len(p.out)
        p.send(b"\x15")  # Ctrl-U empties the line: one frame, no search
        p.read_until(lambda out: FRAME_END in out[mark:])
    p.close()
    return times


def timed(argv, stdin=None, shell=False):
    """Wall seconds and the child's peak RSS in bytes (fresh process each call)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, shell=shell)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss * 1024


def median_of(runs, fn):
    return statistics.median(fn() for _ in range(runs))


# The first frames differ by fractions of a millisecond: more runs than the other rows.
FIRST_FRAME_RUNS = 61


def first_frames(runs):
    """dossier's and less's first frames, the two taking turns so that load hits both alike."""
    # One untimed run each first: every timed dossier run then resumes the same state file.
    first_frame_dossier([])
    first_frame_less(SEED)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(first_frame_dossier([]))
        theirs.append(first_frame_less(SEED))
    return ours, theirs


def first_frame_only(runs):
    """The first row alone."""
    load_before = os.getloadavg()[0]
    ours, theirs = first_frames(runs)
    load_after = os.getloadavg()[0]

    def spread(times):
        ms = sorted(t * 1000 for t in times)
        return f"median {statistics.median(ms):5.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f})"

    print(f"first frame, 100x30, {runs} runs each; load average {load_before:.1f} -> {load_after:.1f}")
    print(f"  dossier (embedded articles): {spread(ours)}")
    print(f"  less (one article):          {spread(theirs)}")
    ok = statistics.median(ours) <= statistics.median(theirs)
    print("  target ≤ less: " + ("met" if ok else "MISSED"))
    return 0 if ok else 1


def corpus_files(corpus):
    files = []
    for dirpath, _, names in os.walk(corpus):
        files += [os.path.join(dirpath, n) for n in names if n.endswith(".txt")]
    return sorted(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=4000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--dossier", help="the binary to measure (default: the release build)")
    ap.add_argument("--only", choices=["first-frame"],
                    help="run one row: first-frame = embedded articles against less")
    args = ap.parse_args()
    if args.dossier:
        global DOSSIER
        DOSSIER = os.path.abspath(args.dossier)
        args.no_build = True

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.only == "first-frame":
        return first_frame_only(args.runs)
    corpus = os.environ.get("DOSSIER_BENCH_CORPUS", f"/tmp/dossier-bench-corpus-{args.files}")
    files = corpus_files(corpus) if os.path.isdir(corpus) else []
    if len(files) != args.files:
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "bench", "gen_corpus.py"),
                        corpus, "--files", str(args.files)], check=True)
        files = corpus_files(corpus)
    corpus_bytes = sum(os.path.getsize(f) for f in files)
    mb = corpus_bytes / 1e6
    runs = args.runs
    rows = []

    def row(measure, peer, ours, theirs, target, ok):
        rows.append((measure, peer, ours, theirs, target, "met" if ok else "MISSED"))

    # Warm the page cache so every program reads from memory.
    subprocess.run(["cat", *files[:1]], stdout=subprocess.DEVNULL)
    subprocess.run(f"cat {corpus}/*.txt > /dev/null 2>&1 || find {corpus} -name '*.txt' -exec cat {{}} + > /dev/null",
                   shell=True)

    ours, theirs = map(statistics.median, first_frames(max(runs, FIRST_FRAME_RUNS)))
    row("first frame, embedded articles, 100x30", "less, one article",
        f"{ours*1000:.1f} ms", f"{theirs*1000:.1f} ms", "≤ less", ours <= theirs)

    ours = median_of(max(1, runs // 2), lambda: first_frame_dossier([corpus]))
    row(f"first frame, {len(files)} articles ({mb:.0f} MB)", "—", f"{ours*1000:.0f} ms", "", "≤ 1 s", ours <= 1.0)

    wall = median_of(runs, lambda: timed([DOSSIER, "outline", "--json", corpus])[0])
    wc = median_of(runs, lambda: timed(f"find {corpus} -name '*.txt' -print0 | xargs -0 cat | wc -w", shell=True)[0])
    row("outline --json throughput", "wc -w", f"{mb/wall:.0f} MB/s", f"{mb/wc:.0f} MB/s", "≥ 50 MB/s", mb / wall >= 50)

    if shutil.which("fzf"):
        q = "nasal spray"
        ours = median_of(runs, lambda: timed([DOSSIER, "search", q, corpus])[0])
        theirs = median_of(runs, lambda: timed(
            f"find {corpus} -name '*.txt' -print0 | xargs -0 cat | fzf --filter '{q}'", shell=True)[0])
        row(f"search '{q}', cold", "cat | fzf --filter", f"{ours*1000:.0f} ms", f"{theirs*1000:.0f} ms",
            "≤ fzf", ours <= theirs)
    else:
        row("search, cold", "fzf not installed (apt-get install fzf)", "", "", "≤ fzf", False)

    load = os.getloadavg()[0]
    times = sorted(keystroke_latency(corpus))
    median, worst = statistics.median(times), times[-1]
    row(f"keystroke -> search results, {len(times)} keys (load {load:.1f})", "—",
        f"{median*1000:.1f} / {worst*1000:.0f} ms", "", "median ≤ 16, worst ≤ 50 ms",
        median <= 0.016 and worst <= 0.050)

    _, rss_outline = timed([DOSSIER, "outline", "--json", corpus])
    _, rss_search = timed([DOSSIER, "search", "side effects", corpus])
    peak = max(rss_outline, rss_search)
    row("peak memory (outline, search)", "corpus bytes", f"{peak/1e6:.0f} MB",
        f"{mb:.0f} MB", "≤ 4×", peak <= 4 * corpus_bytes)

    scrolled, idle = scroll_bytes_dossier()
    less_scrolled, less_idle = scroll_bytes_less()
    row("bytes for a one-line scroll, 100x30", "less", f"{scrolled} B", f"{less_scrolled} B",
        "≤ 4 KB", scrolled <= 4096)
    row("bytes written while idle (1 s)", "less", f"{idle} B", f"{less_idle} B", "0", idle == 0)

    uname = os.uname()
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(l.split(":", 1)[1].strip() for l in info if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {cpu or uname.machine}, {os.cpu_count()} cores, {uname.sysname} {uname.release}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"corpus: {len(files)} files, {mb:.1f} MB; median of {runs} runs "
          f"(first frames: {max(runs, FIRST_FRAME_RUNS)}, taking turns with less)\n")
    widths = [max(len(str(r[i])) for r in rows + [("measure", "peer", "dossier", "peer", "target", "")])
              for i in range(6)]
    header = ("measure", "peer", "dossier", "peer", "target", "")
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0 if all(r[5] == "met" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
