package evtx

import (
	"encoding/binary"
	"io"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// fuzzSeeds returns the synthetic chunk and, where the shared data is
// present, a few real chunks.
func fuzzSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{synthChunk()}
	if testenv.SharedDir() == "" {
		return seeds
	}
	chunks := recordChunks(f)
	for i := 0; i < len(chunks); i += 6 {
		seeds = append(seeds, chunks[i])
	}
	return seeds
}

// decodeAll decodes chunk bytes and renders every record every way.
func decodeAll(t *testing.T, data []byte) {
	buf := make([]byte, chunkSize)
	n := copy(buf, data)
	d := newDecoder()
	d.xml, d.slack = true, true
	var r chunkResult
	d.decodeChunk(buf, n, 0, n%2 == 0, &r)
	for i := range r.records {
		rec := &r.records[i]
		if err := WriteJSON(io.Discard, rec); err != nil {
			t.Fatal(err)
		}
		rec.XML = nil
		if err := WriteXML(io.Discard, rec); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzChunk decodes arbitrary chunk bytes: header checks, record walking,
// binary XML, events and renderings must never panic or hang.
func FuzzChunk(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(decodeAll)
}

// FuzzBinXML keeps a valid chunk and record frame around arbitrary binary
// XML, so that the fuzzer spends its time in the token and value decoders.
// The input is the chunk from offset 512 on: the first record's header
// (24 bytes), then its binary XML.
func FuzzBinXML(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		size := binary.LittleEndian.Uint32(s[chunkHeaderLen+4:])
		if size < recordHeaderLen || int(size) > chunkSize-chunkHeaderLen {
			continue
		}
		f.Add(s[chunkHeaderLen : chunkHeaderLen+int(size)])
	}
	f.Fuzz(func(t *testing.T, rec []byte) {
		if len(rec) < recordHeaderLen+4 || len(rec) > chunkSize-chunkHeaderLen {
			return
		}
		b := newChunkBuilder()
		b.raw(rec)
		copy(b.c[chunkHeaderLen:], recordSignature)
		binary.LittleEndian.PutUint32(b.c[chunkHeaderLen+4:], uint32(len(rec)))
		binary.LittleEndian.PutUint32(b.c[b.pos-4:], uint32(len(rec)))
		b.recStart, b.lastRec, b.records = chunkHeaderLen, chunkHeaderLen, 1
		decodeAll(t, b.finish())
	})
}
