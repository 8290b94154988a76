package input

// slotCache remembers, for one slot, the last string converted and how
// often interning its values pays.
type slotCache struct {
	s     string
	ok    bool
	tries int32 // interning attempts in the current round
	hits  int32 // of which found an equal string
	skip  int32 // values still to copy without interning
}

// Interning rounds: after internRound attempts, a slot whose values were
// found fewer than internMinHits times (hashes, ids, unique command
// lines) is copied without lookups for the next internPause values, so
// that it costs no hashing and fills no table room.
const (
	internRound   = 256
	internMinHits = 32
	internPause   = 8192
)

// slotString returns body (a JSON string body without escapes) as a
// string for a slot: the previous value when equal (columns often
// repeat the previous row's), else an interned or fresh copy.
func (r *Record) slotString(slot int, body []byte) string {
	c := &r.last[slot]
	if c.ok && c.s == string(body) {
		return c.s
	}
	var s string
	switch {
	case c.skip > 0:
		c.skip--
		s = string(body)
	case len(body) > maxInternLen:
		s = string(body)
	default:
		var hit bool
		s, hit = r.internHit(body)
		c.tries++
		if hit {
			c.hits++
		}
		if c.tries == internRound {
			if c.hits < internMinHits {
				c.skip = internPause
			}
			c.tries, c.hits = 0, 0
		}
	}
	c.s, c.ok = s, true
	return s
}

// internHit is intern1 for a body without escapes, also reporting
// whether an equal string was already known.
func (r *Record) internHit(body []byte) (string, bool) {
	if s, ok := r.intern[string(body)]; ok {
		return s, true
	}
	s := string(body)
	if len(r.intern) < maxIntern {
		r.intern[s] = s
	}
	return s, false
}
