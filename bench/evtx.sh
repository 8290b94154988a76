#!/usr/bin/env bash
# bench/evtx.sh: EVTX throughput of kqlhunt beside evtxexport (libevtx-utils)
# on the same dense corpus: the record-bearing chunks of the shared dataset
# files repeated to MB MiB (default 200), written by the evtx package's
# corpus writer. Never run by CI.
#
# Usage: bench/evtx.sh [MB]
# Prints, for each tool, seconds, events/s and MB/s of record-bearing chunk
# bytes (zero-filled preallocated chunks are not counted).
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-200}"
OUT=bench/out
FILE="$OUT/dense-${MB}MB.evtx"
mkdir -p "$OUT"
if [[ ! -s "$FILE" ]]; then
	echo "writing $FILE" >&2
	EVTX_DENSE_OUT="$PWD/$FILE" EVTX_BENCH_MB="$MB" go test -count=1 -run WriteDenseCorpus ./evtx >/dev/null
fi
go build -o "$OUT/kqlhunt" ./cmd/kqlhunt

# Records and record-bearing bytes, from kqlhunt's own per-file count.
STATS=$("$OUT/kqlhunt" dump --format jsonl "$FILE" 2>&1 >/dev/null | head -1)
RECORDS=$(sed -n 's/.*: \([0-9]*\) records read.*/\1/p' <<<"$STATS")
CHUNKS=$(sed -n 's/.*; \([0-9]*\) chunks (\([0-9]*\) empty).*/\1 \2/p' <<<"$STATS")
read -r NCHUNK NEMPTY <<<"$CHUNKS"
BYTES=$(( (NCHUNK - NEMPTY) * 65536 ))
echo "file: $FILE  records: $RECORDS  record-bearing chunk bytes: $BYTES"

cat "$FILE" > /dev/null
run() { # name, GOMAXPROCS, command...
	local name=$1 procs=$2; shift 2
	/usr/bin/time -f '%e %U %S' -o "$OUT/evtx.time" env GOMAXPROCS="$procs" "$@" >/dev/null 2>&1
	read -r WALL USR SYS < "$OUT/evtx.time"
	awk -v n="$name" -v w="$WALL" -v u="$USR" -v s="$SYS" -v r="$RECORDS" -v b="$BYTES" 'BEGIN {
		if (w <= 0) w = 0.001; c = u + s; if (c <= 0) c = 0.001
		printf "%-34s %7.2f s wall %9.0f events/s %8.1f MB/s | %7.2f s cpu %8.1f MB/cpu-s\n",
			n, w, r / w, b / 1e6 / w, c, b / 1e6 / c
	}'
}
run "kqlhunt dump jsonl (P=1)" 1 "$OUT/kqlhunt" dump --format jsonl "$FILE"
run "kqlhunt dump jsonl (P=2)" 2 "$OUT/kqlhunt" dump --format jsonl "$FILE"
run "kqlhunt hunt T1119 (P=1)" 1 "$OUT/kqlhunt" hunt --rule T1119 --now latest -q "$FILE"
run "kqlhunt hunt T1119 (P=2)" 2 "$OUT/kqlhunt" hunt --rule T1119 --now latest -q "$FILE"
if command -v evtxexport >/dev/null; then
	run "evtxexport -f xml" 1 evtxexport -f xml "$FILE"
else
	echo "evtxexport not installed (apt-get install libevtx-utils): no comparison"
fi
