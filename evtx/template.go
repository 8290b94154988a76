package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// errTooLarge stops records whose templates nest into a huge expansion.
var errTooLarge = errors.New("record's templates expand past the work limit")

// template is a template definition compiled to an item stream in which
// substitutions stay as kSubst items. It is cached per chunk, keyed by the
// chunk offset of its definition, so each is decoded once per chunk.
type template struct {
	items []item
	err   error
}

// tval is one substitution value of a template instance.
type tval struct {
	typ  uint8
	off  int // chunk offset of the data
	data []byte
}

const (
	maxValues    = 1 << 14
	maxItems     = 1 << 16 // items one record may expand to
	maxWork      = 1 << 18 // template items one record may walk
	templateHead = 24      // next offset, GUID, data size
)

// instance decodes a template instance whose token p has just read, and
// appends the template's items with substitutions filled in.
func (d *decoder) instance(p *parser, dst []item) ([]item, error) {
	tokPos := p.pos - 1
	if err := p.need(9); err != nil {
		return dst, err
	}
	p.pos++ // unknown byte
	tmplID := p.u32()
	defOff := int(p.u32())
	var bodyOff, bodySize int
	switch {
	case defOff == p.pos:
		if err := p.need(templateHead); err != nil {
			return dst, err
		}
		bodySize = int(binary.LittleEndian.Uint32(p.b[p.pos+20:]))
		p.pos += templateHead
		bodyOff = p.pos
		if err := p.need(bodySize); err != nil {
			return dst, fmt.Errorf("template at %#x: size %d: %w", defOff, bodySize, err)
		}
		p.pos += bodySize
	case defOff < tokPos && defOff >= chunkHeaderLen && defOff+templateHead <= len(p.b):
		bodySize = int(binary.LittleEndian.Uint32(p.b[defOff+20:]))
		bodyOff = defOff + templateHead
		if bodyOff+bodySize > len(p.b) || bodySize < 0 {
			return dst, fmt.Errorf("template at %#x: size %d runs past the chunk", defOff, bodySize)
		}
	default:
		return dst, fmt.Errorf("template definition offset %#x outside the chunk", defOff)
	}
	// The definition's GUID starts with the identifier the instance names;
	// a mismatch means the offset points at something else (often in
	// records carved from slack, whose definitions were overwritten).
	if id := binary.LittleEndian.Uint32(p.b[bodyOff-20:]); id != tmplID {
		return dst, fmt.Errorf("template at %#x has identifier %#x, instance wants %#x",
			defOff, id, tmplID)
	}
	tm, err := d.template(defOff, bodyOff, bodySize, p.depth)
	if err != nil {
		return dst, fmt.Errorf("template at %#x: %w", defOff, err)
	}

	// Instance data: value count, descriptors, then the values themselves.
	if err := p.need(4); err != nil {
		return dst, err
	}
	n := int(p.u32())
	if n > maxValues || p.need(n*4) != nil {
		return dst, fmt.Errorf("template instance with %d values runs past its record", n)
	}
	base := len(d.vals)
	defer func() { d.vals = d.vals[:base] }()
	desc := p.pos
	p.pos += n * 4
	for i := 0; i < n; i++ {
		size := int(binary.LittleEndian.Uint16(p.b[desc+4*i:]))
		typ := p.b[desc+4*i+2]
		if err := p.need(size); err != nil {
			return dst, fmt.Errorf("template value %d of size %d runs past its record", i, size)
		}
		d.vals = append(d.vals, tval{typ: typ, off: p.pos, data: p.b[p.pos : p.pos+size]})
		p.pos += size
	}
	return d.expand(p, dst, tm.items, d.vals[base:])
}

// template returns the compiled template whose definition is at defOff.
func (d *decoder) template(defOff, bodyOff, bodySize, depth int) (*template, error) {
	if tm, ok := d.templates[uint32(defOff)]; ok {
		return tm, tm.err
	}
	tm := d.newTemplate()
	tp := parser{d: d, b: d.chunk, pos: bodyOff, end: bodyOff + bodySize,
		tmpl: true, depth: depth + 1}
	tm.items, tm.err = tp.run(tm.items[:0])
	d.templates[uint32(defOff)] = tm
	return tm, tm.err
}

func (d *decoder) newTemplate() *template {
	if d.nTmpl < len(d.tmplPool) {
		tm := d.tmplPool[d.nTmpl]
		d.nTmpl++
		return tm
	}
	tm := &template{items: make([]item, 0, 64)}
	d.tmplPool = append(d.tmplPool, tm)
	d.nTmpl++
	return tm
}

// expand appends a template's items to dst with substitutions replaced by
// their values. An attribute whose value is only null substitutions is
// left out, as Windows does (e.g. a missing EventID Qualifiers).
func (d *decoder) expand(p *parser, dst, items []item, vals []tval) ([]item, error) {
	d.work += len(items) + 1
	if len(dst)+len(items) > maxItems || d.work > maxWork {
		return dst, errTooLarge
	}
	var err error
	for i := 0; i < len(items); i++ {
		it := &items[i]
		switch it.kind {
		case kSubst:
			if dst, err = d.substitute(p, dst, it, vals); err != nil {
				return dst, err
			}
		case kAttr:
			j := i + 1
			null := true
			for ; j < len(items) && isAttrValue(items[j].kind); j++ {
				if items[j].kind != kSubst || !isNull(items[j].idx, vals) {
					null = false
				}
			}
			if null && j > i+1 {
				i = j - 1
				continue
			}
			dst = append(dst, *it)
		default:
			dst = append(dst, *it)
		}
	}
	return dst, nil
}

func isAttrValue(k itemKind) bool {
	return k == kValue || k == kSubst || k == kCharRef || k == kEntity
}

func isNull(idx uint16, vals []tval) bool {
	return int(idx) >= len(vals) || vals[idx].typ == 0
}

func (d *decoder) substitute(p *parser, dst []item, it *item, vals []tval) ([]item, error) {
	if int(it.idx) >= len(vals) {
		d.warnf("substitution %d of %d values", it.idx, len(vals))
		return dst, nil
	}
	v := vals[it.idx]
	switch v.typ {
	case 0x00:
		return dst, nil
	case 0x21:
		np := parser{d: d, b: p.b, pos: v.off, end: v.off + len(v.data),
			nested: true, depth: p.depth + 1}
		return np.run(dst)
	}
	if !knownType(v.typ) {
		d.warnf("unknown value type %#x", v.typ)
	}
	return append(dst, item{kind: kValue, vtype: v.typ, data: v.data}), nil
}
