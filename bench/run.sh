#!/usr/bin/env bash
# bench/run.sh — end-to-end throughput of `kqlhunt hunt` on synthetic
# DeviceProcessEvents JSON lines (invented data from bench/gen).
#
# Usage: bench/run.sh [N]        (N rows, default 1000000; env SEED, default 1)
#
# Generates bench/out/dpe-N-sSEED.jsonl if absent, builds bench/out/kqlhunt,
# then times
#   kqlhunt hunt --rule T1119 --now latest --format jsonl FILE > /dev/null
# with GOMAXPROCS=1 and GOMAXPROCS=2 and prints events/s and MB/s for each.
# Finally it compares the number of alert lines with the generator's count
# of expected positives (assumes one JSON line per alert).
set -euo pipefail

cd "$(dirname "$0")/.."
N="${1:-1000000}"
SEED="${SEED:-1}"
OUT=bench/out
FILE="$OUT/dpe-$N-s$SEED.jsonl"
mkdir -p "$OUT"

if [[ ! -s "$FILE" || ! -s "$FILE.expected" ]]; then
	echo "generating $FILE ($N rows, seed $SEED)" >&2
	go build -o "$OUT/gen" ./bench/gen
	"$OUT/gen" -n "$N" -seed "$SEED" -o "$FILE" 2> "$FILE.expected"
fi
EXPECTED=$(sed -n 's/.*expected_positives=\([0-9]*\).*/\1/p' "$FILE.expected")
BYTES=$(wc -c < "$FILE")
ROWS=$(wc -l < "$FILE")

go build -o "$OUT/kqlhunt" ./cmd/kqlhunt

CMD=("$OUT/kqlhunt" hunt --rule T1119 --now latest --format jsonl "$FILE")
echo "file: $FILE  rows: $ROWS  bytes: $BYTES  expected positives: $EXPECTED"
echo "cmd:  ${CMD[*]} > /dev/null"

# warm the page cache so both runs read from memory
cat "$FILE" > /dev/null

for P in 1 2; do
	if [[ -x /usr/bin/time ]]; then
		GOMAXPROCS=$P /usr/bin/time -f '%e %M' -o "$OUT/time.$P" \
			"${CMD[@]}" > /dev/null
		read -r SECS RSS < "$OUT/time.$P"
	else
		START=$(date +%s.%N)
		GOMAXPROCS=$P "${CMD[@]}" > /dev/null
		END=$(date +%s.%N)
		SECS=$(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.3f", b - a }')
		RSS=?
	fi
	awk -v p="$P" -v s="$SECS" -v r="$ROWS" -v b="$BYTES" -v m="$RSS" 'BEGIN {
		if (s <= 0) s = 0.001
		printf "GOMAXPROCS=%d  %8.2f s  %12.0f events/s  %8.1f MB/s  maxrss %s KB\n",
			p, s, r / s, b / 1e6 / s, m
	}'
done

ALERTS=$(GOMAXPROCS=2 "${CMD[@]}" | wc -l)
if [[ "$ALERTS" == "$EXPECTED" ]]; then
	echo "alerts: $ALERTS (matches expected positives)"
else
	echo "alerts: $ALERTS, expected positives: $EXPECTED (MISMATCH)" >&2
	exit 1
fi
