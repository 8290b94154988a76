package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// sampleFile is a clean file made of the record-bearing chunks of one real
// log (several chunks, Sysmon events with templates and back-references).
func sampleFile(t *testing.T) []byte {
	t.Helper()
	p := testenv.Shared(t, filepath.Join("datasets", "evtx", "sbousseaden",
		"PanacheSysmon_vs_AtomicRedTeam01.evtx"))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var chunks [][]byte
	for off := fileHeaderSize; off+chunkSize <= len(data); off += chunkSize {
		if c := data[off : off+chunkSize]; !allZero(c) {
			chunks = append(chunks, c)
		}
	}
	return buildFile(chunks)
}

func chunkAt(data []byte, i int) []byte {
	off := fileHeaderSize + i*chunkSize
	return data[off : off+chunkSize]
}

// recordOffsets lists the chunk offsets of the records of chunk c.
func recordOffsets(c []byte) []int {
	var offs []int
	free := int(binary.LittleEndian.Uint32(c[48:]))
	for off := chunkHeaderLen; off+recordHeaderLen <= free; {
		size := int(binary.LittleEndian.Uint32(c[off+4:]))
		if size == 0 {
			break
		}
		offs = append(offs, off)
		off += size
	}
	return offs
}

func fixChunkCRCs(c []byte) {
	le := binary.LittleEndian
	free := int(le.Uint32(c[48:]))
	if free >= chunkHeaderLen && free <= chunkSize {
		le.PutUint32(c[52:], crc32.ChecksumIEEE(c[chunkHeaderLen:free]))
	}
	crc := crc32.ChecksumIEEE(c[:120])
	le.PutUint32(c[124:], crc32.Update(crc, crc32.IEEETable, c[128:chunkHeaderLen]))
}

func fixFileCRC(data []byte) {
	binary.LittleEndian.PutUint32(data[124:], crc32.ChecksumIEEE(data[:120]))
}

// findTemplateRef returns the offset of a template instance token in chunk
// c that refers back to an earlier definition, within the record at rec.
func findTemplateRef(c []byte, rec int) int {
	size := int(binary.LittleEndian.Uint32(c[rec+4:]))
	for p := rec + recordHeaderLen; p+10 < rec+size; p++ {
		if c[p] == tokTemplate {
			def := int(binary.LittleEndian.Uint32(c[p+6:]))
			if def < p && def >= chunkHeaderLen {
				return p
			}
		}
	}
	return -1
}

func TestDamagedFiles(t *testing.T) {
	clean := sampleFile(t)
	_, base := decodeFile(t, clean, Options{})
	if len(base.Faults) != 0 || base.Records == 0 {
		t.Fatalf("clean sample: %+v", base)
	}
	nChunks := (len(clean) - fileHeaderSize) / chunkSize
	perChunk := func(data []byte, i int) int { return len(recordOffsets(chunkAt(data, i))) }
	le := binary.LittleEndian
	N := base.Records
	c1 := perChunk(clean, 1)
	last2 := perChunk(clean, nChunks-1) + perChunk(clean, nChunks-2)

	tests := []struct {
		name               string
		damage             func(d []byte) []byte
		records, flagged   int
		skipped, recovered int
		fault              string // a fault reason must contain this
	}{{
		name: "dirty header counting fewer chunks",
		damage: func(d []byte) []byte {
			le.PutUint16(d[42:], uint16(nChunks-2))
			le.PutUint32(d[120:], 1)
			fixFileCRC(d)
			return d
		},
		records: N, flagged: last2, recovered: last2, fault: "not closed cleanly",
	}, {
		name:    "file header checksum",
		damage:  func(d []byte) []byte { d[100] ^= 0xff; return d },
		records: N, fault: "file header checksum",
	}, {
		name: "bad chunk signature, records readable",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			copy(c, "XXXXXXXX")
			fixChunkCRCs(c)
			return d
		},
		records: N, flagged: c1, fault: reasonChunkSig,
	}, {
		name: "bad chunk signature and no records",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			copy(c, "XXXXXXXX")
			copy(c[chunkHeaderLen:], "garbage!")
			return d
		},
		records: N - c1, skipped: c1, fault: "chunk skipped",
	}, {
		name:    "chunk header checksum",
		damage:  func(d []byte) []byte { chunkAt(d, 1)[60] ^= 1; return d },
		records: N, flagged: c1, fault: reasonHeaderCRC,
	}, {
		name: "records checksum",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			off := recordOffsets(c)[2]
			c[off+16] ^= 1 // written time of one record
			return d
		},
		records: N, flagged: c1, fault: reasonDataCRC,
	}, {
		name: "free space offset past the chunk",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			le.PutUint32(c[48:], 0x20000)
			fixChunkCRCs(c)
			return d
		},
		records: N, fault: "free space offset",
	}, {
		name: "last record number past the data",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			le.PutUint64(c[16:], le.Uint64(c[16:])+5)
			le.PutUint32(c[44:], 0xfff0)
			fixChunkCRCs(c)
			return d
		},
		records: N, fault: "last record offset",
	}, {
		name: "record size outside the chunk",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			le.PutUint32(c[recordOffsets(c)[3]+4:], 0x30000)
			fixChunkCRCs(c)
			return d
		},
		records: N - 1, skipped: 1, fault: "record size",
	}, {
		name: "record size zero",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			le.PutUint32(c[recordOffsets(c)[3]+4:], 0)
			fixChunkCRCs(c)
			return d
		},
		records: N - 1, skipped: 1, fault: "record size 0",
	}, {
		name: "template outside the chunk",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			rec := recordOffsets(c)[4]
			p := findTemplateRef(c, rec)
			le.PutUint32(c[p+6:], 0xfffff0)
			fixChunkCRCs(c)
			return d
		},
		records: N - 1, skipped: 1, fault: "template definition offset",
	}, {
		name: "unknown token type",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			rec := recordOffsets(c)[5]
			c[rec+recordHeaderLen] = 0x1f // the fragment header token
			fixChunkCRCs(c)
			return d
		},
		records: N - 1, skipped: 1, fault: "unknown token 0x1f",
	}, {
		name: "unknown value type",
		damage: func(d []byte) []byte {
			c := chunkAt(d, 1)
			rec := recordOffsets(c)[6]
			p := findTemplateRef(c, rec)
			c[p+10+4+2] = 0x3e // type of the first substitution value
			fixChunkCRCs(c)
			return d
		},
		records: N, flagged: 1, fault: "unknown value type 0x3e",
	}, {
		name: "truncated file",
		damage: func(d []byte) []byte {
			c := chunkAt(d, nChunks-1)
			offs := recordOffsets(c)
			cut := offs[len(offs)/2] + 30 // inside a record
			return d[:fileHeaderSize+(nChunks-1)*chunkSize+cut]
		},
		records: N - (perChunk(clean, nChunks-1) - perChunk(clean, nChunks-1)/2),
		flagged: perChunk(clean, nChunks-1) / 2,
		skipped: 1, fault: "file truncated",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.damage(bytes.Clone(clean))
			_, st := decodeFile(t, data, Options{Workers: 2})
			if st.Records != tc.records || st.Flagged != tc.flagged ||
				st.Skipped != tc.skipped || st.Recovered != tc.recovered {
				t.Errorf("records/flagged/skipped/recovered = %d/%d/%d/%d, want %d/%d/%d/%d",
					st.Records, st.Flagged, st.Skipped, st.Recovered,
					tc.records, tc.flagged, tc.skipped, tc.recovered)
			}
			t.Logf("faults: %v", st.Faults)
			found := false
			for _, f := range st.Faults {
				found = found || strings.Contains(f.Reason, tc.fault)
			}
			if !found {
				t.Errorf("no fault containing %q in %v", tc.fault, st.Faults)
			}
		})
	}
}

// TestTruncatedAtChunkBoundary: a file cut exactly between chunks has no
// partial chunk to notice; the header's chunk count tells that some are
// missing, and that is reported as a fault.
func TestTruncatedAtChunkBoundary(t *testing.T) {
	data := sampleFile(t)
	for _, chunks := range []int{0, 3} {
		cut := data[:fileHeaderSize+chunks*chunkSize]
		f, err := Open(bytes.NewReader(cut), int64(len(cut)))
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.Records(context.Background(), func(*Record) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ft := range st.Faults {
			found = found || strings.Contains(ft.Reason, "the header counts 15 chunks, "+
				"the file holds "+strconv.Itoa(chunks))
		}
		if !found {
			t.Errorf("%d chunks kept: no truncation fault in %v", chunks, st.Faults)
		}
		if chunks == 0 && st.Records != 0 {
			t.Errorf("header only: %d records", st.Records)
		}
	}
}
