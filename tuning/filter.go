package tuning

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Columns returns the source columns the exclusions for a rule and table
// test, so the caller can read them even when the query does not need
// them.
func (x *Exclusions) Columns(ruleID, table string) []string {
	if x == nil {
		return nil
	}
	var out []string
	for _, e := range x.List {
		if !e.appliesTo(ruleID, table) {
			continue
		}
		for _, c := range e.When {
			if !slices.Contains(out, c.Column) {
				out = append(out, c.Column)
			}
		}
	}
	return out
}

// Check reports an exclusion condition on a column the table does not
// have (most likely a typo, which would otherwise exclude nothing).
func (x *Exclusions) Check(set *schema.Set) error {
	if x == nil {
		return nil
	}
	for _, e := range x.List {
		for _, c := range e.When {
			if e.Table != "" {
				t, ok := set.Lookup(e.Table)
				if !ok {
					return fmt.Errorf("%s: exclusion %s: unknown table %s", x.Source, e.ID,
						e.Table)
				}
				if t.Index(c.Column) < 0 {
					return fmt.Errorf("%s: exclusion %s: table %s has no column %s", x.Source,
						e.ID, e.Table, c.Column)
				}
				continue
			}
			found := false
			for _, t := range set.Tables() {
				found = found || t.Index(c.Column) >= 0
			}
			if !found {
				return fmt.Errorf("%s: exclusion %s: no table has a column %s", x.Source, e.ID,
					c.Column)
			}
		}
	}
	return nil
}

// Filter returns the rows of a source table that no exclusion of the rule
// removes; cols names the rows' columns. A row is removed when every
// condition of some entry holds; an entry whose column is missing from
// cols does not apply. Removed rows are counted per entry (and sampled).
// The rows kept share the input's backing array.
func (x *Exclusions) Filter(ruleID, table string, cols []schema.Column,
	rows [][]value.Value) [][]value.Value {
	if x == nil {
		return rows
	}
	type bound struct {
		e   *Exclusion
		idx []int
	}
	var active []bound
	for _, e := range x.List {
		if !e.appliesTo(ruleID, table) {
			continue
		}
		b := bound{e: e}
		for _, c := range e.When {
			i := slices.IndexFunc(cols, func(col schema.Column) bool {
				return col.Name == c.Column
			})
			if i < 0 {
				b.e = nil
				break
			}
			b.idx = append(b.idx, i)
		}
		if b.e != nil {
			active = append(active, b)
		}
	}
	if len(active) == 0 {
		return rows
	}
	kept := rows[:0:0]
	for _, row := range rows {
		var hit *Exclusion
		for _, b := range active {
			all := true
			for k, c := range b.e.When {
				if !c.Holds(row[b.idx[k]]) {
					all = false
					break
				}
			}
			if all {
				hit = b.e
				break
			}
		}
		if hit == nil {
			kept = append(kept, row)
			continue
		}
		hit.count.Add(1)
		x.sample(hit, ruleID, table, cols, row)
	}
	return kept
}

func (x *Exclusions) sample(e *Exclusion, ruleID, table string, cols []schema.Column,
	row []value.Value) {
	limit := x.MaxSamples
	if limit == 0 {
		limit = 20
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.samples) < limit {
		e.samples = append(e.samples, Sample{Rule: ruleID, Table: table, Columns: cols,
			Row: slices.Clone(row)})
	}
}

// Stat is what one exclusion did in a run.
type Stat struct {
	ID      string
	Reason  string
	Owner   string
	Expired bool
	// Suppressed counts the source events the entry removed.
	Suppressed int64
	// Samples are the first suppressed events (up to MaxSamples).
	Samples []Sample
}

// Stats returns, for every entry in file order, how many events it
// suppressed.
func (x *Exclusions) Stats() []Stat {
	if x == nil {
		return nil
	}
	out := make([]Stat, 0, len(x.List))
	for _, e := range x.List {
		e.mu.Lock()
		s := Stat{ID: e.ID, Reason: e.Reason, Owner: e.Owner, Expired: e.Expired,
			Suppressed: e.count.Load(), Samples: slices.Clone(e.samples)}
		e.mu.Unlock()
		out = append(out, s)
	}
	return out
}

// Counts returns the suppressed-event count of each entry that removed
// any, by id.
func (x *Exclusions) Counts() map[string]int {
	out := map[string]int{}
	for _, s := range x.Stats() {
		if s.Suppressed > 0 {
			out[s.ID] = int(s.Suppressed)
		}
	}
	return out
}

// Clone returns a copy with its counts and samples reset, sharing the
// compiled conditions.
func (x *Exclusions) Clone() *Exclusions {
	if x == nil {
		return nil
	}
	c := &Exclusions{Source: x.Source, Warnings: x.Warnings, MaxSamples: x.MaxSamples}
	for _, e := range x.List {
		c.List = append(c.List, &Exclusion{ID: e.ID, Rules: e.Rules, Table: e.Table,
			When: e.When, Reason: e.Reason, Owner: e.Owner, Expires: e.Expires,
			Expired: e.Expired})
	}
	return c
}

// Merge returns exclusions holding the entries of both (either may be
// nil). Entry ids must stay unique.
func Merge(a, b *Exclusions) (*Exclusions, error) {
	switch {
	case a == nil:
		return b, nil
	case b == nil:
		return a, nil
	}
	m := a.Clone()
	m.Source = a.Source + "+" + b.Source
	m.Warnings = append(slices.Clone(a.Warnings), b.Warnings...)
	for _, e := range b.Clone().List {
		if slices.ContainsFunc(m.List, func(o *Exclusion) bool { return o.ID == e.ID }) {
			return nil, fmt.Errorf("exclusion %s is defined in both %s and %s", e.ID,
				a.Source, b.Source)
		}
		m.List = append(m.List, e)
	}
	return m, nil
}

// Summary writes one line per entry: its id, what it suppressed, its reason.
func (x *Exclusions) Summary() string {
	var b strings.Builder
	for _, s := range x.Stats() {
		state := ""
		if s.Expired {
			state = " (expired, not applied)"
		}
		fmt.Fprintf(&b, "  %-28s %6d suppressed%s  %s\n", s.ID, s.Suppressed, state, s.Reason)
	}
	return b.String()
}
