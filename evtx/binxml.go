package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Binary XML tokens (the 0x40 bit, "more data follows", is masked off).
const (
	tokEOF          = 0x00
	tokOpenStart    = 0x01
	tokCloseStart   = 0x02
	tokCloseEmpty   = 0x03
	tokEnd          = 0x04
	tokValue        = 0x05
	tokAttr         = 0x06
	tokCDATA        = 0x07
	tokCharRef      = 0x08
	tokEntityRef    = 0x09
	tokPITarget     = 0x0a
	tokPIData       = 0x0b
	tokTemplate     = 0x0c
	tokSubst        = 0x0d
	tokOptSubst     = 0x0e
	tokFragmentHead = 0x0f
)

// itemKind is the kind of one entry of the decoded event stream.
type itemKind uint8

const (
	kInvalid    itemKind = iota
	kStart               // element start; name
	kAttr                // attribute; its value items follow
	kCloseStart          // end of the attribute list; content follows
	kEnd                 // element end (also for empty elements)
	kValue               // typed value; vtype, data
	kSubst               // substitution (template bodies only); idx, opt
	kCDATA               // CDATA text; data (UTF-16)
	kCharRef             // character reference; idx is the code point
	kEntity              // entity reference; name
	kPITarget            // processing instruction target; name
	kPIData              // processing instruction data; data (UTF-16)
)

// item is one entry of the flat event stream that binary XML decodes to.
// Names are shared strings from the chunk's name cache; data aliases the
// chunk buffer, so items live no longer than the chunk being decoded.
type item struct {
	kind  itemKind
	vtype uint8
	opt   bool
	idx   uint16
	name  string
	data  []byte
}

const maxDepth = 12

var errTruncated = errors.New("data runs past its bounds")

type parser struct {
	d      *decoder
	b      []byte // the chunk
	pos    int
	end    int
	tmpl   bool // compiling a template body: substitutions allowed
	nested bool // inside a BinXml value: element starts lack a dependency id
	depth  int
}

func (p *parser) need(n int) error {
	if p.pos+n > p.end || p.pos+n < p.pos {
		return errTruncated
	}
	return nil
}

func (p *parser) u16() uint16 { v := binary.LittleEndian.Uint16(p.b[p.pos:]); p.pos += 2; return v }
func (p *parser) u32() uint32 { v := binary.LittleEndian.Uint32(p.b[p.pos:]); p.pos += 4; return v }

// run decodes tokens from p.pos to p.end (or an end-of-file token) and
// appends the resulting items to dst.
func (p *parser) run(dst []item) ([]item, error) {
	if p.depth > maxDepth {
		return dst, errors.New("nesting too deep")
	}
	for p.pos < p.end {
		tok := p.b[p.pos]
		start := p.pos
		p.pos++
		var err error
		switch tok & 0xbf {
		case tokEOF:
			return dst, nil
		case tokFragmentHead:
			if err = p.need(3); err == nil {
				p.pos += 3
			}
		case tokOpenStart:
			var name string
			if name, err = p.elementStart(tok); err == nil {
				dst = append(dst, item{kind: kStart, name: name})
			}
		case tokCloseStart:
			dst = append(dst, item{kind: kCloseStart})
		case tokCloseEmpty, tokEnd:
			dst = append(dst, item{kind: kEnd})
		case tokValue:
			if err = p.need(3); err == nil {
				vt := p.b[p.pos]
				p.pos++
				var s []byte
				if s, err = p.utf16(); err == nil {
					if vt != 0x01 {
						p.d.warnf("value token of type %#x read as a string", vt)
					}
					dst = append(dst, item{kind: kValue, vtype: 0x01, data: s})
				}
			}
		case tokAttr:
			var name string
			if name, err = p.nameRef(); err == nil {
				dst = append(dst, item{kind: kAttr, name: name})
			}
		case tokCDATA, tokPIData:
			if tok == tokPIData|0x40 {
				err = fmt.Errorf("unknown token %#x at %#x", tok, start)
				break
			}
			var s []byte
			if s, err = p.utf16(); err == nil {
				k := kCDATA
				if tok&0xbf == tokPIData {
					k = kPIData
				}
				dst = append(dst, item{kind: k, data: s})
			}
		case tokCharRef:
			if err = p.need(2); err == nil {
				dst = append(dst, item{kind: kCharRef, idx: p.u16()})
			}
		case tokEntityRef, tokPITarget:
			var name string
			if name, err = p.nameRef(); err == nil {
				k := kEntity
				if tok&0xbf == tokPITarget {
					k = kPITarget
				}
				dst = append(dst, item{kind: k, name: name})
			}
		case tokTemplate:
			dst, err = p.d.instance(p, dst)
		case tokSubst, tokOptSubst:
			if !p.tmpl {
				err = fmt.Errorf("substitution outside a template at %#x", start)
			} else if err = p.need(3); err == nil {
				id := p.u16()
				vt := p.b[p.pos]
				p.pos++
				dst = append(dst, item{kind: kSubst, idx: id, vtype: vt,
					opt: tok == tokOptSubst})
			}
		default:
			err = fmt.Errorf("unknown token %#x at %#x", tok, start)
		}
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// elementStart reads an open start element token's fields and returns the
// element name. Records and template bodies carry a 2-byte dependency id
// before the size; element starts inside BinXml values usually do not. The
// layout whose name offset makes sense wins.
func (p *parser) elementStart(tok byte) (string, error) {
	with, without := 10, 8
	first, second := with, without
	if p.nested {
		first, second = without, with
	}
	base := p.pos
	name, err := p.tryElementStart(base, first, tok)
	if err != nil {
		name, err = p.tryElementStart(base, second, tok)
	}
	return name, err
}

func (p *parser) tryElementStart(base, fixed int, tok byte) (string, error) {
	p.pos = base
	if err := p.need(fixed); err != nil {
		return "", err
	}
	off := int(binary.LittleEndian.Uint32(p.b[base+fixed-4:]))
	p.pos = base + fixed
	if off != p.pos && off >= p.pos {
		return "", fmt.Errorf("element name offset %#x ahead of %#x", off, p.pos)
	}
	name, err := p.nameAt(off)
	if err != nil {
		return "", err
	}
	if tok&0x40 != 0 {
		if err := p.need(4); err != nil {
			return "", err
		}
		p.pos += 4 // attribute list size; attributes follow as tokens
	}
	return name, nil
}

// nameRef reads a 4-byte chunk offset of a name, skipping the name when it
// is stored inline.
func (p *parser) nameRef() (string, error) {
	if err := p.need(4); err != nil {
		return "", err
	}
	off := int(p.u32())
	return p.nameAt(off)
}

// nameAt returns the name at chunk offset off. When off is the current
// position the name is inline and the position moves past it.
func (p *parser) nameAt(off int) (string, error) {
	inline := off == p.pos
	name, size, err := p.d.name(off)
	if err != nil {
		return "", err
	}
	if inline {
		if p.pos+size > p.end {
			return "", errTruncated
		}
		p.pos += size
	}
	return name, nil
}

// utf16 reads a character count and that many UTF-16 code units.
func (p *parser) utf16() ([]byte, error) {
	if err := p.need(2); err != nil {
		return nil, err
	}
	n := int(p.u16()) * 2
	if err := p.need(n); err != nil {
		return nil, err
	}
	s := p.b[p.pos : p.pos+n]
	p.pos += n
	return s, nil
}
