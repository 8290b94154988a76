package watch

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/source"
)

// Run runs the service until ctx ends (a graceful shutdown: stop reading,
// deliver queued alerts, commit), until every local source is exhausted
// (standard input closed, with no other source), or until Kill.
func (s *Service) Run(ctx context.Context) error {
	c := s.cfg
	if c.Listen != "off" {
		srv, err := listen(c.Listen, s.m)
		if err != nil {
			return err
		}
		s.srv = srv
		c.Log.Info("serving /healthz and /metrics", "addr", srv.Addr())
	}
	for _, g := range s.groups {
		if err := g.start(); err != nil {
			s.stopClients()
			return err
		}
	}
	if s.repart != nil {
		if err := s.repart.start(); err != nil {
			s.stopClients()
			return err
		}
	}
	c.Log.Info("watch started", "rules", len(c.Rules), "skipped", len(s.skipped),
		"realtime", c.Realtime)

	// readCtx stops the readers; it ends on ctx, on Kill, or when the local
	// sources are exhausted and nothing else reads.
	readCtx, stopReading := context.WithCancel(context.Background())
	defer stopReading()
	// work carries the evaluation of what was read: it outlives readCtx on
	// a graceful stop (bounded by ShutdownTimeout), not on Kill.
	work, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	var wg sync.WaitGroup
	errs := make(chan error, len(s.groups)+2)
	localDone := make(chan struct{})
	if s.local != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(localDone)
			errs <- s.runLocal(readCtx, work)
		}()
	}
	for _, g := range s.groups {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- g.run(readCtx, work) }()
	}
	if s.repart != nil {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- s.repart.run(readCtx) }()
	}
	onlyLocal := len(s.groups) == 0 && s.repart == nil
	var firstErr error
	select {
	case <-ctx.Done():
		c.Log.Info("stopping: draining and delivering")
	case <-s.killed:
	case <-localDone:
		if !onlyLocal {
			<-ctx.Done()
		}
	}
	if s.srv != nil {
		s.srv.healthy.Store(false)
	}
	select {
	case <-s.killed:
		stopWork()
	default:
		t := time.AfterFunc(c.ShutdownTimeout, stopWork)
		defer t.Stop()
	}
	stopReading()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) && firstErr == nil {
			firstErr = err
		}
	}
	select {
	case <-s.killed:
		dead, cancel := context.WithCancel(context.Background())
		cancel()
		s.disp.Close(dead)
		s.stopClients()
		if s.srv != nil {
			s.srv.close(dead)
		}
		return ErrKilled
	default:
	}
	if s.local != nil {
		s.local.tick(context.Background())
	}
	drain, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	if err := s.disp.Close(drain); err != nil && firstErr == nil {
		firstErr = err
	}
	for _, g := range s.groups {
		if err := g.commit(drain); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	s.stopClients()
	if s.srv != nil {
		s.srv.close(drain)
	}
	pending := 0
	for _, pl := range s.pipelines() {
		pending += pl.pendingCount()
	}
	c.Log.Info("watch stopped", "undelivered_alerts", pending,
		"window_dropped", s.budget.Dropped())
	return firstErr
}

// pipelines lists the running pipelines.
func (s *Service) pipelines() []*pipeline {
	var out []*pipeline
	if s.local != nil {
		out = append(out, s.local)
	}
	for _, g := range s.groups {
		out = append(out, g.pl)
	}
	return out
}

// stopClients closes the Kafka clients.
func (s *Service) stopClients() {
	for _, g := range s.groups {
		g.close()
	}
	if s.repart != nil {
		s.repart.close()
	}
}

// localBatch is the most records processed at once from local sources.
const localBatch = 4096

// runLocal reads the files, folders and standard input into the local
// pipeline and runs its scheduled rules, until ctx ends or all sources
// are exhausted.
func (s *Service) runLocal(ctx, work context.Context) error {
	c := s.cfg
	pl := s.local
	pl.open("local", nil)
	pl.mu.Lock()
	pl.parts["local"].p.Start(c.Clock.Now(), nil)
	pl.mu.Unlock()
	ch := make(chan record, localBatch)
	var seq atomic.Int64
	handler := func(r source.Record) {
		rec := record{data: r.Data, table: r.Table, rows: r.Rows, source: "file",
			arrival: c.Clock.Now(), offset: seq.Add(1)}
		if r.Origin == "-" {
			rec.source = "stdin"
		}
		select {
		case ch <- rec:
		case <-ctx.Done():
		}
	}
	var srcs []source.Source
	for _, f := range c.Files {
		if f == "-" {
			srcs = append(srcs, &source.Reader{R: c.Stdin})
			continue
		}
		srcs = append(srcs, &source.Follower{Path: f, FromEnd: c.FromEnd})
	}
	for _, d := range c.Folders {
		srcs = append(srcs, &source.Folder{Dir: d, Read: c.ReadFile, Tables: pl.det.Tables(),
			Existing: !c.FromEnd, Faults: faultLog{s}})
	}
	var wg sync.WaitGroup
	for _, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := src.Run(ctx, handler); err != nil && !errors.Is(err, io.EOF) &&
				ctx.Err() == nil {
				c.Log.Error("source failed", "err", err)
			}
		}()
	}
	exhausted := make(chan struct{})
	go func() { wg.Wait(); close(exhausted) }()
	tick := c.Clock.After(c.Tick)
	batch := make([]record, 0, localBatch)
	for {
		select {
		case r := <-ch:
			batch = append(batch[:0], r)
			for len(batch) < localBatch && len(ch) > 0 {
				batch = append(batch, <-ch)
			}
			if err := pl.process(work, "local", batch); err != nil {
				return err
			}
		case <-tick:
			if err := pl.tick(work); err != nil {
				return err
			}
			tick = c.Clock.After(c.Tick)
		case <-exhausted:
			for len(ch) > 0 {
				batch = batch[:0]
				for len(batch) < localBatch && len(ch) > 0 {
					batch = append(batch, <-ch)
				}
				if err := pl.process(work, "local", batch); err != nil {
					return err
				}
			}
			return nil
		case <-ctx.Done():
			// A source blocked reading (standard input) cannot be woken; its
			// goroutine ends with its next read.
			return nil
		}
	}
}

// faultLog logs unreadable inputs of folders.
type faultLog struct{ s *Service }

func (f faultLog) Fault(origin string, err error) {
	f.s.cfg.Log.Warn("input unreadable", "origin", origin, "err", err)
}
