package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
)

// loadTuning reads --exclusions and --watchlists, and refuses a rule that
// calls _GetWatchlist when no watchlists were given.
func (h *hunt) loadTuning(selected []*rules.Rule) error {
	f := h.flags
	if f.watchlists != "" {
		wl, err := tuning.LoadWatchlists(f.watchlists)
		if err != nil {
			return usageError("--watchlists: %v", err)
		}
		h.watchlists = wl
	} else {
		for _, r := range selected {
			if tuning.UsesWatchlists(r.Query) {
				return usageError("rule %s calls _GetWatchlist: give --watchlists DIR",
					ruleLabel(r))
			}
		}
	}
	if f.exclusions != "" {
		x, err := tuning.Load(f.exclusions)
		if err != nil {
			return usageError("--exclusions: %v", err)
		}
		if err := x.Check(schema.Builtin()); err != nil {
			return usageError("--exclusions: %v", err)
		}
		for _, w := range x.Warnings {
			fmt.Fprintf(h.env.stderr, "kqlhunt: %s: warning: %s\n", f.exclusions, w)
		}
		h.exclusions = x
	}
	return nil
}

// exclusionColumns are the columns of table the exclusions for a rule
// test, which must be read even when the query does not use them.
func (h *hunt) exclusionColumns(ruleID, table string) []schema.Column {
	names := h.exclusions.Columns(ruleID, table)
	t, ok := schema.Builtin().Lookup(table)
	if !ok {
		return nil
	}
	var out []schema.Column
	for _, n := range names {
		if c, ok := t.Column(n); ok {
			out = append(out, c)
		}
	}
	return out
}

// showSuppressed prints the events each exclusion suppressed (the first
// few per exclusion).
func (h *hunt) showSuppressed(w io.Writer) {
	for _, st := range h.exclusions.Stats() {
		if len(st.Samples) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nsuppressed by %s (%d events; %s)\n", st.ID, st.Suppressed, st.Reason)
		for _, s := range st.Samples {
			var parts []string
			for i, c := range s.Columns {
				if t := s.Row[i].Text(); t != "" {
					parts = append(parts, c.Name+"="+t)
				}
			}
			fmt.Fprintf(w, "  [%s %s] %s\n", s.Rule, s.Table, strings.Join(parts, " "))
		}
	}
}
