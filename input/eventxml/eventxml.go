// Package eventxml decodes Windows events rendered as XML: Event Viewer,
// wevtutil and Get-WinEvent output (an <Events> root or none, pretty or
// one-line, with or without the event namespace, UTF-16 handled by
// package input), evtxexport output, and Splunk XmlWinEventLog lines
// (single-quoted attributes). Each <Event> element is decoded on its own,
// so a truncated or broken event is reported and skipped while the rest
// are read.
//
// One goroutine splits the input into blocks of whole events; two decode
// them with a hand-written scanner (scan.go, tags.go) that reads the
// event shape without encoding/xml and agrees with it exactly: on what
// it does not handle itself (malformed events, processing instructions,
// directives, non-ASCII element names) it defers to encoding/xml
// (std.go), which also words the faults.
package eventxml

import (
	"bytes"
	"context"
	"io"
	"sync"
	"unsafe"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/winevent"
)

func init() { input.Register(Format{}) }

// Name is the format's name.
const Name = "event-xml"

// Format is the Windows event XML format.
type Format struct{}

// Name implements input.Format.
func (Format) Name() string { return Name }

// Detect implements input.Format: XML text holding an <Event> element.
func (Format) Detect(head []byte) bool {
	i := input.SkipSpace(head, 0)
	if i >= len(head) || head[i] != '<' {
		return false
	}
	return eventStart(head) >= 0
}

var (
	openTag  = []byte("<Event")
	closeTag = []byte("</Event>")
)

// eventStart returns the index of the first <Event start tag (not
// <Events>, <EventData>, <EventID>...), or -1.
func eventStart(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], openTag)
		if i < 0 {
			return -1
		}
		j := off + i + len(openTag)
		if j < len(b) {
			switch b[j] {
			case ' ', '>', '\t', '\r', '\n', '/':
				return off + i
			}
		} else {
			return off + i
		}
		off = j
	}
}

// blockSize is the size of the blocks of events handed to the decoding
// goroutines.
const blockSize = 256 << 10

// span is one <Event> element of a block: data[a:b], at pos.
type span struct {
	a, b int
	pos  input.Pos
}

// block is a run of input holding whole events, decoded by one goroutine.
type block struct {
	data   []byte
	events []span
}

var blocks = sync.Pool{New: func() any { return new(block) }}

// getBlock returns an empty block with room for n bytes.
func getBlock(n int) *block {
	b := blocks.Get().(*block)
	if cap(b.data) < n {
		b.data = make([]byte, 0, n)
	}
	b.data, b.events = b.data[:0], b.events[:0]
	return b
}

// Decode implements input.Format. One goroutine splits the input into
// blocks of whole events; two decode them.
func (Format) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	jobs := make(chan *block, 8)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ev winevent.Event
			var s scanner
			for b := range jobs {
				for _, e := range b.events {
					decodeEvent(&s, b.data[e.a:e.b], &ev, e.pos, out)
				}
				blocks.Put(b)
			}
		}()
	}
	err = split(ctx, rc, blockSize, func(b *block) { jobs <- b }, out.Fault)
	close(jobs)
	wg.Wait()
	return err
}

// decodeEvent decodes one event and hands it to out, or reports it.
func decodeEvent(s *scanner, data []byte, ev *winevent.Event, pos input.Pos, out *input.Emitter) {
	data = sanitize(data)
	if !s.scan(data, unsafe.String(unsafe.SliceData(data), len(data)), ev) {
		if err := parseStd(data, ev); err != nil {
			out.Fault(pos, "malformed event XML: "+err.Error())
			return
		}
	}
	out.Event(ev, pos)
}

// split finds each <Event>...</Event> element in r and hands them to emit
// in blocks of about size bytes (more for a larger event). An element cut
// short (by the end of input or by the next <Event>) is reported to fault.
func split(ctx context.Context, r io.Reader, size int, emit func(*block),
	fault func(input.Pos, string)) error {
	b := getBlock(size)
	line := int64(1) // line number of b.data[pos]
	pos := 0
	record := int64(0)
	eof := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf := b.data
		start := eventStart(buf[pos:])
		if start >= 0 {
			start += pos
			// The next event's start bounds the search for this one's end.
			limit := len(buf)
			next := eventStart(buf[start+1:])
			if next >= 0 {
				limit = start + 1 + next
			}
			end := bytes.Index(buf[start:limit], closeTag)
			switch {
			case end < 0 && next >= 0:
				line += int64(bytes.Count(buf[pos:start], nl))
				record++
				fault(input.Pos{Line: line, Record: record},
					"truncated event: a new <Event> starts before </Event>")
				line += int64(bytes.Count(buf[start:limit], nl))
				pos = limit
				continue
			case end >= 0:
				end += start + len(closeTag)
				line += int64(bytes.Count(buf[pos:start], nl))
				record++
				b.events = append(b.events, span{start, end, input.Pos{Line: line,
					Record: record}})
				line += int64(bytes.Count(buf[start:end], nl))
				pos = end
				continue
			}
		}
		if eof {
			if start >= 0 {
				record++
				line += int64(bytes.Count(buf[pos:start], nl))
				fault(input.Pos{Line: line, Record: record},
					"truncated event: input ends before </Event>")
			}
			if len(b.events) > 0 {
				emit(b)
			}
			return nil
		}
		// Carry what may still hold an event into a new block, then read.
		keep := pos
		if start >= 0 {
			keep = start
		} else if len(buf)-len(openTag) > keep {
			keep = len(buf) - len(openTag)
		}
		line += int64(bytes.Count(buf[pos:keep], nl))
		rest := len(buf) - keep
		n := size
		if rest > size/2 {
			n = 2*rest + size
		}
		next := getBlock(n)
		next.data = append(next.data, buf[keep:]...)
		if len(b.events) > 0 {
			emit(b)
		} else {
			blocks.Put(b)
		}
		b, pos = next, 0
		m, err := io.ReadFull(r, b.data[len(b.data):cap(b.data)])
		b.data = b.data[:len(b.data)+m]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			eof = true
		} else if err != nil {
			return err
		}
	}
}

var nl = []byte{'\n'}
