package input

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// chunkSize is the block of lines one worker decodes at a time.
const chunkSize = 4 << 20

// LineFunc handles one line (without its end-of-line bytes, never
// empty) with the worker's own Batcher and Record.
type LineFunc func(b *Batcher, rec *Record, line []byte, pos Pos)

type chunk struct {
	buf   []byte
	line  int64 // line number of buf's first line
	index int
}

// Lines splits r into line-aligned blocks and calls fn for every
// non-blank line, decoding blocks on all workers at once. Batches are
// delivered per worker, so rows of different blocks may arrive in any
// order; positions are exact.
func (e *Emitter) Lines(ctx context.Context, r io.Reader, fn LineFunc) error {
	workers := e.run.workers
	jobs := make(chan chunk, workers)
	// Buffers are made on demand, at most workers+2, no larger than the
	// input needs, and recycled through pool.
	pool := make(chan []byte, workers+2)
	first := chunkSize
	if n := e.src.Size; n >= 0 && n < chunkSize {
		first = int(n) + 1
	}
	made := 0
	get := func() []byte {
		select {
		case b := <-pool:
			return b
		default:
		}
		if made < workers+2 {
			made++
			return make([]byte, 0, first)
		}
		return <-pool
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, rec := e.NewBatcher(), e.run.plan.NewRecord()
			for c := range jobs {
				eachLine(c, b, rec, fn)
				pool <- c.buf[:0]
			}
			b.Flush()
		}()
	}
	err := splitChunks(ctx, r, jobs, get, pool, first)
	close(jobs)
	wg.Wait()
	return err
}

// FileLines is Lines over the source's content, memory-mapped without
// copying when the source is a plain UTF-8 file (no byte-order mark), else
// read through Open.
func (e *Emitter) FileLines(ctx context.Context, fn LineFunc) error {
	if path, ok := e.src.file(); ok {
		if data, unmap, ok := mapFile(path); ok {
			defer unmap()
			if plainUTF8(data) {
				return e.bytesLines(ctx, data, fn)
			}
		}
	}
	rc, err := e.src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return e.Lines(ctx, rc, fn)
}

// plainUTF8 reports whether data needs no transcoding (see Source.Open).
func plainUTF8(data []byte) bool {
	if len(data) >= 2 && (data[0] == 0xFF || data[0] == 0xFE || data[1] == 0) {
		return false
	}
	return !(len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
}

// errFileChanged reports a mapped file cut short while being read.
var errFileChanged = errors.New("input: the file shrank while being read")

// bytesLines is Lines over data in memory: blocks are cut at line ends and
// decoded on all workers without copying. Data may be a mapped file: a
// fault on reading it (the file truncated meanwhile) becomes an error.
func (e *Emitter) bytesLines(ctx context.Context, data []byte, fn LineFunc) (err error) {
	workers := e.run.workers
	jobs := make(chan chunk, workers)
	var wg sync.WaitGroup
	var faulted atomic.Bool
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			err = errFileChanged
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			b, rec := e.NewBatcher(), e.run.plan.NewRecord()
			for c := range jobs {
				if !faulted.Load() {
					safeLines(c, b, rec, fn, &faulted)
				}
			}
			b.Flush()
		}()
	}
	defer func() {
		if err == nil && faulted.Load() {
			err = errFileChanged
		}
	}()
	defer wg.Wait()
	defer close(jobs)
	line := int64(1)
	for len(data) > 0 {
		if err = ctx.Err(); err != nil {
			break
		}
		cut := min(len(data), chunkSize)
		if cut < len(data) {
			if nl := bytes.IndexByte(data[cut:], '\n'); nl >= 0 {
				cut += nl + 1
			} else {
				cut = len(data)
			}
		}
		jobs <- chunk{buf: data[:cut], line: line}
		e.Progress(int64(cut))
		line += int64(bytes.Count(data[:cut], []byte{'\n'}))
		data = data[cut:]
	}
	return err
}

// safeLines is eachLine turning a memory fault into a flag.
func safeLines(c chunk, b *Batcher, rec *Record, fn LineFunc, faulted *atomic.Bool) {
	defer func() {
		if recover() != nil {
			faulted.Store(true)
		}
	}()
	eachLine(c, b, rec, fn)
}

func splitChunks(ctx context.Context, r io.Reader, jobs chan<- chunk, get func() []byte,
	pool chan []byte, first int) error {
	var carry []byte
	line := int64(1)
	size := first
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf := get()[:0]
		if cap(buf) < len(carry)+size {
			buf = make([]byte, 0, len(carry)+size)
		}
		buf = append(buf, carry...)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				// One line longer than the buffer: grow and read on.
				carry = append(carry[:0], buf...)
				pool <- buf[:0]
				size *= 2
				continue
			}
		}
		size = first
		carry = append(carry[:0], buf[cut:]...)
		job := chunk{buf: buf[:cut], line: line}
		line += int64(bytes.Count(job.buf, []byte{'\n'}))
		if len(job.buf) > 0 {
			jobs <- job
		}
		if eof {
			return nil
		}
	}
}

func eachLine(c chunk, b *Batcher, rec *Record, fn LineFunc) {
	buf, line := c.buf, c.line
	for len(buf) > 0 {
		nl := bytes.IndexByte(buf, '\n')
		var l []byte
		if nl < 0 {
			l, buf = buf, nil
		} else {
			l, buf = buf[:nl], buf[nl+1:]
		}
		l = bytes.TrimRight(l, " \t\r")
		if i := SkipSpace(l, 0); i < len(l) {
			fn(b, rec, l[i:], Pos{Line: line})
		}
		line++
	}
}
