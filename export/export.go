// Package export turns a kqlhunt rule into what Microsoft Sentinel deploys:
// an analytics rule YAML file in the shape of the Azure-Sentinel repository,
// and an ARM template that creates a scheduled analytics rule
// (Microsoft.SecurityInsights/alertRules, kind Scheduled) in a workspace.
//
// Entity mappings are kept only where every column they name is a column
// the query returns; the caller supplies those columns (kql's
// Query.Columns after compiling the rule), so this package needs no engine.
package export

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
)

// Formats lists the export formats by name.
var Formats = []string{"sentinel-yaml", "arm"}

// Options are what an export needs beyond the rule.
type Options struct {
	// Columns are the names of the columns the rule's query returns. Entity
	// mappings and custom details naming other columns are dropped with a
	// warning. Nil keeps every mapping unchecked.
	Columns []string
	// Enabled is the deployed rule's enabled flag.
	Enabled bool
}

// Result is an exported rule: the file text and what had to change.
type Result struct {
	Text []byte
	// Warnings name mappings dropped and defaults filled in.
	Warnings []string
}

// Export writes the rule in the named format.
func Export(r *rules.Rule, format string, opt Options) (*Result, error) {
	p, err := prepare(r, opt)
	if err != nil {
		return nil, err
	}
	var text []byte
	switch format {
	case "sentinel-yaml", "yaml":
		text, err = sentinelYAML(p)
	case "arm", "arm-json":
		text, err = armTemplate(p)
	default:
		return nil, fmt.Errorf("unknown export format %q (want %s)", format,
			strings.Join(Formats, " or "))
	}
	if err != nil {
		return nil, err
	}
	return &Result{Text: text, Warnings: p.warnings}, nil
}

// prepared is a rule checked and completed for export.
type prepared struct {
	r         *rules.Rule
	guid      string
	severity  string
	freq      time.Duration
	period    time.Duration
	op        string // gt, lt, eq, ne
	suppress  time.Duration
	enabled   bool
	mappings  []rules.EntityMapping
	details   [][2]string // custom details, sorted by key
	tactics   []string
	tables    []string
	warnings  []string
	techIDs   []string // parent techniques (T1119), as Sentinel's techniques field wants
	subTechs  []string // sub-techniques (T1560.001)
	relevants []string // everything, for relevantTechniques
}

func (p *prepared) warnf(format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

// Defaults for what a rule may leave out; Sentinel requires each.
const (
	defaultFrequency = time.Hour
	defaultPeriod    = 24 * time.Hour
	// Sentinel requires a suppression duration even when suppression is
	// off; the portal fills in 5 hours.
	defaultSuppression = 5 * time.Hour
)

func prepare(r *rules.Rule, opt Options) (*prepared, error) {
	if strings.TrimSpace(r.Query) == "" {
		return nil, fmt.Errorf("rule %s has no query", r.ID)
	}
	p := &prepared{r: r, guid: r.GUID, enabled: opt.Enabled, op: "gt"}
	if !isGUID(p.guid) {
		p.guid = NameGUID(r.ID)
		p.warnf("rule %s has no GUID id; using %s, derived from its id", r.ID, p.guid)
	}
	p.severity = canonical(r.Severity, Severities)
	if p.severity == "" {
		p.severity = "Medium"
		p.warnf("severity %q is not one of %s; exported as Medium", r.Severity,
			strings.Join(Severities, ", "))
	}
	p.freq, p.period = r.QueryFrequency, r.QueryPeriod
	if p.freq == 0 {
		p.freq = defaultFrequency
		p.warnf("no queryFrequency; exported as %s", kqlDuration(p.freq))
	}
	if p.period == 0 {
		p.period = max(defaultPeriod, p.freq)
		p.warnf("no queryPeriod; exported as %s", kqlDuration(p.period))
	}
	if err := checkSchedule(p.freq, p.period); err != nil {
		return nil, fmt.Errorf("rule %s: %v", r.ID, err)
	}
	switch strings.ToLower(r.TriggerOperator) {
	case "", "gt", "greaterthan":
		p.op = "gt"
	case "lt", "lessthan":
		p.op = "lt"
	case "eq", "equal":
		p.op = "eq"
	case "ne", "notequal":
		p.op = "ne"
	default:
		return nil, fmt.Errorf("rule %s: unknown triggerOperator %q", r.ID, r.TriggerOperator)
	}
	if r.TriggerThreshold < 0 || r.TriggerThreshold > maxThreshold {
		return nil, fmt.Errorf("rule %s: triggerThreshold %d outside 0..%d", r.ID,
			r.TriggerThreshold, maxThreshold)
	}
	p.suppress = r.SuppressionDuration
	if p.suppress == 0 {
		p.suppress = defaultSuppression
	}
	for _, t := range r.Tactics {
		c := canonical(strings.ReplaceAll(t, " ", ""), Tactics)
		if c == "" {
			p.warnf("tactic %q is not one Sentinel knows; dropped", t)
			continue
		}
		p.tactics = append(p.tactics, c)
	}
	p.splitTechniques(r.Techniques)
	p.filterMappings(r, opt.Columns)
	p.tables = TablesOf(r.Query, schema.Builtin())
	return p, nil
}

// maxThreshold is the largest trigger threshold Sentinel accepts.
const maxThreshold = 10000

// checkSchedule applies Sentinel's limits on a scheduled rule's run
// frequency and lookback: 5 minutes to 14 days each, and a frequency no
// longer than the period.
func checkSchedule(freq, period time.Duration) error {
	const lo, hi = 5 * time.Minute, 14 * 24 * time.Hour
	if freq < lo || freq > hi {
		return fmt.Errorf("queryFrequency %s outside Sentinel's 5m..14d", kqlDuration(freq))
	}
	if period < lo || period > hi {
		return fmt.Errorf("queryPeriod %s outside Sentinel's 5m..14d", kqlDuration(period))
	}
	if freq > period {
		return fmt.Errorf("queryFrequency %s is longer than queryPeriod %s",
			kqlDuration(freq), kqlDuration(period))
	}
	return nil
}

func (p *prepared) splitTechniques(ts []string) {
	for _, t := range ts {
		t = strings.ToUpper(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		p.relevants = append(p.relevants, t)
		parent, _, sub := strings.Cut(t, ".")
		if !slices.Contains(p.techIDs, parent) {
			p.techIDs = append(p.techIDs, parent)
		}
		if sub {
			p.subTechs = append(p.subTechs, t)
		}
	}
}

// filterMappings keeps the entity mappings and custom details whose
// columns the query returns.
func (p *prepared) filterMappings(r *rules.Rule, cols []string) {
	has := func(c string) bool { return cols == nil || slices.Contains(cols, c) }
	for _, m := range r.EntityMappings {
		if canonical(m.EntityType, EntityTypes) == "" {
			p.warnf("entity type %q is not one Sentinel knows; mapping dropped", m.EntityType)
			continue
		}
		var keep rules.EntityMapping
		keep.EntityType = canonical(m.EntityType, EntityTypes)
		for _, f := range m.FieldMappings {
			if !has(f.ColumnName) {
				p.warnf("%s.%s maps column %s, which the query does not return; dropped",
					keep.EntityType, f.Identifier, f.ColumnName)
				continue
			}
			keep.FieldMappings = append(keep.FieldMappings, f)
		}
		if len(keep.FieldMappings) > 0 {
			p.mappings = append(p.mappings, keep)
		}
	}
	if len(p.mappings) > maxEntityMappings {
		p.warnf("%d entity mappings; Sentinel takes %d, the rest are dropped",
			len(p.mappings), maxEntityMappings)
		p.mappings = p.mappings[:maxEntityMappings]
	}
	for k, col := range r.CustomDetails {
		if !has(col) {
			p.warnf("custom detail %s names column %s, which the query does not return; "+
				"dropped", k, col)
			continue
		}
		p.details = append(p.details, [2]string{k, col})
	}
	slices.SortFunc(p.details, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
}

// maxEntityMappings is the number of entity mappings a Sentinel rule holds.
const maxEntityMappings = 10

// canonical returns the element of allowed equal to s ignoring case, or "".
func canonical(s string, allowed []string) string {
	for _, a := range allowed {
		if strings.EqualFold(a, strings.TrimSpace(s)) {
			return a
		}
	}
	return ""
}

// kqlDuration writes d as the Azure-Sentinel repository writes durations:
// 5m, 1h, 1d, 14d.
func kqlDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}
