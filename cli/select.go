package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kqlhunt/kqlhunt/rules"
)

// ruleFlags are the ways a command names the rules to run.
type ruleFlags struct {
	rules     []string // --rule: a built-in id or a rule file
	dirs      []string // --rules: folders of rule files
	query     string   // --query
	queryFile string   // --query-file
	// given reports whether a flag was set on the command line (so that
	// --query '' is an error, not "no query").
	given func(name string) bool
}

// selectRules resolves the rule flags. With none given, every built-in
// rule is selected. Files that fail to load are returned as errors; the
// other rules still run.
func (f *ruleFlags) selectRules() ([]*rules.Rule, []error, error) {
	var out []*rules.Rule
	var errs []error
	given := f.given
	if given == nil {
		given = func(string) bool { return false }
	}
	adhoc := given("query") || given("query-file")
	if given("query") && given("query-file") {
		return nil, nil, usageError("--query and --query-file exclude each other")
	}
	if adhoc && (len(f.rules) > 0 || len(f.dirs) > 0) {
		return nil, nil, usageError("--query and --query-file run one query: they exclude " +
			"--rule and --rules")
	}
	if given("query") && strings.TrimSpace(f.query) == "" {
		return nil, nil, usageError("--query is empty")
	}
	if f.query != "" {
		out = append(out, adhocRule("query", "<query>", f.query))
	}
	if f.queryFile != "" {
		data, err := os.ReadFile(f.queryFile)
		if err != nil {
			return nil, nil, usageError("%v", err)
		}
		out = append(out, adhocRule("query", f.queryFile, string(data)))
	}
	for _, name := range f.rules {
		if r, ok := rules.BuiltinByID(name); ok {
			out = append(out, r)
			continue
		}
		if _, err := os.Stat(name); err != nil {
			return nil, nil, usageError("--rule %s: neither a built-in rule id (see "+
				"kqlhunt rules) nor a readable file", name)
		}
		r, err := rules.LoadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	for _, dir := range f.dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, nil, usageError("--rules %s: not a folder", dir)
		}
		rs, es := rules.LoadDir(dir)
		if len(rs) == 0 && len(es) == 0 {
			return nil, nil, usageError("--rules %s: no rule files (.yaml with a query, "+
				".kql) in it", dir)
		}
		out = append(out, rs...)
		errs = append(errs, es...)
	}
	if len(out) == 0 && len(errs) == 0 {
		out = rules.Builtin()
	}
	return once(out), errs, nil
}

// once drops a rule given twice (the same id and query): --rule T1119
// --rule T1119, or a file named and also in a --rules folder, would
// otherwise run it twice and raise every alert twice.
func once(rs []*rules.Rule) []*rules.Rule {
	type key struct{ id, query string }
	seen := map[key]bool{}
	out := rs[:0]
	for _, r := range rs {
		k := key{r.ID, r.Query}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// adhocRule wraps a query given on the command line as a rule.
func adhocRule(id, source, text string) *rules.Rule {
	return &rules.Rule{ID: id, Name: "ad-hoc query", Severity: "Informational", Kind: "Hunting",
		Query: text, Source: source, TriggerOperator: "gt"}
}

// ruleLabel names a rule in messages.
func ruleLabel(r *rules.Rule) string {
	if strings.Contains(r.Name, r.ID) {
		return r.Name
	}
	if r.Name != "" && !strings.EqualFold(r.Name, r.ID) {
		return fmt.Sprintf("%s (%s)", r.ID, r.Name)
	}
	return r.ID
}

// oneString is a string flag that may be given once: a second --query
// would otherwise replace the first without a word.
type oneString struct {
	p   *string
	set bool
}

func (o *oneString) String() string {
	if o.p == nil {
		return ""
	}
	return *o.p
}

func (o *oneString) Set(v string) error {
	if o.set {
		return errors.New("given twice: one query per run; put several in rule files (--rules DIR)")
	}
	*o.p, o.set = v, true
	return nil
}

func (o *oneString) Type() string { return "string" }
