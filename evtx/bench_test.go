package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"runtime"
	"strconv"
	"testing"
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
