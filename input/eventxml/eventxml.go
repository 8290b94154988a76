// Package eventxml decodes Windows events rendered as XML: Event Viewer,
// wevtutil and Get-WinEvent output (an <Events> root or none, pretty or
// one-line, with or without the event namespace, UTF-16 handled by
// package input), evtxexport output, and Splunk XmlWinEventLog lines
// (single-quoted attributes). Each <Event> element is decoded on its own,
// so a truncated or broken event is reported and skipped while the rest
// are read.
package eventxml

import (
	"bytes"
	"context"
	"io"
	"sync"

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

type job struct {
	data []byte
	pos  input.Pos
}

// Decode implements input.Format.
func (Format) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	jobs := make(chan job, 64)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ev winevent.Event
			for j := range jobs {
				if err := Parse(j.data, &ev); err != nil {
					out.Fault(j.pos, "malformed event XML: "+err.Error())
					continue
				}
				out.Event(&ev, j.pos)
			}
		}()
	}
	err = split(ctx, rc, func(data []byte, pos input.Pos) {
		jobs <- job{append([]byte(nil), data...), pos}
	}, out)
	close(jobs)
	wg.Wait()
	return err
}

// split finds each <Event>...</Event> element in r and calls fn with it.
// An element cut short (by the end of input or by the next <Event>) is
// reported as a fault.
func split(ctx context.Context, r io.Reader, fn func([]byte, input.Pos), out *input.Emitter) error {
	buf := make([]byte, 0, 1<<20)
	line := int64(1) // line number of buf[0]
	pos := 0
	record := int64(0)
	eof := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := eventStart(buf[pos:])
		var end int
		if start >= 0 {
			start += pos
			end = bytes.Index(buf[start:], closeTag)
			if end >= 0 {
				end += start + len(closeTag)
				if next := eventStart(buf[start+1 : end]); next >= 0 {
					record++
					line += int64(bytes.Count(buf[pos:start], []byte{'\n'}))
					out.Fault(input.Pos{Line: line, Record: record},
						"truncated event: a new <Event> starts before </Event>")
					line += int64(bytes.Count(buf[start:start+1+next], []byte{'\n'}))
					pos = start + 1 + next
					continue
				}
				record++
				line += int64(bytes.Count(buf[pos:start], []byte{'\n'}))
				fn(buf[start:end], input.Pos{Line: line, Record: record})
				line += int64(bytes.Count(buf[start:end], []byte{'\n'}))
				pos = end
				continue
			}
		}
		if eof {
			if start >= 0 {
				record++
				line += int64(bytes.Count(buf[pos:start], []byte{'\n'}))
				out.Fault(input.Pos{Line: line, Record: record},
					"truncated event: input ends before </Event>")
			}
			return nil
		}
		// Keep what may still hold an event, then read more.
		keep := pos
		if start >= 0 {
			keep = start
		} else if len(buf)-len(openTag) > keep {
			keep = len(buf) - len(openTag)
		}
		line += int64(bytes.Count(buf[pos:keep], []byte{'\n'}))
		buf = append(buf[:0], buf[keep:]...)
		pos = 0
		if cap(buf)-len(buf) < 512<<10 {
			buf = append(make([]byte, 0, 2*cap(buf)+len(buf)), buf...)
		}
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			eof = true
		} else if err != nil {
			return err
		}
	}
}
