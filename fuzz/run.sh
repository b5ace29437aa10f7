#!/usr/bin/env bash
# Runs every cargo-fuzz target for a while, one after another, and fails on the first
# crash. Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default 10 s, all targets)
#
# Only a stable toolchain is assumed: RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags
# cargo-fuzz passes. The corpus of each target starts from the repository's own fixtures
# (examples/ and crates/*/tests/fixtures) and grows in fuzz/corpus/<target> (not committed).
# Crashing inputs land in fuzz/artifacts/<target>/; replay one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-rss_limit_mb=4096").
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$(pwd)
root=$(cd .. && pwd)
export RUSTC_BOOTSTRAP=1
seconds=${1:-10}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(text_dump html_clean feed jsonl warc time_expr pipeline)
fi
SANITIZER=${SANITIZER:-address}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Seed inputs per target, from our own fixtures only.
seed() {
  local target=$1 dir="$fuzz/corpus/$1"
  mkdir -p "$dir"
  local patterns
  case $target in
    text_dump) patterns='*.txt' ;;
    html_clean) patterns='*.html' ;;
    feed) patterns='*.xml' ;;
    jsonl) patterns='*.jsonl' ;;
    warc) patterns='*.warc*' ;;
    time_expr | pipeline) patterns='*' ;;
  esac
  if [ "$target" = warc ]; then
    # A response record around an example page (the first byte 0 asks for the version
    # line, which the target adds itself).
    local page="$root/examples/lavrov-rubio-riyadh.html" http
    http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n'; cat "$page")
    {
      printf '\0WARC-Type: response\r\nWARC-Target-URI: https://news.example.org/a\r\n'
      printf 'WARC-Date: 2025-02-18T18:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n'
      printf 'Content-Length: %d\r\n\r\n%s\r\n\r\n' "${#http}" "$http"
    } > "$dir/seed-response.warc"
  fi
  find "$root/examples" "$root"/crates/*/tests/fixtures -type f -name "$patterns" \
    -size -64k 2>/dev/null | while read -r file; do
    local name
    name="seed-$(basename "$file")"
    if [ "$target" = time_expr ]; then
      # Three head bytes pick the anchor date and direction; the rest is text.
      { printf '\x5a\x10\x02'; head -c 2048 "$file"; } > "$dir/$name"
    else
      cp "$file" "$dir/$name"
    fi
  done
}

dict_for() {
  case $1 in
    html_clean | feed) echo "$fuzz/dicts/markup.dict" ;;
    *) echo "$fuzz/dicts/text.dict" ;;
  esac
}

cargo fuzz build -O -s "$SANITIZER"
mkdir -p "$fuzz/logs"
for target in "${targets[@]}"; do
  seed "$target"
  echo "fuzz: $target for ${seconds}s"
  log="$fuzz/logs/$target.log"
  status=0
  # shellcheck disable=SC2086
  cargo fuzz run -O -s "$SANITIZER" "$target" "$fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -dict="$(dict_for "$target")" -max_len=65536 \
    -timeout=20 -print_final_stats=1 ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
  if [ "$status" -ne 0 ]; then
    grep -E -A30 'ERROR|panicked' "$log" | head -60 >&2 || true
    echo "fuzz: $target FAILED (exit $status); input in fuzz/artifacts/$target/, log $log" >&2
    exit 1
  fi
done
echo "fuzz: all targets ran without a crash"
