package mapping

import (
	"strings"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// mergeWindow is how far apart a Sysmon 1 and a 4688 of the same process
// may be stamped (Sysmon stamps ms UtcTime, Security its own SystemTime).
const mergeWindow = time.Second

// ProcessKey identifies a process creation for merging: host, process id
// and creation time.
type ProcessKey struct {
	Host string // Computer, lower-cased
	PID  int64
	Time time.Time
	// Alt is a Sysmon event's System/TimeCreated: collectors that stamp
	// local time as UTC shift it and the 4688's time alike (OTRF data),
	// while UtcTime stays right.
	Alt time.Time
}

// KeyOf returns the process key of a Sysmon 1 or Security 4688 event and
// whether ev is one of those with a process id.
func KeyOf(ev *winevent.Event) (k ProcessKey, sysmon, ok bool) {
	c := evctx{ev: ev}
	var pidField string
	switch {
	case IsSysmon(ev) && ev.EventID == 1:
		sysmon, pidField = true, "ProcessId"
		k.Time, k.Alt = c.utcTime().Time(), ev.TimeCreated
	case IsSecurity(ev) && ev.EventID == 4688:
		pidField = "NewProcessId"
		k.Time = ev.TimeCreated
	default:
		return k, false, false
	}
	pid, found := ParseNumber(c.get(pidField))
	if !found {
		return k, sysmon, false
	}
	k.Host, k.PID = strings.ToLower(ev.Computer), pid
	return k, sysmon, true
}

// Release rules: a held row of a stream is delivered before the end once
// the stream's time for its host (the latest TimeCreated seen) is
// holdTime past it and holdRows more rows have come from the stream
// since (twice that for Sysmon rows); the count guards against the
// reordering of decoders working on several blocks at once. Sysmon rows
// wait 2*mergeWindow longer than 4688 rows, so that every 4688 is paired
// before its candidates leave.
const (
	holdTime = 5 * time.Second
	holdRows = 4096
)

type pending struct {
	key    ProcessKey
	row    []value.Value
	sysmon bool
	seq    int64 // arrival order in the Merger
	nth    int64 // arrival order in its stream
	clock  time.Time
	done   bool // delivered, merged or released
}

type hostPID struct {
	host string
	pid  int64
}

// Merger pairs the DeviceProcessEvents rows made from Sysmon 1 and 4688
// events: a pair describing one process (same host and process id,
// creation times within a second) becomes the Sysmon row, its empty
// columns filled from the 4688 row. Each 4688, in arrival order, takes
// the closest unused Sysmon row. Rows are held until Finish, or, from a
// Stream that carries both kinds, until they can have no partner left
// in it (see Stream.Add). It is safe for concurrent use.
//
// Known gap: a stream releases its rows as it goes only when it holds
// both Sysmon 1 and 4688 events; a file of one kind (Sysmon.evtx beside
// Security.evtx) holds its rows to the end so pairs across files still
// merge, and rows released from a mixed stream no longer pair with rows
// of other files.
type Merger struct {
	mu     sync.Mutex
	seq    int64
	held   Pool[*pending] // held Sysmon rows
	all    []*pending     // every row not delivered, for Finish (compacted)
	merged int
	ndone  int // rows of all delivered
	def    *Stream
}

// Stream is the rows of one input, whose clock runs on its own.
type Stream struct {
	m           *Merger
	n           int64
	sysmon, sec bool
	clock       map[string]time.Time    // per host
	fifo        map[hostKind][]*pending // arrival order
}

// hostKind names the queue of a host's Sysmon or 4688 rows.
type hostKind struct {
	host   string
	sysmon bool
}

// Stream returns a stream for one input's rows.
func (m *Merger) Stream() *Stream {
	return &Stream{m: m, clock: map[string]time.Time{}, fifo: map[hostKind][]*pending{}}
}

// Add holds a row until Finish.
func (m *Merger) Add(key ProcessKey, sysmon bool, row []value.Value) {
	m.mu.Lock()
	if m.def == nil {
		m.def = m.Stream()
	}
	s := m.def
	m.mu.Unlock()
	s.add(key, sysmon, row, false)
}

// Add holds a row and returns the rows (of this or earlier calls) that
// are now final: merged pairs and rows whose partner can no longer come.
func (s *Stream) Add(key ProcessKey, sysmon bool, row []value.Value) [][]value.Value {
	return s.add(key, sysmon, row, true)
}

func (s *Stream) add(key ProcessKey, sysmon bool, row []value.Value,
	release bool) [][]value.Value {
	m := s.m
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	s.n++
	p := &pending{key: key, row: row, sysmon: sysmon, seq: m.seq, nth: s.n, clock: key.Time}
	if sysmon {
		s.sysmon = true
		if !key.Alt.IsZero() {
			p.clock = key.Alt
		}
		m.held.Add(key, true, p)
	} else {
		s.sec = true
	}
	m.all = append(m.all, p)
	if !release {
		return nil
	}
	if p.clock.After(s.clock[key.Host]) {
		s.clock[key.Host] = p.clock
	}
	s.fifo[p.queue()] = append(s.fifo[p.queue()], p)
	if !s.sysmon || !s.sec {
		return nil
	}
	// 4688 rows first: each pairs before its candidates can leave.
	out := s.drain(hostKind{key.Host, false}, nil)
	out = s.drain(hostKind{key.Host, true}, out)
	if len(m.all) > 2*holdRows && 2*m.ndone > len(m.all) {
		m.compact()
	}
	return out
}

// drain releases the rows at the head of a queue that are final.
func (s *Stream) drain(k hostKind, out [][]value.Value) [][]value.Value {
	q := s.fifo[k]
	now := s.clock[k.host]
	for len(q) > 0 {
		h := q[0]
		if !h.done {
			if s.n-h.nth < h.holdRows() || !now.After(h.expiry()) {
				break
			}
			out = s.m.release(h, out)
		}
		q[0] = nil
		q = q[1:]
	}
	s.fifo[k] = q
	return out
}

func (p *pending) queue() hostKind { return hostKind{p.key.Host, p.sysmon} }

// holdRows is how many rows of its stream must follow p before it leaves.
func (p *pending) holdRows() int64 {
	if p.sysmon {
		return 2 * holdRows
	}
	return holdRows
}

// expiry is the stream time after which p can have no partner left.
func (p *pending) expiry() time.Time {
	t := p.key.Time
	if !p.sysmon {
		return t.Add(holdTime)
	}
	if p.key.Alt.After(t) {
		t = p.key.Alt
	}
	return t.Add(holdTime + 2*mergeWindow)
}

// release delivers h: a 4688 pairs with its closest unused Sysmon row.
func (m *Merger) release(h *pending, out [][]value.Value) [][]value.Value {
	h.done = true
	m.ndone++
	if h.sysmon {
		m.held.Remove(h.key, h)
		return append(out, h.row)
	}
	if best, ok := m.held.Take(h.key, false); ok {
		best.done = true
		m.ndone++
		FillGaps(best.row, h.row)
		m.merged++
		return append(out, best.row)
	}
	return append(out, h.row)
}

// compact drops delivered rows from m.all.
func (m *Merger) compact() {
	keep := m.all[:0]
	for _, p := range m.all {
		if !p.done {
			keep = append(keep, p)
		}
	}
	clear(m.all[len(keep):])
	m.all, m.ndone = keep, 0
}

// Finish returns every row still held, each pair merged into one row,
// and the number of pairs merged since the Merger began: the unpaired
// 4688 rows, then the Sysmon rows, each in arrival order.
func (m *Merger) Finish() (rows [][]value.Value, merged int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.all {
		if p.done || p.sysmon {
			continue
		}
		p.done = true
		if best, ok := m.held.Take(p.key, false); ok {
			// best is delivered below, in arrival order.
			FillGaps(best.row, p.row)
			m.merged++
			continue
		}
		rows = append(rows, p.row)
	}
	for _, p := range m.all {
		if !p.done && p.sysmon {
			rows = append(rows, p.row)
		}
	}
	merged = m.merged
	m.all, m.held, m.merged, m.ndone = nil, Pool[*pending]{}, 0, 0
	return rows, merged
}

// FillGaps merges the row src into dst, two rows of one table in the same
// column order: it copies into dst the values of src where dst is null
// or "". A Merger fills a Sysmon 1 row from its 4688 partner this way.
func FillGaps(dst, src []value.Value) {
	for i := range dst {
		if i >= len(src) {
			return
		}
		d := dst[i]
		empty := d.IsNull() || (d.Type() == value.String && d.Str() == "")
		if empty {
			dst[i] = src[i]
		}
	}
}
