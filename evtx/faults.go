package evtx

import "fmt"

// Flags mark a decoded record whose surroundings were not clean. A flagged
// record is still delivered; the flags say how far to trust it.
type Flags uint16

const (
	// FlagRecovered: the record lies in a chunk beyond the count the file
	// header gives (a log not closed cleanly); evtxexport does not read it.
	FlagRecovered Flags = 1 << iota
	// FlagHeaderCRC: the chunk header checksum does not match.
	FlagHeaderCRC
	// FlagDataCRC: the checksum over the chunk's record data does not match.
	FlagDataCRC
	// FlagSignature: the chunk signature is damaged; the chunk was read anyway.
	FlagSignature
	// FlagSizeCopy: the copy of the record size at its end differs.
	FlagSizeCopy
	// FlagPartial: the record's binary XML ended in error or held unknown
	// value types; the event holds what was decoded.
	FlagPartial
	// FlagSlack: the record was carved from the slack space past its
	// chunk's free-space offset (Options.Slack): an old or deleted record,
	// possibly a stale copy of a live one.
	FlagSlack
)

var flagNames = []string{
	"recovered", "header-crc", "data-crc", "bad-signature", "size-copy", "partial",
	"slack",
}

// String lists the set flags, comma-separated ("" when none).
func (f Flags) String() string {
	s := ""
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			if s != "" {
				s += ","
			}
			s += n
		}
	}
	return s
}

// Fault is one problem met while decoding. File is File.Name; Chunk is the
// chunk index in the file (-1 for the file header); Record is the record
// identifier when known (0 otherwise); Offset is the byte offset in the file.
type Fault struct {
	File   string
	Chunk  int
	Record uint64
	Offset int64
	Reason string
}

// String renders the fault as "chunk N record R offset 0xO: reason",
// preceded by "file: " when File is set.
func (f Fault) String() string {
	s := fmt.Sprintf("chunk %d record %d offset %#x: %s", f.Chunk, f.Record, f.Offset, f.Reason)
	if f.File != "" {
		s = f.File + ": " + s
	}
	return s
}

// Stats counts what a pass over a file read and met.
type Stats struct {
	Chunks      int     // chunks examined (header count plus any found past it)
	EmptyChunks int     // zero-filled, preallocated chunks (not faults)
	Records     int     // records delivered
	Flagged     int     // delivered records with any flag set
	Recovered   int     // delivered records from chunks past the header count
	Carved      int     // delivered records carved from slack space
	Skipped     int     // records that could not be decoded and were dropped
	Bytes       int64   // bytes of record-bearing chunks
	Faults      []Fault // every fault, in file order
}

// Wording of faults, in one place.
const (
	reasonFileSig    = "file header signature is not ElfFile"
	reasonFileCRC    = "file header checksum mismatch"
	reasonDirty      = "file header marks the log as not closed cleanly"
	reasonExtraChunk = "chunk past the count in the file header holds data: records recovered"
	reasonTruncated  = "file truncated: chunk has %d of 65536 bytes"
	// reasonMissingChunks: the file ends before the chunks its header counts.
	reasonMissingChunks = "file truncated: the header counts %d chunks, the file holds %d"
	reasonChunkSig      = "bad chunk signature"
	reasonChunkSigSkip  = "bad chunk signature and no record at 512: chunk skipped"
	reasonHeaderCRC     = "chunk header checksum mismatch"
	reasonDataCRC       = "chunk records checksum mismatch"
	reasonFreeSpace     = "free space offset %#x outside the chunk"
	reasonLastRecord    = "last record offset %#x past the record data"
	reasonRecordCount   = "chunk header gives records %d..%d, found %d"
	reasonRecordSig     = "no record signature at %#x: resynchronised after %d bytes"
	reasonRecordSize    = "record size %d impossible (under 28 or past the chunk)"
	reasonSizeCopy      = "record size copy %d differs from size %d"
	reasonBinXML        = "binary XML: %v"
	reasonReadChunk     = "reading chunk: %v"
)
