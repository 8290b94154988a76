package evtx

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

// Options tune a Records pass; the zero value is the default.
type Options struct {
	// Workers is the number of decoding goroutines; 0 means GOMAXPROCS.
	Workers int
	// XML makes each Record carry its XML rendering (Record.XML).
	XML bool
	// Slack also carves records from the slack space of each chunk (see
	// FlagSlack); like evtxexport -m all. Off by default: slack often
	// holds stale copies of live records.
	Slack bool
}

type job struct {
	index int
	res   chan *chunkResult
}

// Records decodes every chunk, in parallel, and calls fn with each record
// in file order. Chunks in flight are bounded (a few per worker), so memory
// stays flat whatever the file size. Faults do not stop the pass; they are
// counted and listed in Stats. Records stops early, returning the error,
// when fn returns an error or ctx is done.
func (f *File) Records(ctx context.Context, fn func(*Record) error) (Stats, error) {
	return f.RecordsWith(ctx, Options{}, fn)
}

// RecordsWith is Records with options.
func (f *File) RecordsWith(ctx context.Context, opt Options,
	fn func(*Record) error) (Stats, error) {
	st := Stats{Chunks: f.Chunks}
	st.Faults = append(st.Faults, f.Faults...)
	defer func() {
		for i := range st.Faults {
			st.Faults[i].File = f.Name
		}
	}()
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, f.Chunks))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	window := make(chan chan *chunkResult, 4*workers)
	jobs := make(chan job)
	free := make(chan *chunkResult, 6*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newDecoder()
			d.xml, d.slack = opt.XML, opt.Slack
			buf := make([]byte, chunkSize)
			for j := range jobs {
				var r *chunkResult
				select {
				case r = <-free:
				default:
					r = &chunkResult{}
				}
				r.reset(j.index)
				f.decode(d, buf, r)
				j.res <- r
			}
		}()
	}
	go func() {
		defer close(window)
		defer close(jobs)
		for i := 0; i < f.Chunks; i++ {
			res := make(chan *chunkResult, 1)
			select {
			case window <- res:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{i, res}:
			case <-ctx.Done():
				return
			}
		}
	}()

	var err error
	for res := range window {
		var r *chunkResult
		select {
		case r = <-res:
		case <-ctx.Done():
		}
		if r == nil || err != nil {
			continue
		}
		if err = ctx.Err(); err == nil {
			err = deliver(ctx, &st, r, fn)
		}
		if err != nil {
			cancel()
		}
		select {
		case free <- r:
		default:
		}
	}
	cancel()
	wg.Wait()
	if err == nil || errors.Is(err, context.Canceled) {
		if perr := parent.Err(); perr != nil {
			err = perr
		}
	}
	return st, err
}

// decode reads chunk i of the file into buf and decodes it into r.
func (f *File) decode(d *decoder, buf []byte, r *chunkResult) {
	base := int64(fileHeaderSize) + int64(r.index)*chunkSize
	n, err := f.r.ReadAt(buf, base)
	if err != nil && err != io.EOF {
		r.fault(base, 0, reasonReadChunk, err)
		return
	}
	clear(buf[n:])
	d.decodeChunk(buf, n, base, f.counted(r.index), r)
}

func deliver(ctx context.Context, st *Stats, r *chunkResult, fn func(*Record) error) error {
	done := ctx.Done()
	st.Faults = append(st.Faults, r.faults...)
	st.Skipped += r.skipped
	if r.empty {
		st.EmptyChunks++
		return nil
	}
	st.Bytes += r.bytes
	for i := range r.records {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		rec := &r.records[i]
		st.Records++
		if rec.Flags != 0 {
			st.Flagged++
		}
		if rec.Flags&FlagRecovered != 0 {
			st.Recovered++
		}
		if rec.Flags&FlagSlack != 0 {
			st.Carved++
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}
