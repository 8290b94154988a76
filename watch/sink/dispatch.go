package sink

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Batch is alerts delivered together, with a callback once every sink has
// them (or has given them up permanently).
type Batch struct {
	Alerts []Alert
	// Done is called once, from a dispatcher goroutine.
	Done    func()
	pending atomic.Int32
}

// Report receives the outcome of sends, for metrics and logs. Its methods
// must not block.
type Report interface {
	// Sent reports a batch delivered to a sink.
	Sent(sink string, alerts int)
	// Failed reports a failed attempt to send alerts; permanent means they
	// are given up.
	Failed(sink string, alerts int, err error, permanent bool)
}

// Dispatcher feeds each sink from a bounded queue of batches.
type Dispatcher struct {
	queues []chan *Batch
	sinks  []Sink
	report Report
	// MinBackoff and MaxBackoff bound the wait between retries.
	minBackoff, maxBackoff time.Duration
	wg                     sync.WaitGroup
	stop                   context.Context
	cancel                 context.CancelFunc
}

// NewDispatcher starts one goroutine per sink, each with a queue of depth
// batches. Retries wait from min up to max, doubling.
func NewDispatcher(sinks []Sink, depth int, min, max time.Duration, r Report) *Dispatcher {
	if depth <= 0 {
		depth = 256
	}
	if min <= 0 {
		min = 100 * time.Millisecond
	}
	if max < min {
		max = min
	}
	d := &Dispatcher{sinks: sinks, report: r, minBackoff: min, maxBackoff: max}
	d.stop, d.cancel = context.WithCancel(context.Background())
	for _, s := range sinks {
		q := make(chan *Batch, depth)
		d.queues = append(d.queues, q)
		d.wg.Add(1)
		go d.serve(s, q)
	}
	return d
}

// Submit queues a batch for every sink; it blocks while a queue is full
// (back-pressure on the input) or until ctx ends.
func (d *Dispatcher) Submit(ctx context.Context, b *Batch) error {
	if len(d.queues) == 0 {
		if b.Done != nil {
			b.Done()
		}
		return nil
	}
	b.pending.Store(int32(len(d.queues)))
	for _, q := range d.queues {
		select {
		case q <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Queued returns the batches waiting in the longest queue.
func (d *Dispatcher) Queued() int {
	n := 0
	for _, q := range d.queues {
		n = max(n, len(q))
	}
	return n
}

// Close stops taking batches and waits until the queued ones are delivered
// or ctx ends; then it closes the sinks. Batches not delivered by then
// stay undone (their input is read again after a restart).
func (d *Dispatcher) Close(ctx context.Context) error {
	for _, q := range d.queues {
		close(q)
	}
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		d.cancel()
		<-done
	}
	d.cancel()
	var err error
	for _, s := range d.sinks {
		if e := s.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// serve delivers one sink's queue in order.
func (d *Dispatcher) serve(s Sink, q chan *Batch) {
	defer d.wg.Done()
	for b := range q {
		if d.stop.Err() != nil {
			continue
		}
		if d.deliver(s, b) && b.pending.Add(-1) == 0 && b.Done != nil {
			b.Done()
		}
	}
}

// deliver sends b until it succeeds, fails permanently or the dispatcher
// is stopped; it reports whether the batch is finished for this sink.
func (d *Dispatcher) deliver(s Sink, b *Batch) bool {
	wait := d.minBackoff
	for {
		err := s.Send(d.stop, b.Alerts)
		if err == nil {
			if d.report != nil {
				d.report.Sent(s.Name(), len(b.Alerts))
			}
			return true
		}
		perm := IsPermanent(err)
		if d.report != nil {
			d.report.Failed(s.Name(), len(b.Alerts), err, perm)
		}
		if perm {
			return true
		}
		t := time.NewTimer(wait)
		select {
		case <-d.stop.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		wait = min(wait*2, d.maxBackoff)
	}
}
