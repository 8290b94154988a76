package cli

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/ruletest/kqlengine"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// hunt is one run of kqlhunt hunt.
type hunt struct {
	env        *env
	flags      *huntFlags
	paths      []string
	start      time.Time
	adhoc      *rules.Rule        // the --query or --query-file rule, if any
	exclusions *tuning.Exclusions // nil: none
	watchlists *tuning.Watchlists // nil: none
}

// compiledRule is a rule whose query compiled.
type compiledRule struct {
	rule *rules.Rule
	q    *kql.Query
}

// compile compiles every rule, printing positioned diagnostics for those
// that fail. It returns the rules that compiled and the count that failed.
func (h *hunt) compile(rs []*rules.Rule) ([]compiledRule, int) {
	var out []compiledRule
	failed := 0
	for _, r := range rs {
		for _, w := range r.Warnings {
			fmt.Fprintf(h.env.stderr, "kqlhunt: %s: warning: %s\n", r.Source, w)
		}
		q, err := kql.Compile(r.Source, r.Query, kqlengine.Options(h.watchlists))
		if err != nil {
			failed++
			what := "rule " + ruleLabel(r)
			if r == h.adhoc {
				what = "the query"
			}
			fmt.Fprintf(h.env.stderr, "kqlhunt: %s does not compile:\n", what)
			fmt.Fprint(h.env.stderr, renderDiagnostics(r, err))
			continue
		}
		if w := q.Warnings(); len(w) > 0 {
			fmt.Fprint(h.env.stderr, renderWarnings(r, w))
		}
		out = append(out, compiledRule{rule: r, q: q})
	}
	return out, failed
}

// ruleResult is what one rule returned.
type ruleResult struct {
	rule      *rules.Rule
	cols      []schema.Column
	rows      [][]value.Value
	triggered bool
	err       error
}

// huntResult is the outcome of a hunt.
type huntResult struct {
	rules   []ruleResult
	sum     *input.Summary
	now     time.Time
	nowFrom string // how now was chosen
	span    [2]time.Time
	lookbk  time.Duration
}

// code is the exit code the result calls for, apart from alerts.
func (r *huntResult) code() int {
	code := ExitOK
	for _, rr := range r.rules {
		if rr.err != nil {
			code = ExitPartial
		}
	}
	if r.sum == nil {
		return code
	}
	read := 0
	for _, in := range r.sum.Inputs {
		if in.Err == "" {
			read++
		} else {
			code = max(code, ExitPartial)
		}
	}
	if read == 0 {
		return ExitNoInput
	}
	return code
}

// layout is how the rows read for one table feed one rule.
type layout struct {
	rule  string
	run   *kql.Run
	remap []int // positions in the read row of the rule's columns; nil: same
}

// run reads the inputs once and runs the rules. With --now latest the runs
// start without a 'now': they filter rows on everything that does not
// depend on it as the rows arrive, and finish once the newest event time
// is known.
func (h *hunt) run(ctx context.Context, compiled []compiledRule) (*huntResult, error) {
	res := &huntResult{}
	need := map[string][]schema.Column{}
	for _, c := range compiled {
		for _, tu := range c.q.Tables() {
			need[tu.Name] = schema.Union(need[tu.Name], tu.Columns)
			need[tu.Name] = schema.Union(need[tu.Name],
				h.exclusionColumns(c.rule.ID, tu.Name))
		}
		if lb, ok := c.q.MaxLookback(); ok && lb > res.lookbk {
			res.lookbk = lb
		}
	}
	latest := h.flags.now == "latest"
	if latest {
		if err := needTimeColumns(need); err != nil {
			return nil, err
		}
	} else {
		var err error
		if res.now, res.nowFrom, err = h.resolveNow(time.Time{}); err != nil {
			return nil, err
		}
	}
	routes := map[string][]layout{}
	runs := make([]*kql.Run, len(compiled))
	for i, c := range compiled {
		runs[i] = c.q.Start(ctx, kql.RunOptions{Now: res.now, DeferNow: latest})
		for _, tu := range c.q.Tables() {
			routes[tu.Name] = append(routes[tu.Name], layout{rule: c.rule.ID, run: runs[i],
				remap: schema.Positions(need[tu.Name], tu.Columns)})
		}
	}
	sink := func(table string, rows [][]value.Value) {
		ls := routes[table]
		for i, l := range ls {
			kept := h.exclusions.Filter(l.rule, table, need[table], rows)
			switch {
			case l.remap != nil:
				kept = remapRows(kept, l.remap)
			case i < len(ls)-1 && len(kept) > 0 && &kept[0] == &rows[0]:
				// Push owns the slice it is given (it may filter it in
				// place); the rows themselves are shared read-only.
				kept = slices.Clone(kept)
			}
			l.run.Push(table, kept)
		}
	}
	if len(need) > 0 {
		sum, err := h.read(ctx, need, sink)
		if err != nil && sum.sum == nil {
			return nil, err
		}
		res.sum = sum.sum
		res.span[0], res.span[1] = sum.span.get()
	}
	if latest {
		var err error
		if res.now, res.nowFrom, err = h.resolveNow(res.span[1]); err != nil {
			return nil, err
		}
		for _, r := range runs {
			r.SetNow(res.now)
		}
	}
	var wg sync.WaitGroup
	res.rules = make([]ruleResult, len(compiled))
	for i, c := range compiled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := ruleResult{rule: c.rule, cols: c.q.Columns()}
			out, err := runs[i].Finish()
			if err != nil {
				rr.err = err
				fmt.Fprintf(h.env.stderr, "kqlhunt: rule %s failed: %v\n", ruleLabel(c.rule), err)
			} else {
				rr.cols, rr.rows = out.Columns, out.Rows
				rr.triggered = c.rule.Triggered(len(out.Rows))
			}
			res.rules[i] = rr
		}()
	}
	wg.Wait()
	return res, nil
}

// readResult is what the main pass over the inputs saw.
type readResult struct {
	sum  *input.Summary
	span spanTracker // event times, where the rules read the time column
}

// read runs the main pass: every input decoded once, rows handed to sink,
// with a progress bar on a terminal and the span of event times noted.
func (h *hunt) read(ctx context.Context, need map[string][]schema.Column,
	sink input.Sink) (*readResult, error) {
	rr := &readResult{}
	timeCol := map[string]int{}
	for table, cols := range need {
		timeCol[table] = timeIndex(table, cols)
	}
	bar := newProgress(h.env.stderr, h.env.stderrTTY, "hunting", h.paths)
	req := h.request(need)
	req.Progress = bar.add
	counted := func(table string, rows [][]value.Value) {
		bar.rows(len(rows))
		if i := timeCol[table]; i >= 0 {
			rr.span.add(rows, i)
		}
		sink(table, rows)
	}
	sum, err := input.Read(ctx, h.paths, req, counted)
	bar.done()
	rr.sum = sum
	return rr, err
}

func (h *hunt) request(need map[string][]schema.Column) input.Request {
	return input.Request{Tables: need, NoMerge: h.flags.noMerge, Stdin: h.env.stdin}
}

func remapRows(rows [][]value.Value, idx []int) [][]value.Value {
	out := make([][]value.Value, len(rows))
	flat := make([]value.Value, len(rows)*len(idx))
	for i, row := range rows {
		r := flat[i*len(idx) : (i+1)*len(idx) : (i+1)*len(idx)]
		for k, j := range idx {
			r[k] = row[j]
		}
		out[i] = r
	}
	return out
}
