package cli

// The tests in this file hold kqlhunt to Microsoft's own KQL analyzer on the
// real Sentinel rules of ../shared/sentinel-rules (issue 4, "Proof"): kqlhunt
// accepts the rules the analyzer accepts, rejects the others, and gives the
// same result columns, except where the real engine is known to differ from
// the analyzer; then every rule kqlhunt accepts runs over the shared datasets.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/rules"
)

// ruleColumn is a result column as check --format jsonl and ORACLE.tsv give it.
type ruleColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

func (c ruleColumn) String() string { return c.Name + ":" + c.Type }

// diagnostic is a positioned message, line and column relative to the query.
type diagnostic struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// checkLine is one line of check --format jsonl.
type checkLine struct {
	File        string       `json:"file"`
	Compiled    bool         `json:"compiled"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Columns     []ruleColumn `json:"columns"`
}

// diags renders the diagnostics as ORACLE.tsv writes an error: "line:col message".
func (c checkLine) diags() []string {
	var out []string
	for _, d := range c.Diagnostics {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Line, d.Col, d.Message))
	}
	return out
}

// expectation is what kqlhunt must say about one rule.
type expectation struct {
	compiled bool
	// columns are the result columns; nil when they are not compared.
	columns []ruleColumn
	// diag is a diagnostic kqlhunt must give ("line:col message"), or "".
	diag string
}

// ruleException is a rule on which kqlhunt is expected to differ from
// ORACLE.tsv, or is known not to agree with it yet.
type ruleException struct {
	file   string
	reason string
	// want replaces the analyzer's verdict; nil keeps it.
	want *expectation
	// bug names the kqlhunt bug that keeps it from the expectation today
	// (with the fix proposed). The test logs the difference instead of
	// failing, and fails once the bug is fixed so the note gets removed.
	bug string
	// rewrite turns the rule's query into one on which the analyzer gives
	// want (nil: none); the live-analyzer test checks it.
	rewrite func(query string) string
}

// replace is a rewrite replacing old with new.
func replace(old, new string) func(string) string {
	return func(q string) string { return strings.ReplaceAll(q, old, new) }
}

// cut is a rewrite removing the text from the first from up to to.
func cut(from, to string) func(string) string {
	return func(q string) string {
		i := strings.Index(q, from)
		j := strings.Index(q, to)
		if i < 0 || j < i {
			return q
		}
		return q[:i] + q[j:]
	}
}

// ransomwareColumns are the analyzer's columns for "Check for multiple signs
// of ransomware activity" once its count(CommandList) is written count()
// (kusto-oracle --schemas sentinel-schemas.kql, 2026-12-03).
const ransomwareColumns = "DeviceId:string, Timestamp:datetime, BcdEdit:long, " +
	"NetStop10PlusCommands:long, Wevtutil10PlusLogsCleared:long, CipherMultipleDrives:long, " +
	"Fsutil:long, ShadowCopyDelete:long, Wbadmin:long, TaskKill10PlusCommand:long, " +
	"VssAdminShadow:long, ScDisable:long, TotalEvidenceCount:long, EvidenceList:dynamic, " +
	"StartofBehavior:datetime, UniqueEvidenceCount:long"

// nickelColumns are the columns of the SecurityEvent and WindowsEvent legs
// of NICKEL Command Line Activity, the legs that resolve.
const nickelColumns = "TimeGenerated:datetime, Computer:string, NewProcessName:string, " +
	"ParentProcessName:string, Account:string, NewProcessId:string, Type:string, " +
	"CommandLine:string, timestamp:datetime, HostCustomEntity:string, " +
	"AccountCustomEntity:string, ProcessCustomEntity:string"

// certutilColumns are kqlhunt's columns for Certutil-LOLBins: the analyzer's
// without the pivot column Image (data-dependent, known only at run time)
// and without TechniqueId1/TechniqueName1 (see the entry's reason).
const certutilColumns = "TimeGenerated:datetime, Source:string, EventLog:string, " +
	"Computer:string, EventLevel:int, EventLevelName:string, EventID:int, UserName:string, " +
	"RenderedDescription:string, MG:dynamic, ManagementGroupName:string, Type:string, " +
	"_ResourceId:string, RuleName:string, TechniqueId:string, TechniqueName:string, " +
	"HostCustomEntity:string, AccountCustomEntity:string"

// sentinelExceptions lists every rule where kqlhunt's expected verdict or
// columns are not the analyzer's, with the reason.
var sentinelExceptions = []ruleException{
	{
		file: "Hunting_Queries__Microsoft_365_Defender__Ransomware__" +
			"Check_for_multiple_signs_of_ransomware_activity.yaml",
		reason: "count(x): the analyzer rejects an argument to count, the real engine " +
			"accepts it and counts rows, nulls included (SEMANTICS.md §5, kustainer cases)",
		want:    &expectation{compiled: true, columns: parseColumns(ransomwareColumns)},
		rewrite: replace("count(CommandList)", "count()"),
	},
	{
		file: "Hunting_Queries__MultipleDataSources__UnicodeObfuscationInCommandLine.yaml",
		reason: "count(x) is accepted by the real engine (see above), so the first genuine " +
			"error is the column listed twice in project-reorder, which the analyzer " +
			"reports too once count(TimeGenerated) is written count()",
		want: &expectation{compiled: false, diag: "23:81 A column with the name " +
			"'NumberOfComputers' is already declared."},
		rewrite: replace("count(TimeGenerated)", "count()"),
	},
	{
		file: "Hunting_Queries__MultipleDataSources__NICKELCommandLineActivity-Nov2021.yaml",
		reason: "union isfuzzy=true: the analyzer keeps the legs naming unknown tables " +
			"(SecurityAlert, imProcessCreate) with unknown-typed columns; the real engine " +
			"drops them with a warning, giving the columns of the other two legs, as the " +
			"analyzer does once those legs are cut",
		want:    &expectation{compiled: true, columns: parseColumns(nickelColumns)},
		rewrite: cut("(DeviceProcessEvents", "(SecurityEvent"),
	},
	{
		file: "Hunting_Queries__SecurityEvent__Certutil-LOLBins.yaml",
		reason: "open question: parse into existing columns (TechniqueId, TechniqueName): " +
			"the analyzer declares new ones (TechniqueId1, TechniqueName1), kqlhunt " +
			"overwrites them as extend does; no conformance case settles what the real " +
			"engine does (add a kustainer case). Image is a pivot column: data-dependent",
		want: &expectation{compiled: true, columns: parseColumns(certutilColumns)},
	},
}

// parseColumns reads "Name:type, Name:type" as ORACLE.tsv writes columns.
func parseColumns(s string) []ruleColumn {
	var cols []ruleColumn
	for _, f := range strings.Split(s, ", ") {
		name, typ, _ := strings.Cut(f, ":")
		cols = append(cols, ruleColumn{Name: name, Type: typ})
	}
	return cols
}

// readOracle reads ORACLE.tsv: file, ok|error, columns or the first error.
func readOracle(t *testing.T, path string) map[string]expectation {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]expectation{}
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || (f[1] != "ok" && f[1] != "error") {
			t.Fatalf("%s:%d: bad line %q", path, i+1, line)
		}
		if f[1] == "ok" {
			out[f[0]] = expectation{compiled: true, columns: parseColumns(f[2])}
		} else {
			out[f[0]] = expectation{diag: f[2]}
		}
	}
	return out
}

// sentinelRun is check --format jsonl over the rules folder, run once.
var sentinelRun struct {
	once    sync.Once
	lines   map[string]checkLine // by file base name
	code    int
	trailer []string // stdout lines that are not JSON
	err     error
}

// checkRules runs check --format jsonl on dir through Run and returns the
// verdicts by file base name.
func checkRules(t *testing.T, dir string) map[string]checkLine {
	t.Helper()
	sentinelRun.once.Do(func() {
		var out, errb bytes.Buffer
		sentinelRun.code = Run([]string{"check", "--format", "jsonl", dir},
			strings.NewReader(""), &out, &errb)
		sentinelRun.lines = map[string]checkLine{}
		sc := bufio.NewScanner(&out)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var l checkLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				sentinelRun.err = fmt.Errorf("bad check line %q: %v", sc.Text(), err)
				return
			}
			sentinelRun.lines[filepath.Base(l.File)] = l
		}
		// stdout holds JSON lines only; stderr holds the tally alone.
		if tally := strings.TrimSpace(errb.String()); !regexp.MustCompile(
			`^\d+ passed, \d+ failed$`).MatchString(tally) {
			sentinelRun.err = fmt.Errorf("check wrote more than its tally to stderr:\n%s",
				errb.String())
		}
	})
	if sentinelRun.err != nil {
		t.Fatal(sentinelRun.err)
	}
	return sentinelRun.lines
}

// TestSentinelRulesCheck compares kqlhunt check with ORACLE.tsv, rule by
// rule, applying sentinelExceptions.
func TestSentinelRulesCheck(t *testing.T) {
	dir := testenv.Shared(t, "sentinel-rules")
	oracle := readOracle(t, filepath.Join(dir, "ORACLE.tsv"))
	got := checkRules(t, dir)
	if len(got) != len(oracle) {
		t.Errorf("check gave %d verdicts, ORACLE.tsv has %d", len(got), len(oracle))
	}
	if sentinelRun.code != ExitUsage {
		t.Errorf("check exit code %d, want %d (some rules do not compile)",
			sentinelRun.code, ExitUsage)
	}
	exceptions := map[string]ruleException{}
	for _, e := range sentinelExceptions {
		if _, ok := oracle[e.file]; !ok {
			t.Errorf("exception for %s, which ORACLE.tsv does not list", e.file)
		}
		exceptions[e.file] = e
	}
	for _, file := range sortedKeys(oracle) {
		t.Run(shortRule(file), func(t *testing.T) {
			l, ok := got[file]
			if !ok {
				t.Fatalf("check gave no verdict for %s", file)
			}
			want, exc := oracle[file], exceptions[file]
			if exc.want != nil {
				want = *exc.want
			}
			diff := compareVerdict(want, l)
			switch {
			case diff != "" && exc.bug != "":
				t.Logf("known bug: %s\n%s", exc.bug, diff)
			case diff != "":
				t.Errorf("%s\n(analyzer: %s)", diff, oracleText(oracle[file]))
			case exc.bug != "":
				t.Errorf("agrees now: remove the bug note of its entry (%s)", exc.bug)
			}
		})
	}
}

// compareVerdict returns "" when l meets want, else what differs.
func compareVerdict(want expectation, l checkLine) string {
	if l.Compiled != want.compiled {
		return fmt.Sprintf("compiled=%v, want %v; diagnostics: %q", l.Compiled, want.compiled,
			l.diags())
	}
	if want.diag != "" && !contains(l.diags(), want.diag) {
		return fmt.Sprintf("diagnostics %q lack %q", l.diags(), want.diag)
	}
	if want.compiled && want.columns != nil {
		return compareColumns(want.columns, l.Columns)
	}
	return ""
}

// kqlTypes are the type names Kusto appends to a column name when union
// legs give it different types (N_long, N_string); unknown is the analyzer's.
var kqlTypes = []string{"bool", "datetime", "decimal", "dynamic", "guid", "int", "long",
	"real", "string", "timespan", "unknown"}

// compareColumns returns "" when got matches want, else both lists. Where the
// analyzer types a column unknown (evaluate pivot/bag_unpack, fuzzy unions),
// columns are compared by name only: type suffixes added by union clashes
// are dropped first, names are compared in order of first appearance, and an
// unknown-typed column kqlhunt does not list is allowed (data-dependent: its
// presence is only known at run time). Other columns keep their types.
func compareColumns(want, got []ruleColumn) string {
	mismatch := func() string {
		return fmt.Sprintf("columns differ:\n got: %s\nwant: %s", joinColumns(got),
			joinColumns(want))
	}
	open := false
	for _, c := range want {
		open = open || c.Type == "unknown"
	}
	if !open {
		if joinColumns(got) != joinColumns(want) {
			return mismatch()
		}
		return ""
	}
	gotNames := baseNames(got)
	present := map[string]bool{}
	for _, n := range gotNames {
		present[n] = true
	}
	var wantNames []string
	known := map[string]string{} // unsuffixed known-typed analyzer columns
	for _, c := range want {
		if b, suffixed := baseName(c); !suffixed && c.Type != "unknown" {
			known[b] = c.Type
		}
	}
	for _, n := range baseNames(want) {
		if present[n] || isKnownName(want, n) {
			wantNames = append(wantNames, n)
		}
	}
	if strings.Join(gotNames, ",") != strings.Join(wantNames, ",") {
		return mismatch()
	}
	for _, c := range got {
		if b, suffixed := baseName(c); !suffixed && known[b] != "" && known[b] != c.Type {
			return fmt.Sprintf("column %s has type %s, want %s\n", b, c.Type, known[b]) +
				mismatch()
		}
	}
	return ""
}

func TestCompareColumns(t *testing.T) {
	cases := []struct {
		name      string
		want, got string
		ok        bool
	}{
		{"same", "A:string, B:long", "A:string, B:long", true},
		{"type differs", "A:string, B:long", "A:string, B:int", false},
		{"order differs", "A:string, B:long", "B:long, A:string", false},
		{"missing", "A:string, B:long", "A:string", false},
		{"unknown by name", "A:string, P:unknown", "A:string, P:dynamic", true},
		{"unknown absent", "A:string, P:unknown", "A:string", true},
		{"known still typed", "A:string, P:unknown", "A:long, P:dynamic", false},
		{"extra column", "A:string, P:unknown", "A:string, P:dynamic, Q:string", false},
		{"clash suffixes", "X_string:string, X_unknown:unknown, Y:string",
			"X_string:string, Y:string, X_dynamic:dynamic", true},
		{"clash of a known name", "X:string, P:unknown", "X_string:string, P:dynamic, " +
			"X_dynamic:dynamic", true},
	}
	for _, c := range cases {
		diff := compareColumns(parseColumns(c.want), parseColumns(c.got))
		if (diff == "") != c.ok {
			t.Errorf("%s: compareColumns(%q, %q) = %q, want ok=%v", c.name, c.want, c.got,
				diff, c.ok)
		}
	}
}

// isKnownName reports whether some analyzer column of base name n has a
// known type (then kqlhunt must list it).
func isKnownName(cols []ruleColumn, n string) bool {
	for _, c := range cols {
		if b, _ := baseName(c); b == n && c.Type != "unknown" {
			return true
		}
	}
	return false
}

// baseName strips a union-clash type suffix (Process_string:string).
func baseName(c ruleColumn) (string, bool) {
	for _, t := range kqlTypes {
		if c.Type == t && strings.HasSuffix(c.Name, "_"+t) && len(c.Name) > len(t)+1 {
			return strings.TrimSuffix(c.Name, "_"+t), true
		}
	}
	return c.Name, false
}

// baseNames are the base names of cols in order of first appearance.
func baseNames(cols []ruleColumn) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cols {
		b, _ := baseName(c)
		if !seen[b] {
			seen[b] = true
			out = append(out, b)
		}
	}
	return out
}

func joinColumns(cols []ruleColumn) string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = c.String()
	}
	return strings.Join(s, ", ")
}

// oracleText is an analyzer verdict as the table shows it.
func oracleText(e expectation) string {
	if e.compiled {
		return fmt.Sprintf("ok (%d columns)", len(e.columns))
	}
	return "error " + e.diag
}

// shortRule names a rule file by its last path segment, for subtests.
func shortRule(file string) string {
	file = strings.TrimSuffix(file, ".yaml")
	if i := strings.LastIndex(file, "__"); i >= 0 && len(file)-i > 6 {
		return file[i+2:]
	}
	return file
}

// upstreamNames maps each rule file to its upstream file name (MANIFEST.tsv's
// repo_path, without folders and .yaml), for the table.
func upstreamNames(t *testing.T, dir string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) >= 3 && !strings.HasPrefix(line, "#") {
			out[f[1]] = strings.TrimSuffix(filepath.Base(f[2]), ".yaml")
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openColumnBug is the production bug behind the rules whose evaluate
// bag_unpack/pivot output is read by name.
const openColumnBug = "a column read by name from a data-dependent schema (after " +
	"evaluate bag_unpack or pivot) that the data lacks fails the rule at run time " +
	"(\"column 'X' does not exist in this data\"): MG, which the Event " +
	"schema lacks, and ['@Name'] when no Event row was read; fix: bind marks such " +
	"column references as open, eval reads an absent one as null"

// knownRunFailures are accepted rules that fail at run time over the
// datasets because of a known bug: the test logs the failure instead of
// failing, and fails once the rule runs cleanly so the entry gets removed.
var knownRunFailures = map[string]string{
	"Detections__MultipleDataSources__AuditPolicyManipulation_using_auditpol.yaml": openColumnBug,
	"Hunting_Queries__SecurityEvent__Certutil-LOLBins.yaml":                        openColumnBug,
}

// huntDirs are the shared datasets the accepted rules run over. Each file
// is hunted on its own, so --now latest is that capture's newest event and
// the rules' ago() windows reach its events.
var huntDirs = []string{"datasets/derived", "datasets/evtx", "datasets/mde", "datasets/otrf"}

// huntInputs lists the files of huntDirs kqlhunt can read (not the YAML
// metadata beside the OTRF archives); in -short mode, not the EVTX files.
func huntInputs(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, d := range huntDirs {
		if testing.Short() && d == "datasets/evtx" {
			continue
		}
		root := testenv.Shared(t, d)
		err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			if ext := strings.ToLower(filepath.Ext(p)); ext != ".yaml" && ext != ".md" {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// huntTally is what the rules gave over the datasets, by rule file.
type huntTally struct {
	alerts   map[string]int      // alerts over all inputs
	inputs   map[string]int      // inputs with alerts
	failures map[string][]string // "input: error" lines
}

// huntRules runs the rules (files of dir) over each input on its own, all
// rules in one run per input, and tallies alerts and failures. Exit codes
// other than 0 and 1 are test errors, unless every failure explains it.
func huntRules(t *testing.T, dir string, rules, inputs []string) huntTally {
	t.Helper()
	args := []string{"hunt", "--format", "jsonl", "-q", "--now", "latest"}
	ids := map[string]string{} // rule id (file name without .yaml) to file
	for _, file := range rules {
		args = append(args, "--rule", filepath.Join(dir, file))
		ids[strings.TrimSuffix(file, ".yaml")] = file
	}
	tally := huntTally{alerts: map[string]int{}, inputs: map[string]int{},
		failures: map[string][]string{}}
	for _, in := range inputs {
		name, _ := filepath.Rel(testenv.SharedDir(), in)
		var out, errb bytes.Buffer
		code := Run(append(args[:len(args):len(args)], in), strings.NewReader(""), &out, &errb)
		failed := false
		for _, line := range strings.Split(errb.String(), "\n") {
			if !strings.Contains(line, " failed") {
				continue
			}
			failed = true
			for id, file := range ids {
				if strings.Contains(line, "rule "+id+" ") {
					tally.failures[file] = append(tally.failures[file], name+": "+line)
					line = ""
				}
			}
			if line != "" {
				t.Errorf("%s: failure of no rule: %s", name, line)
			}
		}
		if code != ExitOK && code != ExitAlerts && !(code == ExitPartial && failed) {
			t.Errorf("%s: exit code %d, want 0 or 1; stderr:\n%s", name, code, errb.String())
		}
		seen := map[string]bool{}
		for _, a := range parseAlerts(t, out.Bytes()) {
			file, ok := ids[a.Rule.ID]
			if !ok {
				t.Errorf("%s: alert from unknown rule %q", name, a.Rule.ID)
			}
			tally.alerts[file]++
			if !seen[file] {
				seen[file] = true
				tally.inputs[file]++
			}
		}
	}
	return tally
}

// TestSentinelRulesHunt runs every rule kqlhunt accepts over each shared
// dataset file (hunt --rule FILE ... --now latest --format jsonl, all
// accepted rules in one run per file, so each file's own newest event is
// 'now'): no rule may fail, the exit code is 0 or 1. It logs the table:
// rule, analyzer verdict, kqlhunt verdict, alerts over the datasets.
func TestSentinelRulesHunt(t *testing.T) {
	dir := testenv.Shared(t, "sentinel-rules")
	oracle := readOracle(t, filepath.Join(dir, "ORACLE.tsv"))
	names := upstreamNames(t, dir)
	verdicts := checkRules(t, dir)
	inputs := huntInputs(t)
	var accepted []string
	for _, file := range sortedKeys(verdicts) {
		if verdicts[file].Compiled {
			accepted = append(accepted, file)
		}
	}
	tally := huntRules(t, dir, accepted, inputs)
	for _, file := range accepted {
		fails, bug := tally.failures[file], knownRunFailures[file]
		switch {
		case len(fails) > 0 && bug != "":
			t.Logf("%s: known bug: %s\n%s", file, bug, strings.Join(fails, "\n"))
		case len(fails) > 0:
			t.Errorf("%s failed:\n%s", file, strings.Join(fails, "\n"))
		case bug != "":
			t.Errorf("%s runs cleanly now: remove its knownRunFailures entry", file)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d rules, %d accepted, run over %d inputs\n%-48s %-12s %-14s %s\n",
		len(verdicts), len(accepted), len(inputs), "rule", "analyzer", "kqlhunt",
		"alerts (inputs)")
	for _, file := range sortedKeys(oracle) {
		v := verdicts[file]
		kv, run := "rejected", "-"
		if v.Compiled {
			kv = fmt.Sprintf("ok (%d cols)", len(v.Columns))
			run = fmt.Sprintf("%d (%d)", tally.alerts[file], tally.inputs[file])
			if n := len(tally.failures[file]); n > 0 {
				run += fmt.Sprintf(", failed on %d", n)
			}
		} else if len(v.Diagnostics) > 0 {
			kv = fmt.Sprintf("error %d:%d", v.Diagnostics[0].Line, v.Diagnostics[0].Col)
		}
		ov := "ok"
		if !oracle[file].compiled {
			ov = "error " + strings.SplitN(oracle[file].diag, " ", 2)[0]
		}
		name := names[file]
		if name == "" {
			name = shortRule(file)
		}
		fmt.Fprintf(&b, "%-48.48s %-12s %-14s %s\n", name, ov, kv, run)
	}
	t.Logf("\n%s", b.String())
}

// analyzerHome is where kusto-oracle installs Microsoft's analyzer
// (@kusto/language-service-next), or "" when it is not installed.
func analyzerHome() string {
	home := os.Getenv("KUSTO_ORACLE_HOME")
	if home == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return ""
			}
			cache = filepath.Join(h, ".cache")
		}
		home = filepath.Join(cache, "kusto-oracle")
	}
	pkg := filepath.Join(home, "node_modules", "@kusto", "language-service-next",
		"package.json")
	if _, err := os.Stat(pkg); err != nil {
		return ""
	}
	return home
}

// analyze runs the analyzer (kusto-oracle's oracle.js, batch mode, bound
// against sentinel-schemas.kql) on queries by id and returns its verdicts
// in check's shape: compiled when no diagnostic is an error, the errors as
// diagnostics.
func analyze(t *testing.T, home string, queries map[string]string) map[string]checkLine {
	t.Helper()
	script := testenv.Shared(t, "tools/kusto-oracle/oracle.js")
	schemas := testenv.Shared(t, "tools/kusto-oracle/sentinel-schemas.kql")
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, id := range sortedKeys(queries) {
		enc.Encode(map[string]string{"id": id, "query": queries[id]})
	}
	batch := filepath.Join(t.TempDir(), "batch.jsonl")
	if err := os.WriteFile(batch, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", script, schemas, "--batch", batch)
	cmd.Env = append(os.Environ(), "KUSTO_ORACLE_HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("analyzer: %v\n%s", err, stderr.String())
	}
	got := map[string]checkLine{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct {
			ID          string `json:"id"`
			Diagnostics []struct {
				diagnostic
				Severity string `json:"severity"`
			} `json:"diagnostics"`
			Columns []ruleColumn `json:"columns"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("analyzer output %q: %v", line, err)
		}
		l := checkLine{File: r.ID, Compiled: true, Columns: r.Columns}
		for _, d := range r.Diagnostics {
			if d.Severity == "Error" {
				l.Compiled = false
				l.Diagnostics = append(l.Diagnostics, d.diagnostic)
			}
		}
		got[r.ID] = l
	}
	return got
}

// TestSentinelRulesLiveAnalyzer asks Microsoft's analyzer itself about every
// rule and checks it still gives ORACLE.tsv (first error or exact columns),
// and that each exception's rewrite gives the exception's expectation. It
// needs node and the analyzer package (tools/kusto-oracle/kusto-oracle
// installs it), and is skipped in -short mode.
func TestSentinelRulesLiveAnalyzer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the analyzer takes seconds to start")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	home := analyzerHome()
	if home == "" {
		t.Skip("@kusto/language-service-next is not installed " +
			"(run ../shared/tools/kusto-oracle/kusto-oracle once)")
	}
	dir := testenv.Shared(t, "sentinel-rules")
	oracle := readOracle(t, filepath.Join(dir, "ORACLE.tsv"))
	loaded, errs := rules.LoadDir(dir)
	for _, err := range errs {
		t.Errorf("loading the rules: %v", err)
	}
	queries := map[string]string{}
	for _, r := range loaded {
		queries[filepath.Base(r.Source)] = r.Query
	}
	for _, e := range sentinelExceptions {
		if e.rewrite != nil {
			q := e.rewrite(queries[e.file])
			if q == queries[e.file] {
				t.Errorf("%s: the rewrite changes nothing", e.file)
			}
			queries["rewritten:"+e.file] = q
		}
	}
	live := analyze(t, home, queries)
	for _, file := range sortedKeys(oracle) {
		if diff := compareVerdict(oracle[file], live[file]); diff != "" {
			t.Errorf("%s: the analyzer no longer gives ORACLE.tsv: %s", file, diff)
		}
	}
	for _, e := range sentinelExceptions {
		if e.rewrite == nil {
			continue
		}
		if diff := compareVerdict(*e.want, live["rewritten:"+e.file]); diff != "" {
			t.Errorf("%s rewritten: the analyzer does not give the exception's "+
				"expectation: %s", e.file, diff)
		}
	}
}
