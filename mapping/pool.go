package mapping

import "time"

// Origin is what merging needs to know of a DeviceProcessEvents row made
// from a Sysmon 1 or Security 4688 event: which process it describes and
// which of the two events it came from. Rows of other origins (Defender
// rows, other events) have none.
type Origin struct {
	Key ProcessKey
	// Sysmon is set for a row made from Sysmon 1, clear for one made from
	// 4688.
	Sysmon bool
}

// Pool holds process rows waiting for their partner of the other kind,
// by host and process id, and pairs them by the rule a Merger follows: a
// Sysmon 1 row and a 4688 row pair when they describe the same host and
// process id and are stamped within a second of each other, the closest
// in time first (the earliest held on a tie). Its zero value is an empty
// pool. It is not safe for concurrent use.
type Pool[T comparable] struct {
	held map[hostPID][]pooled[T]
	n    int
}

// pooled is one row held in a Pool.
type pooled[T comparable] struct {
	key    ProcessKey
	sysmon bool
	v      T
}

// Add holds v, the row of the process key whose kind sysmon tells.
func (p *Pool[T]) Add(key ProcessKey, sysmon bool, v T) {
	if p.held == nil {
		p.held = map[hostPID][]pooled[T]{}
	}
	k := hostPID{key.Host, key.PID}
	p.held[k] = append(p.held[k], pooled[T]{key: key, sysmon: sysmon, v: v})
	p.n++
}

// Take removes and returns the held row of the other kind that pairs
// with the row of key (a Sysmon 1 row when sysmon is set), if any.
func (p *Pool[T]) Take(key ProcessKey, sysmon bool) (T, bool) {
	k := hostPID{key.Host, key.PID}
	l := p.held[k]
	best := -1
	var bestGap time.Duration
	for i, c := range l {
		if c.sysmon == sysmon {
			continue
		}
		g := gap(c.key, key)
		if sysmon {
			g = gap(key, c.key)
		}
		if g > mergeWindow {
			continue
		}
		if best < 0 || g < bestGap {
			best, bestGap = i, g
		}
	}
	if best < 0 {
		var zero T
		return zero, false
	}
	v := l[best].v
	p.remove(k, best)
	return v, true
}

// Remove drops v, held under key, from the pool and reports whether it
// was held.
func (p *Pool[T]) Remove(key ProcessKey, v T) bool {
	k := hostPID{key.Host, key.PID}
	for i, c := range p.held[k] {
		if c.v == v {
			p.remove(k, i)
			return true
		}
	}
	return false
}

// remove drops the i-th row held under k, keeping the others in order.
func (p *Pool[T]) remove(k hostPID, i int) {
	l := p.held[k]
	copy(l[i:], l[i+1:])
	l[len(l)-1] = pooled[T]{}
	l = l[:len(l)-1]
	if len(l) == 0 {
		delete(p.held, k)
	} else {
		p.held[k] = l
	}
	p.n--
}

// Len returns how many rows the pool holds.
func (p *Pool[T]) Len() int { return p.n }

// gap returns how far apart the Sysmon 1 key s and the 4688 key k are
// stamped: from UtcTime, or from the Sysmon event's TimeCreated when
// that is closer (see ProcessKey.Alt).
func gap(s, k ProcessKey) time.Duration {
	g := s.Time.Sub(k.Time).Abs()
	if !s.Alt.IsZero() {
		g = min(g, s.Alt.Sub(k.Time).Abs())
	}
	return g
}
