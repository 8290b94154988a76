package syntax

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// oracleDisagreements are the cases where we knowingly differ from Kusto's parser.
var oracleDisagreements = map[string]string{
	"T | extend x = materialize(T)": "Kusto wants materialize only in tabular position",
}

// TestOracleAgreement compares our accept/reject decision on each line of
// testdata/oracle_cases.kql with the parser of Microsoft's Kusto.Language, when
// KUSTO_ORACLE_HOME (default: the user cache's kusto-oracle folder) holds an
// installed @kusto/language-service-next and node runs.
func TestOracleAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs node")
	}
	home := os.Getenv("KUSTO_ORACLE_HOME")
	if home == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			home = filepath.Join(dir, "kusto-oracle")
		}
	}
	if _, err := os.Stat(filepath.Join(home, "node_modules")); err != nil {
		t.Skip("Kusto.Language not installed: set KUSTO_ORACLE_HOME (see kusto-oracle)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed")
	}
	data, err := os.ReadFile("testdata/oracle_cases.kql")
	if err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	queries := strings.Split(strings.TrimSpace(string(data)), "\n")
	for i, q := range queries {
		line, _ := json.Marshal(map[string]any{"id": i, "query": q})
		in.Write(append(line, '\n'))
	}
	cases := filepath.Join(t.TempDir(), "cases.jsonl")
	if err := os.WriteFile(cases, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "testdata/syntax_oracle.js", cases)
	cmd.Env = append(os.Environ(), "KUSTO_ORACLE_HOME="+home)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var v struct {
			ID     int      `json:"id"`
			Errors []string `json:"errors"`
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil || v.ID >= len(queries) {
			t.Fatalf("bad oracle line %q", sc.Text())
		}
		q := queries[v.ID]
		_, errs := ParseQuery("q", q)
		if (len(v.Errors) == 0) != (errs == nil) && oracleDisagreements[q] == "" {
			t.Errorf("%s\n  kusto: %v\n  ours: %v", q, v.Errors, errs)
		}
	}
}
