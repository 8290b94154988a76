package detect

import (
	"fmt"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Modes a rule runs in.
const (
	ModeRealtime  = "realtime"  // per event, on arrival
	ModeScheduled = "Scheduled" // every queryFrequency over the last queryPeriod
	ModeNRT       = "NRT"       // every minute over the last minute
)

// nrtEvery is the schedule of NRT rules.
const nrtEvery = time.Minute

// Options tune a Detector.
type Options struct {
	// Realtime runs rules that only filter and reshape rows per event.
	Realtime bool
	// Key is the column instances partition by (default DeviceId); it
	// decides which rules are keyable.
	Key string
	// Batch is the most rows per Push (default 1024).
	Batch int
	// NoMerge keeps the Sysmon 1 and Security 4688 rows of one process
	// apart; by default scheduled and NRT runs merge the pairs their
	// window holds (see Partition.Add for realtime rules).
	NoMerge bool
	// MergeWait is how long realtime rules wait for the partner of a
	// Sysmon 1 or 4688 row before evaluating it alone (0: they do not
	// wait, and evaluate both rows of a pair).
	MergeWait time.Duration
}

// Rule is a compiled rule and how it runs.
type Rule struct {
	Rule  *rules.Rule
	Query Query
	Shape Shape
	// Mode is ModeRealtime, ModeScheduled or ModeNRT.
	Mode string
	// Every and Period are the schedule (zero for realtime rules).
	Every, Period time.Duration
	uses          []use
}

// use is a table a rule reads and where its columns sit in the table's
// shared layout (idx nil: the layout is the rule's order exactly).
type use struct {
	table string
	idx   []int
}

// Event is one decoded row of a table with its arrival time and its
// position in its stream.
type Event struct {
	Table   string
	Row     []value.Value
	Arrival time.Time
	Offset  int64
	// Origin tells a DeviceProcessEvents row made from Sysmon 1 or 4688,
	// for merging (nil for other rows).
	Origin *mapping.Origin
}

// Detector holds the compiled rules and the row layout they share.
type Detector struct {
	// Rules are the rules that run, in the order given.
	Rules []*Rule
	// Skipped lists rules that cannot run on a stream, with the reason.
	Skipped []error
	layouts map[string][]schema.Column
	stored  map[string]bool
	batch   int
	merge   bool          // scheduled and NRT runs merge process rows
	wait    time.Duration // realtime merge wait (0: none)
}

// SkipError says why a rule does not run: its query does not compile (Err
// is then the engine's, for kql a positioned syntax.ErrorList) or cannot
// run on a stream.
type SkipError struct {
	Rule *rules.Rule
	Err  error
}

func (e *SkipError) Error() string { return fmt.Sprintf("rule %s: %v", e.Rule.ID, e.Err) }
func (e *SkipError) Unwrap() error { return e.Err }

// Lookback returns how far before now() the rules read at most: the widest
// ago() among them, false when some rule reads its whole window (no
// ago(), or an engine that cannot tell).
func (d *Detector) Lookback() (time.Duration, bool) {
	var widest time.Duration
	for _, r := range d.Rules {
		lb, ok := r.Query.(Lookbacker)
		if !ok {
			return 0, false
		}
		l, ok := lb.Lookback()
		if !ok {
			return 0, false
		}
		widest = max(widest, l)
	}
	return widest, len(d.Rules) > 0
}

// New compiles the rules. A rule that does not compile, or cannot run on
// a stream, is listed in Skipped; the others run.
func New(eng Engine, rs []*rules.Rule, opts Options) *Detector {
	d := &Detector{layouts: map[string][]schema.Column{}, stored: map[string]bool{},
		batch: opts.Batch}
	if d.batch <= 0 {
		d.batch = 1024
	}
	key := opts.Key
	if key == "" {
		key = "DeviceId"
	}
	for _, r := range rs {
		q, err := eng.Compile(r)
		if err != nil {
			d.Skipped = append(d.Skipped, &SkipError{Rule: r, Err: err})
			continue
		}
		cr := &Rule{Rule: r, Query: q, Shape: Classify(r.Query, key)}
		if err := cr.plan(opts.Realtime); err != nil {
			d.Skipped = append(d.Skipped, &SkipError{Rule: r, Err: err})
			continue
		}
		d.Rules = append(d.Rules, cr)
	}
	for _, cr := range d.Rules {
		for _, tu := range cr.Query.Tables() {
			d.layouts[tu.Name] = schema.Union(d.layouts[tu.Name], tu.Columns)
			if cr.Mode != ModeRealtime {
				d.stored[tu.Name] = true
			}
		}
	}
	for _, cr := range d.Rules {
		for _, tu := range cr.Query.Tables() {
			cr.uses = append(cr.uses, use{table: tu.Name,
				idx: schema.Positions(d.layouts[tu.Name], tu.Columns)})
			if cr.Mode == ModeRealtime && tu.Name == mapping.ProcessTable && !opts.NoMerge {
				d.wait = max(opts.MergeWait, 0)
			}
		}
	}
	d.merge = !opts.NoMerge
	return d
}

// plan picks the rule's mode and schedule.
func (cr *Rule) plan(realtime bool) error {
	r := cr.Rule
	switch {
	case cr.Shape.Streamable && (realtime || strings.EqualFold(r.Kind, "Hunting")):
		cr.Mode = ModeRealtime
	case strings.EqualFold(r.Kind, "NRT"):
		cr.Mode, cr.Every, cr.Period = ModeNRT, nrtEvery, nrtEvery
	case strings.EqualFold(r.Kind, "Scheduled"):
		cr.Mode, cr.Every, cr.Period = ModeScheduled, r.QueryFrequency, r.QueryPeriod
		if cr.Every <= 0 {
			return fmt.Errorf("scheduled rule without queryFrequency")
		}
		if cr.Period <= 0 {
			cr.Period = cr.Every
		}
	default:
		return fmt.Errorf("kind %q has no schedule and the query aggregates (%s): "+
			"only Scheduled and NRT rules, and filters, run on a stream", r.Kind, cr.Shape.Why)
	}
	return nil
}

// Tables returns the columns decoders must fill for each table: the union
// of what the rules read.
func (d *Detector) Tables() map[string][]schema.Column {
	return d.layouts
}

// Stored reports whether events of table are kept for scheduled rules.
func (d *Detector) Stored(table string) bool { return d.stored[table] }

// Scheduled reports whether some rule runs on a schedule (Scheduled, NRT).
func (d *Detector) Scheduled() bool {
	for _, r := range d.Rules {
		if r.Mode != ModeRealtime {
			return true
		}
	}
	return false
}

// project returns copies of rows in the rule's column order. Rows are
// always copied: a run owns the rows pushed to it, while the window store
// keeps its own for the next runs and the other rules.
func (u use) project(rows [][]value.Value) [][]value.Value {
	if len(rows) == 0 {
		return nil
	}
	width := len(u.idx)
	if u.idx == nil {
		width = len(rows[0])
	}
	out := make([][]value.Value, len(rows))
	flat := make([]value.Value, len(rows)*width)
	for i, row := range rows {
		r := flat[i*width : (i+1)*width : (i+1)*width]
		if u.idx == nil {
			copy(r, row)
		} else {
			for j, k := range u.idx {
				r[j] = row[k]
			}
		}
		out[i] = r
	}
	return out
}
