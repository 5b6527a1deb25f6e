#!/usr/bin/env bash
# Page weight of the default site, uncompressed, with the stylesheet (charts are inline).
# Budgets: home ≤ 100 KB, an indicator page ≤ 80 KB. Prints the heaviest page of each type.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --quiet -- build --quiet --output "$out/site"
css=$(stat -c %s "$out/site/static/style.css")
status=0
heaviest() { # type, budget (bytes or 0), files...
  local type=$1 budget=$2; shift 2
  local max=0 at=""
  for f in "$@"; do
    local n=$(( $(stat -c %s "$f") + css ))
    if (( n > max )); then max=$n; at=${f#"$out/site/"}; fi
  done
  local verdict=""
  if (( budget > 0 )); then
    if (( max <= budget )); then verdict="ok (≤ $((budget / 1000)) KB)"; else verdict="OVER $((budget / 1000)) KB"; status=1; fi
  fi
  printf '%-12s %7.1f KB  %-50s %s\n' "$type" "$(echo "$max / 1000" | bc -l)" "$at" "$verdict"
}
shopt -s nullglob
heaviest home 100000 "$out/site/index.html" "$out/site/en/index.html"
heaviest indicator 80000 "$out"/site/indicators/*/index.html "$out"/site/en/indicators/*/index.html
heaviest plan 0 "$out"/site/plans/*/index.html "$out"/site/en/plans/*/index.html
heaviest unit 0 "$out"/site/units/*/index.html "$out"/site/en/units/*/index.html
heaviest period 0 "$out"/site/periods/*/index.html "$out"/site/en/periods/*/index.html
# The search page alone loads a script and the index manifest (the shards and records a query
# loads come on top, and only when a query is typed); no other page loads them.
js=$(stat -c %s "$out/site/static/search.js")
manifest=$(stat -c %s "$out"/site/tim-kiem/*/m.js)
css=$((css + js + manifest))
heaviest search 0 "$out/site/tim-kiem/index.html"
exit $status
