package input

import (
	"bytes"
	"context"
	"io"
	"sync"
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
