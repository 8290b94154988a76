package syntax

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"gopkg.in/yaml.v3"
)

// corpusQuery is one query of the shared corpus and whether Kusto accepts it.
type corpusQuery struct {
	name    string
	src     string
	kustoOK bool // the Kusto analyzer or engine accepted it (or no verdict recorded)
}

// conformanceQueries reads the "query" field of every shared conformance case.
func conformanceQueries(t *testing.T) []corpusQuery {
	dir := testenv.Shared(t, "kql/conformance")
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	var out []corpusQuery
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var c struct {
				ID            string `json:"id"`
				Query         string `json:"query"`
				ExpectedError bool   `json:"expected_error"`
			}
			if json.Unmarshal(sc.Bytes(), &c) != nil || c.Query == "" {
				continue
			}
			out = append(out, corpusQuery{c.ID, c.Query, !c.ExpectedError})
		}
	}
	return out
}

// queryBlock extracts the `query: |` block of a rule file that is not valid YAML.
func queryBlock(doc string) string {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "query:") {
			continue
		}
		var b strings.Builder
		for _, body := range lines[i+1:] {
			if body != "" && body[0] != ' ' && body[0] != '\t' {
				break
			}
			b.WriteString(strings.TrimPrefix(body, "  "))
			b.WriteByte('\n')
		}
		return b.String()
	}
	return ""
}

// ruleQueries reads the query of every shared Sentinel rule with its oracle verdict.
func ruleQueries(t *testing.T) []corpusQuery {
	dir := testenv.Shared(t, "sentinel-rules")
	verdict := map[string]string{}
	if data, err := os.ReadFile(filepath.Join(dir, "ORACLE.tsv")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Split(line, "\t"); len(f) >= 3 && !strings.HasPrefix(line, "#") {
				verdict[f[0]] = f[1] + " " + f[2]
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	var out []corpusQuery
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Query string `yaml:"query"`
		}
		if yaml.Unmarshal(data, &r) != nil {
			r.Query = queryBlock(string(data))
		}
		if r.Query == "" {
			continue
		}
		v := verdict[filepath.Base(f)]
		// Binding errors (unknown names) still mean the syntax was accepted.
		ok := !strings.HasPrefix(v, "error") || !strings.Contains(v, "Syntax") &&
			!strings.Contains(v, "expected") && !strings.Contains(v, "Expected")
		out = append(out, corpusQuery{filepath.Base(f), r.Query, ok})
	}
	return out
}

// knownGap names the unsupported syntax a query uses, or returns "".
func knownGap(src string) string {
	for _, g := range []string{"make-graph", "graph-match", "graph-to-table", "graph-merge",
		"graph-shortest-paths", "graph-mark-components", "declare pattern", "project-by-names",
		")-["} {
		if strings.Contains(src, g) {
			return g
		}
	}
	return ""
}

func TestCorpus(t *testing.T) {
	for _, set := range []struct {
		name string
		load func(*testing.T) []corpusQuery
	}{{"conformance", conformanceQueries}, {"rules", ruleQueries}} {
		t.Run(set.name, func(t *testing.T) {
			qs := set.load(t)
			parsed, accepted, missed, gaps := 0, 0, 0, 0
			for _, q := range qs {
				if q.kustoOK {
					accepted++
				}
				if checkRoundTrip(t, q.name, q.src) {
					parsed++
					continue
				}
				if gap := knownGap(q.src); gap != "" {
					gaps++
					continue
				}
				if q.kustoOK {
					missed++
					_, errs := ParseQuery(q.name, q.src)
					t.Errorf("Kusto accepts but we reject:\n%s", errs.Render(q.name, q.src))
				}
			}
			t.Logf("%s: %d of %d queries parse; Kusto accepts %d; we reject %d of those "+
				"and %d using known gaps", set.name, parsed, len(qs), accepted, missed, gaps)
		})
	}
}
