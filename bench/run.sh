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
		# kqlhunt exits 1 when it raises alerts; time notes that on a line
		# of its own before the figures.
		GOMAXPROCS=$P /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.$P" \
			"${CMD[@]}" -q > /dev/null || true
		read -r SECS RSS USR SYS < <(tail -n 1 "$OUT/time.$P")
	else
		START=$(date +%s.%N)
		GOMAXPROCS=$P "${CMD[@]}" -q > /dev/null || true
		END=$(date +%s.%N)
		SECS=$(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.3f", b - a }')
		RSS=?
	fi
	awk -v p="$P" -v s="$SECS" -v r="$ROWS" -v b="$BYTES" -v m="$RSS" \
		-v u="${USR:-0}" -v y="${SYS:-0}" 'BEGIN {
		if (s <= 0) s = 0.001; c = u + y; if (c <= 0) c = 0.001
		printf "GOMAXPROCS=%d  %6.2f s  %9.0f events/s  %7.1f MB/s  | cpu %6.2f s  " \
			"%7.1f MB/cpu-s  maxrss %s KB\n", p, s, r / s, b / 1e6 / s, c, b / 1e6 / c, m
	}'
done

ALERTS=$(GOMAXPROCS=2 "${CMD[@]}" -q | wc -l || true)
if [[ "$ALERTS" == "$EXPECTED" ]]; then
	echo "alerts: $ALERTS (matches expected positives)"
else
	echo "alerts: $ALERTS, expected positives: $EXPECTED (MISMATCH)" >&2
	exit 1
fi
