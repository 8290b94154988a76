package rules

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ruleFile is the YAML shape of a Sentinel analytics rule or hunting query.
type ruleFile struct {
	ID                  string            `yaml:"id"`
	Name                string            `yaml:"name"`
	Description         string            `yaml:"description"`
	Severity            string            `yaml:"severity"`
	Kind                string            `yaml:"kind"`
	QueryFrequency      string            `yaml:"queryFrequency"`
	QueryPeriod         string            `yaml:"queryPeriod"`
	TriggerOperator     string            `yaml:"triggerOperator"`
	TriggerThreshold    int               `yaml:"triggerThreshold"`
	SuppressionEnabled  bool              `yaml:"suppressionEnabled"`
	SuppressionDuration string            `yaml:"suppressionDuration"`
	Tactics             []string          `yaml:"tactics"`
	RelevantTechniques  []string          `yaml:"relevantTechniques"`
	Techniques          []string          `yaml:"techniques"`
	Query               string            `yaml:"query"`
	EntityMappings      []entityMapping   `yaml:"entityMappings"`
	CustomDetails       map[string]string `yaml:"customDetails"`
	Version             string            `yaml:"version"`
	FalsePositives      []string          `yaml:"falsePositives"`
	References          []string          `yaml:"references"`
}

type entityMapping struct {
	EntityType    string `yaml:"entityType"`
	FieldMappings []struct {
		Identifier string `yaml:"identifier"`
		ColumnName string `yaml:"columnName"`
	} `yaml:"fieldMappings"`
}

// LoadFile reads one rule: a Sentinel YAML file (.yaml, .yml) or a bare
// query (.kql, .csl, .txt).
func LoadFile(path string) (*Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		r, err := Parse(data, path)
		if err != nil {
			return nil, err
		}
		r.ID = id
		return r, nil
	}
	return &Rule{ID: id, Name: id, Kind: "Hunting", Query: string(data), Source: path,
		QueryLine: 1, TriggerOperator: "gt"}, nil
}

// LoadDir reads every rule file under dir (recursively). Files that fail to
// load are returned as errors; the others still load.
func LoadDir(dir string) ([]*Rule, []error) {
	var paths []string
	var errs []error
	walkErr := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() || isTestFile(p) {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml", ".kql":
			paths = append(paths, p)
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	sort.Strings(paths)
	var out []*Rule
	for _, p := range paths {
		if !isRuleFile(p) {
			continue
		}
		r, err := LoadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	return out, errs
}

// NotRules lists the YAML files under dir that LoadDir passes over
// because they are not rules (no top-level query key), such as exclusion
// lists kept beside rules.
func NotRules(dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || isTestFile(p) {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml":
			if !isRuleFile(p) {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// isTestFile reports whether p is a behaviour-test file (*.test.yaml),
// which sits beside rules but is not one.
func isTestFile(p string) bool {
	base := strings.ToLower(filepath.Base(p))
	return strings.HasSuffix(base, ".test.yaml") || strings.HasSuffix(base, ".test.yml")
}

// isRuleFile reports whether a file in a rules folder is a rule: a .kql
// file, or YAML with a top-level query key (exclusion lists and other
// YAML beside rules are not).
func isRuleFile(p string) bool {
	if strings.EqualFold(filepath.Ext(p), ".kql") {
		return true
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return true // let LoadFile report it
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "query:") {
			return true
		}
	}
	return false
}

// Parse reads a rule from YAML. A file that is not strictly valid YAML (as
// some in the public Sentinel repository are) still loads when its query
// block can be read; the rule then carries a warning.
func Parse(data []byte, source string) (*Rule, error) {
	var doc yaml.Node
	var rf ruleFile
	err := yaml.Unmarshal(data, &doc)
	if err == nil {
		err = doc.Decode(&rf)
	}
	if err != nil {
		r, lerr := parseLenient(string(data), source)
		if lerr != nil {
			return nil, fmt.Errorf("%s: %v", source, err)
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("not valid YAML (%v); read its query "+
			"block and top-level fields line by line", err))
		return r, nil
	}
	if strings.TrimSpace(rf.Query) == "" {
		return nil, fmt.Errorf("%s: no query", source)
	}
	r, err := fromFile(&rf, source)
	if err != nil {
		return nil, err
	}
	var folded bool
	r.QueryLine, r.QueryIndent, folded = queryPlace(&doc, string(data))
	if folded {
		r.folds = foldMap(string(data), r.QueryLine, r.QueryIndent, r.Query)
	}
	r.Warnings = append(r.Warnings, r.validate()...)
	return r, nil
}

// validate lists fields whose values Sentinel would not accept.
func (r *Rule) validate() []string {
	var out []string
	oneOf := func(field, v string, allowed ...string) {
		if v == "" {
			return
		}
		for _, a := range allowed {
			if strings.EqualFold(v, a) {
				return
			}
		}
		out = append(out, fmt.Sprintf("%s %q is not one of %s", field, v,
			strings.Join(allowed, ", ")))
	}
	oneOf("severity", r.Severity, "Informational", "Low", "Medium", "High")
	oneOf("kind", r.Kind, "Scheduled", "NRT", "Hunting")
	oneOf("triggerOperator", r.TriggerOperator, "gt", "lt", "eq", "ne",
		"GreaterThan", "LessThan", "Equal", "NotEqual")
	return out
}

func fromFile(rf *ruleFile, source string) (*Rule, error) {
	r := &Rule{
		GUID: rf.ID, Name: rf.Name, Description: strings.TrimSpace(rf.Description),
		Severity: rf.Severity, Kind: rf.Kind, TriggerOperator: rf.TriggerOperator,
		TriggerThreshold: rf.TriggerThreshold, SuppressionEnabled: rf.SuppressionEnabled,
		Tactics: rf.Tactics, Techniques: rf.RelevantTechniques, Query: rf.Query,
		CustomDetails: rf.CustomDetails, Version: rf.Version, Source: source,
		FalsePositives: rf.FalsePositives, References: rf.References,
	}
	if len(r.Techniques) == 0 {
		r.Techniques = rf.Techniques
	}
	if r.Kind == "" {
		r.Kind = "Hunting"
		if rf.QueryFrequency != "" {
			r.Kind = "Scheduled"
		}
	}
	var err error
	if r.QueryFrequency, err = ParseDuration(rf.QueryFrequency); err != nil {
		return nil, fmt.Errorf("%s: queryFrequency: %v", source, err)
	}
	if r.QueryPeriod, err = ParseDuration(rf.QueryPeriod); err != nil {
		return nil, fmt.Errorf("%s: queryPeriod: %v", source, err)
	}
	if r.SuppressionDuration, err = ParseDuration(rf.SuppressionDuration); err != nil {
		return nil, fmt.Errorf("%s: suppressionDuration: %v", source, err)
	}
	for _, em := range rf.EntityMappings {
		m := EntityMapping{EntityType: em.EntityType}
		for _, fm := range em.FieldMappings {
			m.FieldMappings = append(m.FieldMappings, FieldMapping(fm))
		}
		r.EntityMappings = append(r.EntityMappings, m)
	}
	return r, nil
}

// queryPlace finds where the query text starts in the file: the line of
// its first character and the indentation of a block scalar, and whether
// the block is folded (>).
func queryPlace(doc *yaml.Node, text string) (line, indent int, folded bool) {
	if len(doc.Content) == 0 {
		return 0, 0, false
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "query" {
			continue
		}
		v := m.Content[i+1]
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			return v.Line, v.Column - 1, false
		}
		lines := strings.Split(text, "\n")
		for ln := v.Line; ln < len(lines); ln++ {
			l := strings.TrimRight(lines[ln], "\r")
			if strings.TrimSpace(l) == "" {
				continue
			}
			return ln + 1, len(l) - len(strings.TrimLeft(l, " ")),
				v.Style&yaml.FoldedStyle != 0
		}
	}
	return 0, 0, false
}

// parseLenient reads top-level "key: value" lines and the query block of a
// file that is not valid YAML.
func parseLenient(text, source string) (*Rule, error) {
	rf := ruleFile{}
	var queryLine, indent int
	var query []string
	inQuery := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimRight(sc.Text(), "\r")
		if inQuery {
			trimmed := strings.TrimLeft(l, " ")
			if trimmed != "" && len(l)-len(trimmed) == 0 {
				inQuery = false
			} else {
				if indent == 0 && trimmed != "" {
					indent, queryLine = len(l)-len(trimmed), n
				}
				if len(l) >= indent {
					l = l[indent:]
				} else {
					l = ""
				}
				if queryLine > 0 {
					query = append(query, l)
				}
				continue
			}
		}
		key, val, ok := strings.Cut(l, ":")
		if !ok || strings.HasPrefix(key, " ") || strings.HasPrefix(key, "#") {
			continue
		}
		val = strings.Trim(strings.TrimSpace(val), `'"`)
		switch key {
		case "query":
			if strings.HasPrefix(val, "|") || strings.HasPrefix(val, ">") {
				inQuery = true
			} else {
				rf.Query, queryLine = val, n
			}
		case "id":
			rf.ID = val
		case "name":
			rf.Name = val
		case "severity":
			rf.Severity = val
		case "kind":
			rf.Kind = val
		case "queryFrequency":
			rf.QueryFrequency = val
		case "queryPeriod":
			rf.QueryPeriod = val
		case "triggerOperator":
			rf.TriggerOperator = val
		case "triggerThreshold":
			rf.TriggerThreshold, _ = strconv.Atoi(val)
		case "version":
			rf.Version = val
		}
	}
	if len(query) > 0 {
		for len(query) > 0 && strings.TrimSpace(query[len(query)-1]) == "" {
			query = query[:len(query)-1]
		}
		rf.Query = strings.Join(query, "\n") + "\n"
	}
	if strings.TrimSpace(rf.Query) == "" {
		return nil, errors.New("no query block found")
	}
	r, err := fromFile(&rf, source)
	if err != nil {
		return nil, err
	}
	r.QueryLine, r.QueryIndent = queryLine, indent
	return r, nil
}
