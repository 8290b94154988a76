package evtx

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// recordChunks returns every record-bearing chunk of the shared dataset
// files, in file order.
func recordChunks(tb testing.TB) [][]byte {
	tb.Helper()
	var chunks [][]byte
	for _, p := range datasetFiles(tb) {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		for off := fileHeaderSize; off+chunkSize <= len(data); off += chunkSize {
			c := data[off : off+chunkSize]
			if bytesEqual(c[:8], chunkSignature) && !allZero(c[chunkHeaderLen:chunkHeaderLen+8]) {
				chunks = append(chunks, c)
			}
		}
	}
	return chunks
}

// buildFile makes a clean EVTX file of the given chunks.
func buildFile(chunks [][]byte) []byte {
	out := make([]byte, fileHeaderSize, fileHeaderSize+len(chunks)*chunkSize)
	copy(out, fileSignature)
	le := binary.LittleEndian
	le.PutUint64(out[16:], uint64(len(chunks)-1))
	le.PutUint32(out[32:], 128)
	le.PutUint16(out[36:], 1)
	le.PutUint16(out[38:], 3)
	le.PutUint16(out[40:], fileHeaderSize)
	le.PutUint16(out[42:], uint16(len(chunks)))
	le.PutUint32(out[124:], crc32.ChecksumIEEE(out[:120]))
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}

// denseFile repeats the dataset's record-bearing chunks up to about mb MiB.
func denseFile(tb testing.TB, mb int) []byte {
	src := recordChunks(tb)
	var chunks [][]byte
	for len(chunks)*chunkSize < mb<<20 {
		chunks = append(chunks, src...)
	}
	return buildFile(chunks)
}

func benchDecode(b *testing.B, data []byte) {
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data) - fileHeaderSize))
	b.ReportAllocs()
	b.ResetTimer()
	records := 0
	for i := 0; i < b.N; i++ {
		st, err := f.Records(context.Background(), func(*Record) error { return nil })
		if err != nil || len(st.Faults) > 0 {
			b.Fatalf("%v %v", err, st.Faults)
		}
		records += st.Records
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(recordBytes(data))*float64(b.N)/1e6/b.Elapsed().Seconds(),
		"recMB/s")
}

// recordBytes sums the sizes of the records of a clean file: the measure
// that ignores unused chunk space.
func recordBytes(data []byte) int64 {
	var n int64
	for off := fileHeaderSize; off+chunkSize <= len(data); off += chunkSize {
		c := data[off : off+chunkSize]
		for _, r := range recordOffsets(c) {
			n += int64(binary.LittleEndian.Uint32(c[r+4:]))
		}
	}
	return n
}

// BenchmarkChunks decodes every record-bearing chunk of the dataset once
// per iteration, with GOMAXPROCS workers.
func BenchmarkChunks(b *testing.B) {
	benchDecode(b, buildFile(recordChunks(b)))
}

// BenchmarkDense decodes a corpus of $EVTX_BENCH_MB MiB (default 64) built
// by repeating the dataset's record-bearing chunks.
func BenchmarkDense(b *testing.B) {
	mb, _ := strconv.Atoi(os.Getenv("EVTX_BENCH_MB"))
	if mb <= 0 {
		mb = 64
	}
	b.Logf("GOMAXPROCS=%d", runtime.GOMAXPROCS(0))
	benchDecode(b, denseFile(b, mb))
}

// TestWriteDenseCorpus writes the dense corpus to $EVTX_DENSE_OUT (size
// $EVTX_BENCH_MB MiB) so that other tools can be timed on the same bytes.
func TestWriteDenseCorpus(t *testing.T) {
	out := os.Getenv("EVTX_DENSE_OUT")
	if out == "" {
		t.Skip("set EVTX_DENSE_OUT to write the dense benchmark corpus")
	}
	mb, _ := strconv.Atoi(os.Getenv("EVTX_BENCH_MB"))
	if mb <= 0 {
		mb = 64
	}
	data := denseFile(t, mb)
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, st := decodeFile(t, data, Options{})
	t.Logf("%s: %d bytes, %d chunks, %d records", out, len(data), st.Chunks, st.Records)
}

// TestMeasure decodes the file $EVTX_MEASURE with GOMAXPROCS 1 and 2 and
// logs wall-clock and CPU-time throughput (CPU time stays meaningful on a
// shared machine). Run: EVTX_MEASURE=f.evtx go test -run Measure -v.
func TestMeasure(t *testing.T) {
	path := os.Getenv("EVTX_MEASURE")
	if path == "" {
		t.Skip("set EVTX_MEASURE to a file to measure")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recMB := float64(recordBytes(data)) / 1e6
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for i, procs := range []int{1, 2, 1, 2, 1} {
		runtime.GOMAXPROCS(procs)
		runtime.GC()
		f, _ := Open(bytes.NewReader(data), int64(len(data)))
		// The last pass renders XML, as a dump to /dev/null would.
		opt, mode := Options{XML: i == 4}, "events"
		if opt.XML {
			mode = "events+XML written"
		}
		w := bufio.NewWriter(io.Discard)
		cpu0, wall0 := cpuTime(), time.Now()
		st, err := f.RecordsWith(context.Background(), opt, func(r *Record) error {
			if opt.XML {
				return WriteXML(w, r)
			}
			return nil
		})
		wall, cpu := time.Since(wall0).Seconds(), (cpuTime() - cpu0).Seconds()
		if err != nil {
			t.Fatal(err)
		}
		mb := float64(st.Bytes) / 1e6
		t.Logf("%s GOMAXPROCS=%d: %d records, %.0f MB chunks (%.0f MB records) in %.2fs wall, "+
			"%.2fs CPU: %.0f MB/s wall, %.0f MB/s per CPU-second, %.0f records/s wall, "+
			"records-only %.0f MB/s wall",
			mode, procs, st.Records, mb, recMB, wall, cpu, mb/wall, mb/cpu,
			float64(st.Records)/wall, recMB/wall)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
