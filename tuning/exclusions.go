// Package tuning holds what a SOC adds around a detection rule to quiet
// its false positives without editing it: an exclusions file, whose
// entries drop source events before a rule's query sees them, and
// watchlists, the CSV files Sentinel's _GetWatchlist('name') reads.
//
// An exclusions file (YAML):
//
//	exclusions:
//	  - id: backup-agents               # unique; names the exclusion in counts
//	    rules: [T1119, T1119-extended]  # rule ids, or ["*"] for every rule
//	    table: DeviceProcessEvents      # optional: only this source table
//	    when:                           # every condition must hold
//	      - column: InitiatingProcessFolderPath
//	        startswith: 'c:\program files\veeam\'
//	      - column: FileName
//	        in~: [robocopy.exe, xcopy.exe]
//	    reason: Veeam agent copies the file shares every night
//	    owner: backup-team@contoso.example
//	    expires: 2027-06-30             # optional; after it the entry warns and stops applying
//
// Conditions compare one column of the source table (any column, not only
// those the query returns) with KQL's semantics: equals (==), =~, in, in~,
// has (has_any for a list), contains, startswith, endswith, regex (RE2, as
// matches regex); not: true negates a condition.
package tuning

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Exclusions is a loaded exclusions file. Its methods are safe for
// concurrent use, and a nil *Exclusions excludes nothing.
type Exclusions struct {
	// Source is the file the exclusions came from.
	Source string
	// List holds every entry, expired ones included.
	List []*Exclusion
	// Warnings name expired entries (they no longer apply).
	Warnings []string
	// MaxSamples bounds the suppressed rows kept per entry for
	// --show-suppressed (default 20).
	MaxSamples int
}

// Exclusion is one entry of an exclusions file.
type Exclusion struct {
	ID      string
	Rules   []string
	Table   string
	When    []*Condition
	Reason  string
	Owner   string
	Expires time.Time // zero: never
	// Expired is set when the entry's expiry date has passed; it then
	// excludes nothing.
	Expired bool

	count   atomic.Int64
	mu      sync.Mutex
	samples []Sample
}

// Condition is one test of a source column.
type Condition struct {
	Column string
	Op     string   // equals, =~, in, in~, has, contains, startswith, endswith, regex
	Values []string // one value, or the list of in / in~ / has
	Not    bool

	re    *regexp.Regexp
	match func(s string) bool
}

// Sample is one suppressed source row, kept for --show-suppressed.
type Sample struct {
	Rule    string
	Table   string
	Columns []schema.Column
	Row     []value.Value
}

// fileShape is the YAML shape of an exclusions file.
type fileShape struct {
	Exclusions []struct {
		ID      string           `yaml:"id"`
		Rules   []string         `yaml:"rules"`
		Rule    string           `yaml:"rule"`
		Table   string           `yaml:"table"`
		When    []map[string]any `yaml:"when"`
		Reason  string           `yaml:"reason"`
		Owner   string           `yaml:"owner"`
		Expires string           `yaml:"expires"`
		Line    int              `yaml:"-"`
	} `yaml:"exclusions"`
}

// Load reads an exclusions file; entries whose expiry date has passed (by
// the wall clock) are marked expired, with a warning.
func Load(path string) (*Exclusions, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path, time.Now())
}

// Parse reads an exclusions file's text; now decides which entries have
// expired.
func Parse(data []byte, source string, now time.Time) (*Exclusions, error) {
	var f fileShape
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	x := &Exclusions{Source: source}
	ids := map[string]bool{}
	for i, e := range f.Exclusions {
		ex := &Exclusion{ID: e.ID, Rules: e.Rules, Table: e.Table, Reason: e.Reason,
			Owner: e.Owner}
		if ex.ID == "" {
			ex.ID = fmt.Sprintf("exclusion-%d", i+1)
		}
		if ids[ex.ID] {
			return nil, fmt.Errorf("%s: exclusion %s defined twice", source, ex.ID)
		}
		ids[ex.ID] = true
		if e.Rule != "" {
			ex.Rules = append(ex.Rules, e.Rule)
		}
		if len(ex.Rules) == 0 {
			return nil, fmt.Errorf("%s: exclusion %s names no rule (rules: [ID], or [\"*\"] "+
				"for every rule)", source, ex.ID)
		}
		if strings.TrimSpace(ex.Reason) == "" {
			return nil, fmt.Errorf("%s: exclusion %s gives no reason", source, ex.ID)
		}
		if len(e.When) == 0 {
			return nil, fmt.Errorf("%s: exclusion %s has no conditions (when:)", source, ex.ID)
		}
		for j, m := range e.When {
			c, err := parseCondition(m)
			if err != nil {
				return nil, fmt.Errorf("%s: exclusion %s, condition %d: %v", source, ex.ID,
					j+1, err)
			}
			ex.When = append(ex.When, c)
		}
		// Cheap tests first: most events fail the first condition.
		slices.SortStableFunc(ex.When, func(a, b *Condition) int { return a.cost() - b.cost() })
		if e.Expires != "" {
			t, err := parseDate(e.Expires)
			if err != nil {
				return nil, fmt.Errorf("%s: exclusion %s: expires: %v", source, ex.ID, err)
			}
			ex.Expires = t
			if !now.Before(t) {
				ex.Expired = true
				x.Warnings = append(x.Warnings, fmt.Sprintf("%s: exclusion %s expired on %s "+
					"(owner %s); it no longer applies", source, ex.ID, e.Expires,
					orNone(ex.Owner)))
			}
		}
		x.List = append(x.List, ex)
	}
	return x, nil
}

func orNone(s string) string {
	if s == "" {
		return "none given"
	}
	return s
}

// parseDate reads an expiry: a date (the entry applies through that day,
// UTC) or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24 * time.Hour), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q (want 2006-01-02 or RFC 3339)", s)
	}
	return t, nil
}

// ops are the condition operators, each with whether it takes a list.
var ops = map[string]bool{
	"equals": false, "==": false, "=~": false, "in": true, "in~": true, "has": true,
	"contains": false, "startswith": false, "endswith": false, "regex": false,
}

func parseCondition(m map[string]any) (*Condition, error) {
	c := &Condition{}
	for k, v := range m {
		switch k {
		case "column":
			c.Column = fmt.Sprint(v)
		case "not":
			b, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("not: want true or false")
			}
			c.Not = b
		default:
			list, known := ops[k]
			if !known {
				return nil, fmt.Errorf("unknown key %q (operators: equals, =~, in, in~, has, "+
					"contains, startswith, endswith, regex)", k)
			}
			if c.Op != "" {
				return nil, fmt.Errorf("two operators, %s and %s", c.Op, k)
			}
			c.Op = k
			switch vv := v.(type) {
			case []any:
				if !list {
					return nil, fmt.Errorf("%s takes one value, not a list", k)
				}
				for _, e := range vv {
					c.Values = append(c.Values, fmt.Sprint(e))
				}
			default:
				c.Values = []string{fmt.Sprint(v)}
			}
		}
	}
	if c.Column == "" || c.Op == "" {
		return nil, fmt.Errorf("want column: and one operator")
	}
	return c, c.compile()
}

func (c *Condition) compile() error {
	v := c.Values
	switch c.Op {
	case "equals", "==":
		c.match = func(s string) bool { return s == v[0] }
	case "=~":
		c.match = func(s string) bool { return builtin.EqualFold(s, v[0]) }
	case "in":
		c.match = func(s string) bool { return slices.Contains(v, s) }
	case "in~":
		set := builtin.NewStringSet(v, true)
		c.match = set.Has
	case "has":
		m := builtin.NewTermMatcher(v, false)
		c.match = m.Any
	case "contains":
		c.match = func(s string) bool { return builtin.Contains(s, v[0]) }
	case "startswith":
		c.match = func(s string) bool { return builtin.StartsWith(s, v[0]) }
	case "endswith":
		c.match = func(s string) bool { return builtin.EndsWith(s, v[0]) }
	case "regex":
		re, err := regexp.Compile(v[0])
		if err != nil {
			return fmt.Errorf("regex: %v", err)
		}
		c.re = re
		c.match = re.MatchString
	}
	return nil
}

// cost ranks operators by the work a test takes.
func (c *Condition) cost() int {
	switch c.Op {
	case "has", "contains":
		return 2
	case "regex":
		return 3
	}
	return 1
}

// Holds reports whether the condition holds for a cell, compared as its
// text (the text Kusto shows for non-string columns).
func (c *Condition) Holds(v value.Value) bool {
	return c.match(v.Text()) != c.Not
}

// appliesTo reports whether an entry applies to a rule and a table.
func (e *Exclusion) appliesTo(ruleID, table string) bool {
	if e.Expired || e.Table != "" && !strings.EqualFold(e.Table, table) {
		return false
	}
	for _, r := range e.Rules {
		if r == "*" || strings.EqualFold(r, ruleID) {
			return true
		}
	}
	return false
}
