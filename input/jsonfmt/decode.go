package jsonfmt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kqlhunt/kqlhunt/input"
)

var errTrailing = errors.New("trailing data after the JSON value")

// valueFunc handles one top-level JSON value (or array element).
type valueFunc = input.LineFunc

// decode reads src as JSON lines when its first line is a complete JSON
// value (fast, parallel), else as one document holding values or arrays
// of values.
func decode(ctx context.Context, src *input.Source, out *input.Emitter, fn valueFunc) error {
	head, err := src.Head()
	if err != nil {
		return err
	}
	if lineMode(head) {
		return out.FileLines(ctx, fn)
	}
	return decodeDocument(ctx, src, out, func(b *input.Batcher, rec *input.Record,
		doc []byte, lines *lineIndex) {
		eachTop(doc, lines, b, func(v []byte, pos input.Pos) { fn(b, rec, v, pos) })
	})
}

// lineMode reports whether the first line holds a whole JSON object.
func lineMode(head []byte) bool {
	i := input.SkipSpace(head, 0)
	if i >= len(head) || head[i] != '{' {
		return false
	}
	nl := bytes.IndexByte(head[i:], '\n')
	if nl < 0 {
		return len(head) < input.HeadSize
	}
	line := bytes.TrimRight(head[i:i+nl], " \t\r")
	end, err := input.SkipValue(line, 0)
	return err == nil && end == len(line)
}

// lineIndex turns byte offsets into line numbers, for offsets visited in
// increasing order.
type lineIndex struct {
	doc  []byte
	off  int
	line int64
}

func (l *lineIndex) at(off int) int64 {
	if off < l.off {
		l.off, l.line = 0, 1
	}
	l.line += int64(bytes.Count(l.doc[l.off:off], []byte{'\n'}))
	l.off = off
	return l.line
}

// docFunc handles a whole document.
type docFunc func(b *input.Batcher, rec *input.Record, doc []byte, lines *lineIndex)

// maxDocument bounds a JSON document read whole (the hunting APIs cap
// responses far below this).
const maxDocument = 2 << 30

func decodeDocument(ctx context.Context, src *input.Source, out *input.Emitter, fn docFunc) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	doc, err := io.ReadAll(io.LimitReader(rc, maxDocument))
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := out.NewBatcher()
	defer b.Flush()
	fn(b, out.Plan().NewRecord(), doc, &lineIndex{doc: doc, line: 1})
	return nil
}

// eachTop calls fn with each top-level value of doc, and with each
// element of a top-level array. A syntax error stops the document.
func eachTop(doc []byte, lines *lineIndex, b *input.Batcher, fn func(v []byte, pos input.Pos)) {
	i := input.SkipSpace(doc, 0)
	rec := int64(0)
	for i < len(doc) {
		if doc[i] == '[' {
			end, err := eachElement(doc, i, func(v []byte, off int) {
				rec++
				fn(v, input.Pos{Line: lines.at(off), Record: rec})
			})
			if err != nil {
				b.Fault(input.Pos{Line: lines.at(end)}, "malformed JSON: "+err.Error())
				return
			}
			i = input.SkipSpace(doc, end)
			continue
		}
		end, err := input.SkipValue(doc, i)
		if err != nil {
			b.Fault(input.Pos{Line: lines.at(i)}, "malformed JSON: "+err.Error())
			return
		}
		rec++
		fn(doc[i:end], input.Pos{Line: lines.at(i), Record: rec})
		i = input.SkipSpace(doc, end)
	}
}

// eachElement calls fn with each element of the array at doc[i] and its
// offset, returning the index past the array.
func eachElement(doc []byte, i int, fn func(v []byte, off int)) (int, error) {
	if i >= len(doc) || doc[i] != '[' {
		return i, errors.New("want a JSON array")
	}
	i = input.SkipSpace(doc, i+1)
	if i < len(doc) && doc[i] == ']' {
		return i + 1, nil
	}
	for {
		end, err := input.SkipValue(doc, i)
		if err != nil {
			return end, err
		}
		fn(doc[i:end], i)
		i = input.SkipSpace(doc, end)
		if i >= len(doc) {
			return i, errors.New("unexpected end of array")
		}
		switch doc[i] {
		case ',':
			i = input.SkipSpace(doc, i+1)
		case ']':
			return i + 1, nil
		default:
			return i, fmt.Errorf("unexpected character %q in array", rune(doc[i]))
		}
	}
}

// streamValue decodes a Streaming API message ({"records":[...]}) or one
// record ({"category":..., "properties":{...}}).
func streamValue(plan *input.Plan, b *input.Batcher, rec *input.Record, v []byte, pos input.Pos) {
	var records, category, props []byte
	_, err := input.ObjectKeys(v, 0, func(key, raw []byte) bool {
		switch strings.ToLower(string(key)) {
		case "records":
			records = raw
		case "category":
			category = raw
		case "properties":
			props = raw
		}
		return true
	})
	if err != nil {
		b.Fault(pos, "malformed JSON: "+err.Error())
		return
	}
	if records != nil {
		n := int64(0)
		if _, err := eachElement(records, 0, func(r []byte, _ int) {
			n++
			streamValue(plan, b, rec, r, input.Pos{Line: pos.Line, Record: n})
		}); err != nil {
			b.Fault(pos, "malformed JSON: "+err.Error())
		}
		return
	}
	if props == nil {
		b.Fault(pos, "streaming record has no properties")
		return
	}
	rowObject(plan, b, rec, props, pos, streamTable(input.Unescape(category)))
}

// apiDocument decodes the hunting API and Log Analytics API responses.
func apiDocument(b *input.Batcher, rec *input.Record, doc []byte, lines *lineIndex) {
	plan := b.Emitter().Plan()
	_, err := input.ObjectKeys(doc, 0, func(key, raw []byte) bool {
		switch strings.ToLower(string(key)) {
		case "results":
			n := int64(0)
			off := offsetOf(doc, raw)
			_, err := eachElement(raw, 0, func(v []byte, o int) {
				n++
				rowObject(plan, b, rec, v, input.Pos{Line: lines.at(off + o), Record: n}, "")
			})
			if err != nil {
				b.Fault(input.Pos{Line: lines.at(off)}, "malformed JSON: "+err.Error())
			}
		case "tables":
			off := offsetOf(doc, raw)
			eachElement(raw, 0, func(t []byte, o int) {
				laTable(plan, b, rec, t, lines, off+o)
			})
		}
		return true
	})
	if err != nil {
		b.Fault(input.Pos{Line: 1}, "malformed JSON: "+err.Error())
	}
}

// offsetOf returns where sub (a subslice of doc) starts in doc.
func offsetOf(doc, sub []byte) int {
	if len(sub) == 0 {
		return 0
	}
	return cap(doc) - cap(sub)
}
