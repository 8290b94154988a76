// Package rules is the detection-rule model of kqlhunt: Sentinel analytics
// rules and hunting queries loaded from their YAML files, and the rules
// built into the binary.
//
// A rule file has the Azure-Sentinel repository shape (id, name,
// description, severity, queryFrequency, queryPeriod, triggerOperator,
// triggerThreshold, tactics, relevantTechniques, query, entityMappings,
// customDetails, version, kind). kqlhunt also reads two keys Sentinel does
// not have: falsePositives and references.
package rules

import (
	"fmt"
	"strings"
	"time"
)

// Rule is one detection rule.
type Rule struct {
	ID          string // short id: the file's base name, or a built-in id such as T1119
	GUID        string // the YAML id
	Name        string
	Description string
	Severity    string // Informational, Low, Medium, High
	Kind        string // Scheduled, NRT or Hunting

	QueryFrequency   time.Duration
	QueryPeriod      time.Duration
	TriggerOperator  string // gt, lt, eq, ne
	TriggerThreshold int

	SuppressionEnabled  bool
	SuppressionDuration time.Duration

	Tactics        []string
	Techniques     []string
	FalsePositives []string
	References     []string
	EntityMappings []EntityMapping
	CustomDetails  map[string]string
	Version        string

	// Query is the KQL text exactly as the file holds it.
	Query string
	// Source names where the rule came from: a file path or builtin:NAME.
	Source string
	// QueryLine and QueryIndent place the query inside Source: line 1 of the
	// query is line QueryLine of the file, and each query line is indented by
	// QueryIndent columns there (0 for .kql files).
	QueryLine   int
	QueryIndent int
	// folds maps query lines to file lines for a folded (>) query block.
	folds [][]segment
	// Warnings are problems found while loading that did not stop it.
	Warnings []string
}

// EntityMapping maps result columns to a Sentinel entity.
type EntityMapping struct {
	EntityType    string
	FieldMappings []FieldMapping
}

// FieldMapping maps one entity identifier to a result column.
type FieldMapping struct {
	Identifier string
	ColumnName string
}

// Triggered reports whether a run that returned n rows raises alerts, by
// the rule's trigger operator and threshold (Sentinel's semantics; with no
// operator, more than 0 rows).
func (r *Rule) Triggered(n int) bool {
	switch strings.ToLower(r.TriggerOperator) {
	case "lt", "lessthan":
		return n < r.TriggerThreshold
	case "eq", "equal":
		return n == r.TriggerThreshold
	case "ne", "notequal":
		return n != r.TriggerThreshold
	default:
		return n > r.TriggerThreshold
	}
}

// FilePosition turns a 1-based line and column inside the query text into
// the line and column inside the rule's source file.
func (r *Rule) FilePosition(line, col int) (int, int) {
	if r.QueryLine <= 0 {
		return line, col
	}
	if fl, fc, ok := r.foldedPosition(line, col); ok {
		return fl, fc
	}
	return r.QueryLine + line - 1, col + r.QueryIndent
}

// ParseDuration reads a Sentinel duration: KQL-style (5m, 1h, 1d, 14d) or
// ISO 8601 (PT5M, PT1H, P1D).
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(strings.ToUpper(s), "P") {
		return parseISODuration(strings.ToUpper(s))
	}
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"ms", time.Millisecond}, {"d", 24 * time.Hour}, {"h", time.Hour},
		{"m", time.Minute}, {"s", time.Second}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			var n float64
			if _, err := fmt.Sscanf(num, "%g", &n); err != nil || n < 0 {
				return 0, fmt.Errorf("bad duration %q", s)
			}
			return time.Duration(n * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("bad duration %q: want a number and a unit (5m, 1h, 1d) or PT1H", s)
}

func parseISODuration(s string) (time.Duration, error) {
	var total time.Duration
	inTime := false
	num := ""
	for _, c := range s[1:] {
		switch {
		case c == 'T':
			inTime = true
		case c >= '0' && c <= '9' || c == '.':
			num += string(c)
		default:
			var n float64
			if _, err := fmt.Sscanf(num, "%g", &n); err != nil {
				return 0, fmt.Errorf("bad ISO 8601 duration %q", s)
			}
			var unit time.Duration
			switch {
			case c == 'D' && !inTime:
				unit = 24 * time.Hour
			case c == 'W' && !inTime:
				unit = 7 * 24 * time.Hour
			case c == 'H' && inTime:
				unit = time.Hour
			case c == 'M' && inTime:
				unit = time.Minute
			case c == 'S' && inTime:
				unit = time.Second
			default:
				return 0, fmt.Errorf("bad ISO 8601 duration %q", s)
			}
			total += time.Duration(n * float64(unit))
			num = ""
		}
	}
	if num != "" {
		return 0, fmt.Errorf("bad ISO 8601 duration %q", s)
	}
	return total, nil
}

// FormatISODuration writes d as an ISO 8601 duration (PT1H, P1D, PT5M), as
// ARM templates want.
func FormatISODuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 && d > 0 {
		return fmt.Sprintf("P%dD", d/(24*time.Hour))
	}
	var b strings.Builder
	b.WriteString("PT")
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s := d % time.Minute / time.Second; s > 0 || d == 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}
