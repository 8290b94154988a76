// Package window is the bounded store of recent events that scheduled
// rules run over. Events are kept per stream (a Kafka partition or the
// local stream) and table, in arrival order, until no rule's next window
// needs them; a Budget shared by all stores caps their memory, dropping
// the oldest events beyond it and counting them.
package window

import (
	"sync"
	"time"
	"unsafe"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/value"
)

// Entry is one stored event: a row of a table, when it arrived and its
// position in its stream (the Kafka offset, or a sequence number).
type Entry struct {
	Arrival time.Time
	Offset  int64
	Row     []value.Value
	// Origin tells a Sysmon 1 or 4688 process row, for merging (nil for
	// other rows).
	Origin *mapping.Origin
	size   int64
}

// valueSize is the in-memory size of one value.Value.
var valueSize = int64(unsafe.Sizeof(value.Value{}))

// entryOverhead approximates an Entry's own size and slice headers.
const entryOverhead = 64

// originSize is the size of an Entry's Origin.
var originSize = int64(unsafe.Sizeof(mapping.Origin{}))

// Size estimates the bytes a row holds.
func Size(row []value.Value) int64 {
	n := entryOverhead + int64(len(row))*valueSize
	for _, v := range row {
		if v.Type() == value.String {
			n += int64(len(v.Str()))
		}
	}
	return n
}

// Budget caps the memory of the stores that share it. It is safe for
// concurrent use.
type Budget struct {
	mu      sync.Mutex
	max     int64
	used    int64
	dropped int64
	stores  map[*Store]struct{}
}

// NewBudget returns a budget of max bytes (0 or less: unbounded).
func NewBudget(max int64) *Budget {
	return &Budget{max: max, stores: map[*Store]struct{}{}}
}

// Used returns the bytes held by all stores.
func (b *Budget) Used() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// Dropped returns how many events were dropped to stay within the budget.
func (b *Budget) Dropped() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}

// Store holds one stream's events by table.
type Store struct {
	budget *Budget
	tables map[string]*queue
	n      int
}

// queue is a table's events in arrival order: items[head:] are live.
type queue struct {
	items []Entry
	head  int
}

// NewStore returns an empty store drawing on budget.
func NewStore(budget *Budget) *Store {
	s := &Store{budget: budget, tables: map[string]*queue{}}
	budget.mu.Lock()
	budget.stores[s] = struct{}{}
	budget.mu.Unlock()
	return s
}

// Close releases the store's events and leaves the budget.
func (s *Store) Close() {
	b := s.budget
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, q := range s.tables {
		for _, e := range q.items[q.head:] {
			b.used -= e.size
		}
	}
	s.tables, s.n = map[string]*queue{}, 0
	delete(b.stores, s)
}

// Add stores an event of table and returns how many events (of any store
// sharing the budget) were dropped to make room.
func (s *Store) Add(table string, e Entry) int {
	q := s.tables[table]
	if q == nil {
		q = &queue{}
		s.tables[table] = q
	}
	e.size = Size(e.Row)
	if e.Origin != nil {
		e.size += originSize
	}
	b := s.budget
	b.mu.Lock()
	defer b.mu.Unlock()
	q.items = append(q.items, e)
	s.n++
	b.used += e.size
	dropped := 0
	for b.max > 0 && b.used > b.max {
		if !b.dropOldest() {
			break
		}
		dropped++
	}
	return dropped
}

// dropOldest removes the earliest-arrived head among all stores.
func (b *Budget) dropOldest() bool {
	var best *queue
	var owner *Store
	for st := range b.stores {
		for _, q := range st.tables {
			if q.head < len(q.items) &&
				(best == nil || q.items[q.head].Arrival.Before(best.items[best.head].Arrival)) {
				best, owner = q, st
			}
		}
	}
	if best == nil {
		return false
	}
	b.used -= best.items[best.head].size
	best.pop()
	owner.n--
	b.dropped++
	return true
}

// pop removes the head, compacting when half the slice is dead.
func (q *queue) pop() {
	q.items[q.head] = Entry{}
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	} else if q.head > 1024 && q.head > len(q.items)/2 {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
}

// Evict removes the events of table that arrived before cutoff and are
// at the head of the queue (arrival order is insertion order).
func (s *Store) Evict(table string, cutoff time.Time) {
	q := s.tables[table]
	if q == nil {
		return
	}
	b := s.budget
	b.mu.Lock()
	defer b.mu.Unlock()
	for q.head < len(q.items) && q.items[q.head].Arrival.Before(cutoff) {
		b.used -= q.items[q.head].size
		q.pop()
		s.n--
	}
}

// Window calls fn with the rows of table that arrived in [from, to), in
// batches of at most batch rows, in arrival order.
func (s *Store) Window(table string, from, to time.Time, batch int, fn func([][]value.Value)) {
	q := s.tables[table]
	if q == nil {
		return
	}
	var rows [][]value.Value
	s.budget.mu.Lock()
	for _, e := range q.items[q.head:] {
		if !e.Arrival.Before(from) && e.Arrival.Before(to) {
			rows = append(rows, e.Row)
		}
	}
	s.budget.mu.Unlock()
	for len(rows) > 0 {
		n := min(len(rows), batch)
		fn(rows[:n:n])
		rows = rows[n:]
	}
}

// Entries returns the entries of table that arrived in [from, to), in
// arrival order: copies, whose rows are the store's.
func (s *Store) Entries(table string, from, to time.Time) []Entry {
	q := s.tables[table]
	if q == nil {
		return nil
	}
	var out []Entry
	s.budget.mu.Lock()
	defer s.budget.mu.Unlock()
	for _, e := range q.items[q.head:] {
		if !e.Arrival.Before(from) && e.Arrival.Before(to) {
			out = append(out, e)
		}
	}
	return out
}

// Oldest returns the smallest offset still held, if any.
func (s *Store) Oldest() (int64, bool) {
	s.budget.mu.Lock()
	defer s.budget.mu.Unlock()
	best, ok := int64(0), false
	for _, q := range s.tables {
		if q.head < len(q.items) && (!ok || q.items[q.head].Offset < best) {
			best, ok = q.items[q.head].Offset, true
		}
	}
	return best, ok
}

// Len returns how many events the store holds.
func (s *Store) Len() int {
	s.budget.mu.Lock()
	defer s.budget.mu.Unlock()
	return s.n
}
