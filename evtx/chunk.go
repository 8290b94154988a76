package evtx

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/kqlhunt/kqlhunt/winevent"
)

// Record is one decoded event record. A Record and its Event are valid only
// during the callback that receives them (they are reused afterwards); the
// strings inside the Event are immutable and may be kept.
type Record struct {
	Chunk    int    // index of the chunk in the file
	Offset   int64  // file offset of the record
	RecordID uint64 // record identifier from the record header
	Written  time.Time
	Event    *winevent.Event
	Flags    Flags
	// XML is the record rendered as XML when File.XML is set.
	XML []byte
}

var recordSignature = []byte{0x2a, 0x2a, 0, 0}

const recordHeaderLen = 24

// decoder holds one worker's reusable state.
type decoder struct {
	chunk     []byte
	names     map[uint32]nameEntry
	templates map[uint32]*template
	tmplPool  []*template
	nTmpl     int
	vals      []tval
	work      int // template items walked for the current record
	items     []item
	text      []byte
	fields    []dataSpan
	warnings  []string
	xml       bool
	slack     bool // carve records from slack space (Options.Slack)
	carving   bool // decoding records carved from slack space
}

type nameEntry struct {
	s    string
	size int
}

func newDecoder() *decoder {
	return &decoder{
		names:     make(map[uint32]nameEntry, 128),
		templates: make(map[uint32]*template, 32),
		items:     make([]item, 0, 512),
		text:      make([]byte, 0, 4096),
	}
}

func (d *decoder) warnf(format string, args ...any) {
	if len(d.warnings) < 16 {
		d.warnings = append(d.warnings, fmt.Sprintf(format, args...))
	}
}

// name returns the name stored at chunk offset off and the size it takes
// inline (the 4-byte link, hash, count, characters and terminator).
func (d *decoder) name(off int) (string, int, error) {
	if e, ok := d.names[uint32(off)]; ok {
		return e.s, e.size, nil
	}
	b := d.chunk
	if off < 0 || off+8 > len(b) {
		return "", 0, fmt.Errorf("name offset %#x outside the chunk", off)
	}
	n := int(binary.LittleEndian.Uint16(b[off+6:]))
	size := 8 + 2*n + 2
	if off+size > len(b) {
		return "", 0, fmt.Errorf("name at %#x runs past the chunk", off)
	}
	s := string(appendUTF16(d.text[:0], b[off+8:off+8+2*n]))
	d.names[uint32(off)] = nameEntry{s, size}
	return s, size, nil
}

// chunkResult is what decoding one chunk yields, delivered in file order.
type chunkResult struct {
	index   int
	empty   bool
	bytes   int64
	records []Record
	events  []winevent.Event
	faults  []Fault
	skipped int
	carving bool // faults come from records carved from slack space
}

func (r *chunkResult) reset(index int) {
	r.index, r.empty, r.bytes, r.skipped = index, false, 0, 0
	r.records = r.records[:0]
	r.faults = r.faults[:0]
}

func (r *chunkResult) fault(off int64, rec uint64, format string, args ...any) {
	reason := format
	if len(args) > 0 {
		reason = fmt.Sprintf(format, args...)
	}
	if r.carving {
		reason = "slack: " + reason
	}
	r.faults = append(r.faults, Fault{Chunk: r.index, Record: rec, Offset: off, Reason: reason})
}

// decodeChunk decodes chunk buffer b (chunkSize bytes, of which avail were
// read from the file) found at file offset base.
func (d *decoder) decodeChunk(b []byte, avail int, base int64, counted bool, r *chunkResult) {
	le := binary.LittleEndian
	if allZero(b[:avail]) {
		r.empty = true
		return
	}
	r.bytes = int64(avail)
	var flags Flags
	if !counted {
		flags |= FlagRecovered
		r.fault(base, 0, reasonExtraChunk)
	}
	if avail < chunkSize {
		r.fault(base, 0, reasonTruncated, avail)
	}
	if !bytesEqual(b[:8], chunkSignature) {
		if !bytesEqual(b[chunkHeaderLen:chunkHeaderLen+4], recordSignature) {
			r.fault(base, 0, reasonChunkSigSkip)
			if first, last := le.Uint64(b[8:]), le.Uint64(b[16:]); last >= first &&
				last-first < chunkSize/(recordHeaderLen+4) {
				r.skipped += int(last - first + 1) // as far as the header can be believed
			}
			return
		}
		r.fault(base, 0, reasonChunkSig)
		flags |= FlagSignature
	}
	crc := crc32.ChecksumIEEE(b[:120])
	crc = crc32.Update(crc, crc32.IEEETable, b[128:chunkHeaderLen])
	if crc != le.Uint32(b[124:]) {
		r.fault(base, 0, reasonHeaderCRC)
		flags |= FlagHeaderCRC
	}
	firstNum, lastNum := le.Uint64(b[8:]), le.Uint64(b[16:])
	lastOff := int(le.Uint32(b[44:]))
	free := int(le.Uint32(b[48:]))
	limit := free
	if free < chunkHeaderLen || free > chunkSize {
		r.fault(base, 0, reasonFreeSpace, free)
		limit = chunkSize
	} else if crc32.ChecksumIEEE(b[chunkHeaderLen:free]) != le.Uint32(b[52:]) {
		r.fault(base, 0, reasonDataCRC)
		flags |= FlagDataCRC
	}
	if lastOff >= limit {
		r.fault(base, 0, reasonLastRecord, lastOff)
	}

	d.startChunk(b)
	found := 0
	for off := chunkHeaderLen; off+recordHeaderLen <= limit; {
		if !bytesEqual(b[off:off+4], recordSignature) {
			if limit == chunkSize && allZero(b[off:off+recordHeaderLen]) {
				break // end of records in a chunk whose free offset is bad
			}
			next := resync(b, off+8, limit)
			if next < 0 {
				r.fault(base+int64(off), 0, reasonRecordSig, off, limit-off)
				break
			}
			r.fault(base+int64(off), 0, reasonRecordSig, off, next-off)
			off = next
			continue
		}
		size := int(le.Uint32(b[off+4:]))
		id := le.Uint64(b[off+8:])
		if size < recordHeaderLen+4 || off+size > chunkSize || off+size > avail {
			r.fault(base+int64(off), id, reasonRecordSize, size)
			r.skipped++
			next := resync(b, off+8, limit)
			if next < 0 {
				break
			}
			off = next
			continue
		}
		found++
		d.record(b, off, size, base, flags, r)
		off += size
	}
	if want := lastNum - firstNum + 1; lastNum >= firstNum && uint64(found) < want &&
		want <= chunkSize/(recordHeaderLen+4) {
		r.fault(base, 0, reasonRecordCount, firstNum, lastNum, found)
	}
	if d.slack && limit == free {
		d.carve(b, free, avail, base, flags, r)
	}
	r.carving = false
	for i := range r.records {
		r.records[i].Event = &r.events[i]
	}
}

// resync finds the next record signature at an 8-byte boundary at or after
// from, or returns -1.
func resync(b []byte, from, limit int) int {
	from = (from + 7) &^ 7
	for off := from; off+recordHeaderLen <= limit; off += 8 {
		if b[off] == 0x2a && b[off+1] == 0x2a && b[off+2] == 0 && b[off+3] == 0 {
			return off
		}
	}
	return -1
}

func (d *decoder) startChunk(b []byte) {
	d.chunk = b
	clear(d.names)
	clear(d.templates)
	d.nTmpl = 0
}

// record decodes the record at chunk offset off into r.
func (d *decoder) record(b []byte, off, size int, base int64, flags Flags, r *chunkResult) {
	le := binary.LittleEndian
	id := le.Uint64(b[off+8:])
	if c := int(le.Uint32(b[off+size-4:])); c != size {
		r.fault(base+int64(off), id, reasonSizeCopy, c, size)
		flags |= FlagSizeCopy
	}
	d.warnings = d.warnings[:0]
	d.vals = d.vals[:0]
	d.work = 0
	p := parser{d: d, b: b, pos: off + recordHeaderLen, end: off + size - 4}
	items, err := p.run(d.items[:0])
	d.items = items[:0]
	if err != nil {
		r.fault(base+int64(off), id, reasonBinXML, err)
		if r.carving {
			return // refused carving: reported, not counted as skipped
		}
		if !hasStart(items) {
			r.skipped++
			return
		}
		flags |= FlagPartial
	}
	for _, w := range d.warnings {
		r.fault(base+int64(off), id, reasonBinXML, w)
		flags |= FlagPartial
	}
	if r.carving && flags&FlagPartial != 0 {
		return // a carved record is taken whole or not at all
	}
	n := len(r.records)
	if n == cap(r.records) {
		r.records = append(r.records, Record{})
	} else {
		r.records = r.records[:n+1]
	}
	if n == len(r.events) {
		r.events = append(r.events, winevent.Event{})
	}
	rec := &r.records[n]
	ev := &r.events[n]
	*rec = Record{Chunk: r.index, Offset: base + int64(off), RecordID: id,
		Written: filetime(le.Uint64(b[off+16:])), Event: ev, Flags: flags, XML: rec.XML[:0]}
	d.event(items, ev)
	if d.xml {
		rec.XML = appendXML(rec.XML, items)
	}
}

func hasStart(items []item) bool {
	for i := range items {
		if items[i].kind == kStart {
			return true
		}
	}
	return false
}

func allZero(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
