#!/usr/bin/env bash
# Times `dossier search QUERY DIR` against `cat FILES | fzf --filter QUERY` over the same
# generated corpus, in one run, and prints the ratio; then the reader's keystroke latency.
#
# Usage: tests/bench/search_vs_fzf.sh [FILES (default 4000)] [RUNS (default 5)]
# Needs python3 and fzf (installed with apt-get when missing and we are root; otherwise
# install it yourself: `apt-get install -y fzf` or https://github.com/junegunn/fzf).
# Both commands start cold (a new process each run) with the files in the page cache;
# each figure is the median wall time of RUNS runs, dossier and fzf alternating.
set -euo pipefail

FILES=${1:-4000}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${DOSSIER_BENCH_CORPUS:-${TMPDIR:-/tmp}/dossier-bench-corpus-$FILES}
QUERIES=("nasal spray" "dissociaton" "cravings alcohol" "suicidal" "side effects")

if ! command -v fzf >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing fzf with apt-get..." >&2
        apt-get install -y fzf >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y fzf >/dev/null 2>&1; }
    fi
    command -v fzf >/dev/null || { echo "fzf is missing: apt-get install -y fzf" >&2; exit 2; }
fi

echo "building release..." >&2
(cd "$ROOT" && cargo build --release --quiet)
DOSSIER="$ROOT/target/release/dossier"

if [ ! -d "$CORPUS" ] || [ "$(find "$CORPUS" -name '*.txt' | wc -l)" -ne "$FILES" ]; then
    rm -rf "$CORPUS"
    python3 "$ROOT/tests/bench/gen_corpus.py" "$CORPUS" --files "$FILES"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus:  $FILES files, $(du -sb "$CORPUS" | cut -f1 | awk '{printf "%.1f MB", $1/1e6}') in $CORPUS"
echo "fzf:     $(fzf --version | head -1)"
echo

python3 - "$DOSSIER" "$CORPUS" "$RUNS" "${QUERIES[@]}" <<'PY'
import glob, statistics, subprocess, sys, time
dossier, corpus, runs, queries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
files = sorted(glob.glob(f"{corpus}/*.txt"))

def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start

def fzf(query):
    cat = subprocess.Popen(["cat", *files], stdout=subprocess.PIPE)
    start = time.perf_counter()
    subprocess.run(["fzf", "--filter", query], stdin=cat.stdout, stdout=subprocess.DEVNULL)
    cat.wait()
    return time.perf_counter() - start

print(f"{'query':<20} {'dossier search':>15} {'cat | fzf --filter':>19} {'ratio':>7}")
ratios = []
for query in queries:
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed([dossier, "search", query, corpus]))
        theirs.append(fzf(query))
    a, b = statistics.median(ours), statistics.median(theirs)
    ratios.append(a / b)
    print(f"{query:<20} {a*1000:>12.0f} ms {b*1000:>16.0f} ms {a/b:>7.2f}")
print(f"{'geometric mean':<20} {'':>15} {'':>19} {statistics.geometric_mean(ratios):>7.2f}"
      "   (dossier time / fzf time: below 1 means dossier is faster)")
PY

echo
echo "keystroke -> results (incremental Searcher, same corpus):"
(cd "$ROOT" && cargo bench --quiet --bench keystrokes -- "$CORPUS" 2>/dev/null | grep -E "corpus|keystrokes:|cpu")
