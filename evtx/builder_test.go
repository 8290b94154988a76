package evtx

import (
	"encoding/binary"
	"unicode/utf16"
)

// chunkBuilder writes a chunk by hand: binary XML with inline names,
// templates defined in place, and records, for the token and value types
// the real files do not show.
type chunkBuilder struct {
	c        []byte
	pos      int
	recStart int
	nextID   uint64
	records  int
	lastRec  int
}

func newChunkBuilder() *chunkBuilder {
	b := &chunkBuilder{c: make([]byte, chunkSize), pos: chunkHeaderLen, nextID: 1}
	copy(b.c, chunkSignature)
	binary.LittleEndian.PutUint32(b.c[40:], 128)
	return b
}

func (b *chunkBuilder) u8(v byte)    { b.c[b.pos] = v; b.pos++ }
func (b *chunkBuilder) u16(v uint16) { binary.LittleEndian.PutUint16(b.c[b.pos:], v); b.pos += 2 }
func (b *chunkBuilder) u32(v uint32) { binary.LittleEndian.PutUint32(b.c[b.pos:], v); b.pos += 4 }
func (b *chunkBuilder) u64(v uint64) { binary.LittleEndian.PutUint64(b.c[b.pos:], v); b.pos += 8 }
func (b *chunkBuilder) raw(p []byte) { copy(b.c[b.pos:], p); b.pos += len(p) }

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// name writes a name reference followed by the name itself (inline).
func (b *chunkBuilder) name(s string) {
	b.u32(uint32(b.pos + 4))
	b.u32(0) // link to the next name
	b.u16(0) // hash
	b.u16(uint16(len([]rune(s))))
	b.raw(utf16le(s))
	b.u16(0)
}

func (b *chunkBuilder) open(n string, attrs, depID bool) {
	if attrs {
		b.u8(0x41)
	} else {
		b.u8(0x01)
	}
	if depID {
		b.u16(0xffff)
	}
	b.u32(0) // data size (not used by the decoder)
	b.name(n)
	if attrs {
		b.u32(0)
	}
}

func (b *chunkBuilder) attr(n string, more bool) {
	if more {
		b.u8(0x46)
	} else {
		b.u8(0x06)
	}
	b.name(n)
}

func (b *chunkBuilder) text(s string) {
	b.u8(0x05)
	b.u8(0x01)
	b.u16(uint16(len(utf16.Encode([]rune(s)))))
	b.raw(utf16le(s))
}

func (b *chunkBuilder) subst(id uint16, typ byte, optional bool) {
	if optional {
		b.u8(0x0e)
	} else {
		b.u8(0x0d)
	}
	b.u16(id)
	b.u8(typ)
}

func (b *chunkBuilder) beginRecord() {
	b.recStart = b.pos
	b.raw(recordSignature)
	b.u32(0)
	b.u64(b.nextID)
	b.u64(132000000000000000) // written time
	b.raw([]byte{0x0f, 1, 1, 0})
}

func (b *chunkBuilder) endRecord() {
	b.u8(0x00) // end of file token
	for (b.pos+4-b.recStart)%8 != 0 {
		b.u8(0)
	}
	size := b.pos + 4 - b.recStart
	b.u32(uint32(size))
	binary.LittleEndian.PutUint32(b.c[b.recStart+4:], uint32(size))
	b.lastRec = b.recStart
	b.nextID++
	b.records++
}

// template writes a template instance whose definition follows in place.
// body writes the definition's elements; values are the substitutions.
func (b *chunkBuilder) template(body func(), values []tval) {
	b.u8(0x0c)
	b.u8(0x01)
	b.u32(0x1234)
	b.u32(uint32(b.pos + 4))
	b.u32(0)
	b.u32(0x1234) // the GUID starts with the template identifier
	b.raw(make([]byte, 12))
	sizeAt := b.pos
	b.u32(0)
	start := b.pos
	b.raw([]byte{0x0f, 1, 1, 0})
	body()
	b.u8(0x00)
	binary.LittleEndian.PutUint32(b.c[sizeAt:], uint32(b.pos-start))
	b.u32(uint32(len(values)))
	for _, v := range values {
		b.u16(uint16(len(v.data)))
		b.u8(v.typ)
		b.u8(0)
	}
	for _, v := range values {
		b.raw(v.data)
	}
}

func (b *chunkBuilder) finish() []byte {
	le := binary.LittleEndian
	le.PutUint64(b.c[8:], 1)
	le.PutUint64(b.c[16:], uint64(b.records))
	le.PutUint64(b.c[24:], 1)
	le.PutUint64(b.c[32:], uint64(b.records))
	le.PutUint32(b.c[44:], uint32(b.lastRec))
	le.PutUint32(b.c[48:], uint32(b.pos))
	fixChunkCRCs(b.c)
	return b.c
}

func words(v ...uint16) []byte {
	var out []byte
	for _, w := range v {
		out = binary.LittleEndian.AppendUint16(out, w)
	}
	return out
}

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
