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

type pending struct {
	key  ProcessKey
	row  []value.Value
	used bool
}

// Merger collects DeviceProcessEvents rows made from Sysmon 1 and 4688
// events and, in Finish, joins the pairs describing one process (same
// host and process id, creation times within a second) into the Sysmon
// row, filling its empty columns from the 4688 row. It is safe for
// concurrent use.
type Merger struct {
	mu       sync.Mutex
	sysmon   []*pending
	security []*pending
}

// Add holds a row until Finish.
func (m *Merger) Add(key ProcessKey, sysmon bool, row []value.Value) {
	p := &pending{key: key, row: row}
	m.mu.Lock()
	if sysmon {
		m.sysmon = append(m.sysmon, p)
	} else {
		m.security = append(m.security, p)
	}
	m.mu.Unlock()
}

// Finish returns every held row, each merged pair as one row, and the
// number of pairs merged.
func (m *Merger) Finish() (rows [][]value.Value, merged int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	type hp struct {
		host string
		pid  int64
	}
	index := make(map[hp][]*pending, len(m.sysmon))
	for _, p := range m.sysmon {
		k := hp{p.key.Host, p.key.PID}
		index[k] = append(index[k], p)
	}
	for _, s := range m.security {
		var best *pending
		var bestGap time.Duration
		for _, p := range index[hp{s.key.Host, s.key.PID}] {
			gap := p.key.Time.Sub(s.key.Time).Abs()
			if !p.key.Alt.IsZero() {
				gap = min(gap, p.key.Alt.Sub(s.key.Time).Abs())
			}
			if p.used || gap > mergeWindow {
				continue
			}
			if best == nil || gap < bestGap {
				best, bestGap = p, gap
			}
		}
		if best == nil {
			rows = append(rows, s.row)
			continue
		}
		best.used = true
		fillGaps(best.row, s.row)
		merged++
	}
	for _, p := range m.sysmon {
		rows = append(rows, p.row)
	}
	m.sysmon, m.security = nil, nil
	return rows, merged
}

// fillGaps copies into dst the values of src where dst is null or "".
func fillGaps(dst, src []value.Value) {
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
