#!/usr/bin/env bash
# Scores whole-page cleaning on the shared content benchmarks (../shared/bench):
# builds `parley`, extracts every page to JSON Lines, runs ../shared/eval/body_f1.py
# (Chinese: bag F1 and dates; English: shingle F1), then the throughput bench.
# Usage: bench/content.sh [--no-speed]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="$(pwd)/../shared"
[ -d "$shared/bench" ] || { echo "../shared/bench not found" >&2; exit 1; }
cargo build -q --release -p parley
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zh="$shared/bench/zh-content"
en="$shared/bench/en-content"
./target/release/parley extract --format jsonl "$zh"/pages/*.html > "$work/zh.jsonl"
./target/release/parley extract --format jsonl "$en"/pages/*.html > "$work/en.jsonl"
echo "zh-content:"
python3 "$shared/eval/body_f1.py" "$zh/ground-truth.json" "$work/zh.jsonl" --dates "$zh/date-ground.json" --metric bag
echo "en-content:"
python3 "$shared/eval/body_f1.py" "$en/ground-truth.json" "$work/en.jsonl" --metric shingle
if [ "${1:-}" != "--no-speed" ]; then
    cargo bench -q -p parley-ingest --bench content
fi
