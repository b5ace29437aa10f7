#!/usr/bin/env bash
# Speed and memory of parley beside the Python peer pipeline, on one generated corpus.
#
#   bench/run.sh [SIZE...]          default sizes: 2000 20000 documents
#
# For each size: generates ~5 KB Chinese articles from our own fixtures (gen_corpus.py),
# runs `parley extract` (release build) with RAYON_NUM_THREADS=1 and with all threads,
# and prints documents/s, MB/s and peak memory. Then the peer pipeline (trafilatura,
# jieba, jionlp; installed from PyPI into bench/.venv by this script, nothing
# system-wide) runs over the first PEER_DOCS documents (default 300) of the first
# corpus on one core, and the ratio per core is printed: the peer counts processing only
# (after imports and warm-up), so parley's start-up (knowledge base, rules, outlets), measured
# on an empty input, is left out of its side too; the ratio with start-up counted is
# printed beside it.
#
# Environment: PARLEY_BIN (a parley binary to measure instead of building one), PEER_DOCS (peer sample size), SKIP_PEER=1 (parley only), BENCH_DIR (where
# corpora go; default a temporary directory, removed at the end).
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
one_core_rate=""
one_core_processing=""
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
    if [ "$threads" = 1 ]; then
      # The last size (the largest, in the default order) gives the per-core figures.
      one_core_rate=$per_cpu
      one_core_processing=$(python3 -c "print(f'{$n/max($cpu-$startup,1e-9):.0f}')")
    fi
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
echo "peer pipeline over $peer_docs documents of $first_corpus (one core)"
peer=$("$venv/bin/python" "$bench/peer.py" "$first_corpus" "$peer_docs")
echo "$peer"
peer_rate=$(json docs_per_cpu_s <<<"$peer")
python3 -c "print(f'per core (documents per CPU-second, last corpus, one thread): parley {$one_core_processing} without its start-up as the peer is counted, {$one_core_rate} with it; peer {$peer_rate}; ratio {$one_core_processing/$peer_rate:.0f}x ({$one_core_rate/$peer_rate:.0f}x with start-up)')"
