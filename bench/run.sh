#!/usr/bin/env bash
# Speed and memory of parley beside the Python peer pipeline, on one generated corpus.
#
#   bench/run.sh [SIZE...]          default sizes: 2000 20000 documents
#
# For each size: generates ~5 KB Chinese articles from our own fixtures (gen_corpus.py),
# runs `parley extract` (release build) with RAYON_NUM_THREADS=1 and with all threads,
# and prints documents/s, MB/s and peak memory. Then, ROUNDS times (default 3), parley
# runs over the last corpus on one thread and the peer pipeline (trafilatura, jieba,
# jionlp; installed from PyPI into bench/.venv by this script, nothing system-wide) over
# the first PEER_DOCS documents (default 300) of the first corpus on one core, side by
# side; each round's ratio per core is printed, and their median. The peer counts
# processing only (after imports and warm-up), so parley's start-up (knowledge base,
# rules, outlets), measured on an empty input, is left out of its side too.
#
# Environment: PARLEY_BIN (a parley binary to measure instead of building one),
# PEER_DOCS (peer sample size), ROUNDS (side-by-side rounds), SKIP_PEER=1 (parley only),
# BENCH_DIR (where corpora go; default a temporary directory, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bench="$root/bench"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000)
peer_docs=${PEER_DOCS:-300}

work=${BENCH_DIR:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%F)"
bin=${PARLEY_BIN:-}
if [ -z "$bin" ]; then
  echo "building parley (release)"
  cargo build --release -p parley --quiet
  bin="$root/target/release/parley"
fi

json() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

measure() { # threads corpus -> "seconds cpu_seconds peak_kb status"
  local threads=$1 corpus=$2 out
  if [ "$threads" = all ]; then
    out=$(env -u RAYON_NUM_THREADS python3 "$bench/measure.py" "$bin" extract --format jsonl "$corpus")
  else
    out=$(RAYON_NUM_THREADS=$threads python3 "$bench/measure.py" "$bin" extract --format jsonl "$corpus")
  fi
  echo "$(json seconds <<<"$out") $(json cpu_seconds <<<"$out") $(json peak_rss_kb <<<"$out") $(json status <<<"$out")"
}

# Start-up: the least CPU time of three runs over an empty directory, one thread.
empty="$work/empty"
mkdir -p "$empty"
startup=$(for _ in 1 2 3; do read -r _ cpu _ _ < <(measure 1 "$empty"); echo "$cpu"; done | sort -g | head -1)
echo "parley start-up (empty input, one thread): $startup CPU-s"

printf '\n%-7s %-7s %9s %9s %9s %9s %11s %8s\n' docs threads wall_s cpu_s docs/s MB/s docs/cpu_s peak_MB
first_corpus=""
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  [ -d "$corpus" ] || python3 "$bench/gen_corpus.py" "$corpus" "$n"
  [ -n "$first_corpus" ] || first_corpus=$corpus
  bytes=$(du -sb "$corpus" | cut -f1)
  for threads in 1 all; do
    read -r seconds cpu peak status < <(measure "$threads" "$corpus")
    [ "$status" = 0 ] || echo "warning: parley exited with status $status" >&2
    rate=$(python3 -c "print(f'{$n/$seconds:.0f}')")
    mbs=$(python3 -c "print(f'{$bytes/1e6/$seconds:.2f}')")
    per_cpu=$(python3 -c "print(f'{$n/$cpu:.0f}')")
    printf '%-7s %-7s %9s %9s %9s %9s %11s %8s\n' "$n" "$threads" "$seconds" "$cpu" "$rate" "$mbs" \
      "$per_cpu" "$(python3 -c "print(f'{$peak/1024:.0f}')")"
  done
done
events=$("$bin" extract --format jsonl "$first_corpus" 2>/dev/null |
  python3 -c "import json,sys; print(sum(len(json.loads(l)['events']) for l in sys.stdin))")
echo "events extracted from the first corpus: $events"

[ "${SKIP_PEER:-0}" = 1 ] && exit 0
venv="$bench/.venv"
if ! "$venv/bin/python" -c "import trafilatura, lxml_html_clean, jieba, jionlp" 2>/dev/null; then
  echo "installing the peer pipeline into $venv (trafilatura, jieba, jionlp)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet trafilatura lxml_html_clean jieba jionlp
fi
# The ratio, side by side: ROUNDS rounds (default 3) of parley on the last corpus, one
# thread, then the peer on its sample, each round's ratio from its own pair, so that a
# change in the machine's speed between runs weighs on both sides; the median is the figure.
rounds=${ROUNDS:-3}
last_corpus="$work/corpus-${sizes[-1]}"
last_n=${sizes[-1]}
echo "ratio per core, $rounds rounds of parley ($last_n documents, one thread) and the peer ($peer_docs documents of $first_corpus, one core) side by side"
ratios=()
for round in $(seq 1 "$rounds"); do
  read -r _ cpu _ _ < <(measure 1 "$last_corpus")
  parley_rate=$(python3 -c "print(f'{$last_n/max($cpu-$startup,1e-9):.0f}')")
  parley_with_startup=$(python3 -c "print(f'{$last_n/$cpu:.0f}')")
  peer=$("$venv/bin/python" "$bench/peer.py" "$first_corpus" "$peer_docs" 2>/dev/null)
  [ "$round" = 1 ] && echo "peer, first round: $peer"
  peer_rate=$(json docs_per_cpu_s <<<"$peer")
  ratio=$(python3 -c "print(f'{$parley_rate/$peer_rate:.0f}')")
  ratios+=("$ratio")
  echo "round $round: parley $parley_rate documents per CPU-second without its start-up as the peer is counted ($parley_with_startup with it), peer $peer_rate: ${ratio}x"
done
python3 -c "import statistics,sys; r=sorted(int(x) for x in sys.argv[1:]); print(f'per core: median ratio {statistics.median(r):.0f}x (rounds: {\", \".join(f\"{x}x\" for x in r)})')" "${ratios[@]}"
