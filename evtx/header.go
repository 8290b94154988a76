package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

const (
	fileHeaderSize = 4096
	chunkSize      = 65536
	chunkHeaderLen = 512
)

var (
	fileSignature  = []byte("ElfFile\x00")
	chunkSignature = []byte("ElfChnk\x00")
)

// ErrNotEVTX is returned by Open when the input is neither an EVTX file
// header nor a chunk at the place of the first chunk.
var ErrNotEVTX = errors.New("evtx: not an EVTX file")

// Header is the decoded file header.
type Header struct {
	FirstChunk   uint64 // number of the oldest chunk
	LastChunk    uint64 // number of the newest chunk
	NextRecordID uint64 // identifier the next written record would get
	MinorVersion uint16
	MajorVersion uint16
	ChunkCount   uint16 // chunks the header counts (may be fewer than held)
	Flags        uint32 // 1: dirty (not closed cleanly), 2: full
	CRCValid     bool   // header checksum matches
}

// Dirty reports whether the log was not closed cleanly.
func (h *Header) Dirty() bool { return h.Flags&1 != 0 }

// File is an opened EVTX file. It is safe to run several Records passes
// over one File, one after another or at once.
type File struct {
	// Name names the file in faults; OpenFile sets it, callers of Open may.
	Name   string
	r      io.ReaderAt
	closer io.Closer
	size   int64
	Header Header
	// Chunks is the number of chunk slots the file holds (a truncated last
	// chunk counts), which may exceed Header.ChunkCount.
	Chunks int
	// Faults met in the file header.
	Faults []Fault
}

// Open reads the file header of an EVTX file of the given size. Damage to
// the header is recorded in File.Faults, not returned, as long as a chunk
// is found where the first one should be.
func Open(r io.ReaderAt, size int64) (*File, error) {
	f := &File{r: r, size: size}
	var hdr [fileHeaderSize]byte
	n, err := r.ReadAt(hdr[:], 0)
	if n < 128 {
		if err == nil || err == io.EOF {
			err = ErrNotEVTX
		}
		return nil, fmt.Errorf("evtx: reading file header: %w", err)
	}
	if !bytesEqual(hdr[:8], fileSignature) {
		var sig [8]byte
		if _, err := r.ReadAt(sig[:], fileHeaderSize); err != nil ||
			!bytesEqual(sig[:], chunkSignature) {
			return nil, ErrNotEVTX
		}
		f.fault(-1, 0, reasonFileSig)
	} else {
		parseFileHeader(&f.Header, hdr[:])
		if !f.Header.CRCValid {
			f.fault(-1, 0, reasonFileCRC)
		}
		if f.Header.Dirty() {
			f.fault(-1, 0, reasonDirty)
		}
	}
	if size > fileHeaderSize {
		f.Chunks = int((size - fileHeaderSize + chunkSize - 1) / chunkSize)
	}
	// A file cut on a chunk boundary has no partial chunk to notice: only
	// the header's count tells that chunks are missing.
	if n := int(f.Header.ChunkCount); n > f.Chunks && f.Header.CRCValid {
		f.fault(-1, 0, fmt.Sprintf(reasonMissingChunks, n, f.Chunks))
	}
	return f, nil
}

// OpenFile opens the named EVTX file; Close releases it.
func OpenFile(name string) (*File, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, err
	}
	f, err := Open(fh, st.Size())
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f.Name, f.closer = name, fh
	return f, nil
}

// Close closes the file OpenFile opened; it does nothing after Open.
func (f *File) Close() error {
	if f.closer == nil {
		return nil
	}
	return f.closer.Close()
}

func parseFileHeader(h *Header, b []byte) {
	le := binary.LittleEndian
	h.FirstChunk = le.Uint64(b[8:])
	h.LastChunk = le.Uint64(b[16:])
	h.NextRecordID = le.Uint64(b[24:])
	h.MinorVersion = le.Uint16(b[36:])
	h.MajorVersion = le.Uint16(b[38:])
	h.ChunkCount = le.Uint16(b[42:])
	h.Flags = le.Uint32(b[120:])
	h.CRCValid = crc32.ChecksumIEEE(b[:120]) == le.Uint32(b[124:])
}

func (f *File) fault(chunk int, rec uint64, reason string) {
	f.Faults = append(f.Faults, Fault{Chunk: chunk, Record: rec, Reason: reason})
}

// counted reports whether chunk i is within the count the header gives.
// A header that counts no chunks (damaged or zero) counts every chunk.
func (f *File) counted(i int) bool {
	return f.Header.ChunkCount == 0 || i < int(f.Header.ChunkCount)
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }
