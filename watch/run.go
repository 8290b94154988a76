package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/source"
)

// Run runs the service until ctx ends (a graceful shutdown: stop reading,
// deliver queued alerts, commit), until every local source is exhausted
// (standard input closed, with no other source), or until Kill.
func (s *Service) Run(ctx context.Context) error {
	c := s.cfg
	defer s.state.close()
	if c.Listen != "off" {
		srv, err := listen(c.Listen, s.m, s.kafkaHealth.problem)
		if err != nil {
			return &StartError{Err: err}
		}
		s.srv = srv
		c.Log.Info("serving /healthz and /metrics", "addr", srv.Addr())
	}
	for _, g := range s.groups {
		if err := g.start(); err != nil {
			s.stopClients()
			return &StartError{Err: err}
		}
	}
	if s.repart != nil {
		if err := s.repart.start(); err != nil {
			s.stopClients()
			return &StartError{Err: err}
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
		s.local.expire(context.Background(), true)
		if s.state.replayed() {
			s.local.tick(context.Background())
		}
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
	if err := s.saveState(); err != nil && firstErr == nil {
		firstErr = err
	}
	s.stopClients()
	if s.srv != nil {
		s.srv.close(drain)
	}
	pending := 0
	for _, pl := range s.pipelines() {
		pending += pl.pendingCount()
	}
	givenUp := s.rep.givenUp.Load()
	c.Log.Info("watch stopped", "undelivered_alerts", pending, "given_up_alerts", givenUp,
		"window_dropped", s.budget.Dropped())
	if firstErr == nil {
		firstErr = s.lost(pending, givenUp)
	}
	return firstErr
}

// StartError is an error of Run before it read anything: a listen address
// in use, a Kafka client that cannot be made.
type StartError struct{ Err error }

func (e *StartError) Error() string { return e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// lost reports, as an error, alerts that did not reach every sink and
// sources that failed, so that a stop that lost something is not a clean
// one.
func (s *Service) lost(pending int, givenUp int64) error {
	var errs []error
	if pending > 0 {
		errs = append(errs, fmt.Errorf("%d alerts not delivered to every sink "+
			"(Kafka and --state sources raise them again on the next start)", pending))
	}
	if givenUp > 0 {
		errs = append(errs, fmt.Errorf("%d alerts given up by a sink that refused them", givenUp))
	}
	if n := s.failedSources.Load(); n > 0 {
		errs = append(errs, fmt.Errorf("%d sources failed", n))
	}
	return errors.Join(errs...)
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
// are exhausted. With a state file, it resumes the rules' schedules and
// the files' positions, holds the scheduled runs until what the files
// held at start has been evaluated (so runs missed while stopped see the
// events read again), and saves the state every CommitInterval.
func (s *Service) runLocal(ctx, work context.Context) error {
	c := s.cfg
	pl := s.local
	ls := s.state
	resume := ls.resumeTimes()
	pl.open("local", resume)
	pl.mu.Lock()
	pl.parts["local"].p.Start(c.Clock.Now(), resume)
	pl.mu.Unlock()
	ch := make(chan localItem, localBatch)
	send := func(it localItem) {
		select {
		case ch <- it:
		case <-ctx.Done():
		}
	}
	handler := func(r source.Record) {
		send(localItem{r: r, arrival: ls.arrival(r, c.Clock.Now())})
	}
	var wg sync.WaitGroup
	for _, src := range s.localSources(func() { send(localItem{ready: true}) }) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := src.Run(ctx, handler); err != nil && !errors.Is(err, io.EOF) &&
				ctx.Err() == nil {
				s.failedSources.Add(1)
				c.Log.Error("source failed", "err", err)
			}
		}()
	}
	exhausted := make(chan struct{})
	go func() { wg.Wait(); close(exhausted) }()
	var seq int64 // number of the last record, its offset in the stream
	batch := make([]record, 0, localBatch)
	take := func(it localItem) {
		switch {
		case it.ready:
			ls.sourceReady()
		case it.r.Mark:
			ls.mark(it.r, seq+1)
		default:
			seq++
			rec := record{data: it.r.Data, table: it.r.Table, rows: it.r.Rows, source: "file",
				arrival: it.arrival, offset: seq, origin: it.r.Origin, pos: it.r.Offset}
			if it.r.Origin == "-" {
				rec.source = "stdin"
			}
			ls.line(it.r, seq, it.arrival)
			batch = append(batch, rec)
		}
	}
	// evaluate takes first and what else is waiting, up to a batch.
	evaluate := func(first localItem) error {
		batch = batch[:0]
		ls.newBatch()
		take(first)
		for len(batch) < localBatch && len(ch) > 0 {
			take(<-ch)
		}
		return pl.process(work, "local", batch)
	}
	tick := c.Clock.After(c.Tick)
	var save <-chan time.Time
	if ls != nil {
		t := time.NewTicker(c.CommitInterval)
		defer t.Stop()
		save = t.C
	}
	for {
		select {
		case it := <-ch:
			if err := evaluate(it); err != nil {
				return err
			}
		case <-tick:
			if ls.replayed() {
				if err := pl.tick(work); err != nil {
					return err
				}
			}
			tick = c.Clock.After(c.Tick)
		case <-save:
			if err := s.saveState(); err != nil && pl.lim.allow("state") {
				c.Log.Warn("saving the state file failed", "err", err)
			}
		case <-exhausted:
			for len(ch) > 0 {
				if err := evaluate(<-ch); err != nil {
					return err
				}
			}
			return nil
		case <-ctx.Done():
			// What was read is evaluated, with the marks among it (so that a
			// file read whole is recorded as read). A source blocked reading
			// (standard input) cannot be woken; its goroutine ends with its
			// next read.
			batch = batch[:0]
			ls.newBatch()
			for range len(ch) { // at most a batch: the channel holds no more
				take(<-ch)
			}
			return pl.process(work, "local", batch)
		}
	}
}

// faultLog logs unreadable inputs of folders.
type faultLog struct{ s *Service }

func (f faultLog) Fault(origin string, err error) {
	if errors.Is(err, source.ErrChanged) {
		f.s.cfg.Log.Warn("file changed after it was read whole", "origin", origin, "err", err)
		return
	}
	f.s.cfg.Log.Warn("input unreadable", "origin", origin, "err", err)
}
