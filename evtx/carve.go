package evtx

import "encoding/binary"

// carve decodes the records left in a chunk's slack space, between its
// free-space offset and its end: copies of records from before the log was
// cleared, saved from a filtered view or rewritten. Only a record whose
// signature, size and size copy agree is taken; each is flagged FlagSlack.
// Faults met in them are reported with the reason prefixed "slack: ".
func (d *decoder) carve(b []byte, free, avail int, base int64, flags Flags, r *chunkResult) {
	le := binary.LittleEndian
	r.carving = true
	for off := (free + 7) &^ 7; off+recordHeaderLen+4 <= avail; {
		if b[off] != 0x2a || b[off+1] != 0x2a || b[off+2] != 0 || b[off+3] != 0 {
			off += 8
			continue
		}
		size := int(le.Uint32(b[off+4:]))
		if size < recordHeaderLen+4 || off+size > avail || int(le.Uint32(b[off+size-4:])) != size {
			off += 8
			continue
		}
		d.record(b, off, size, base, flags|FlagSlack, r)
		off += size
	}
}
