package syntax

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

func TestDbgOracle(t *testing.T) {
	qf, of := os.Getenv("QF"), os.Getenv("OF")
	if qf == "" {
		t.Skip()
	}
	verd := map[string][]string{}
	f, _ := os.Open(of)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var v struct {
			ID     string   `json:"id"`
			Errors []string `json:"errors"`
		}
		json.Unmarshal(sc.Bytes(), &v)
		verd[v.ID] = v.Errors
	}
	f, _ = os.Open(qf)
	sc = bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var q struct{ ID, Query string }
		json.Unmarshal(sc.Bytes(), &q)
		_, errs := ParseQuery(q.ID, q.Query)
		k := len(verd[q.ID]) == 0
		if k != (errs == nil) {
			if os.Getenv("ALL") == "" && regexp.MustCompile(`graph|declare pattern|project-by-names`).MatchString(q.Query) {
				continue
			}
			t.Logf("MISMATCH %s kusto=%v ours=%v\n%s\nkusto: %v\nours: %v", q.ID, k, errs == nil, q.Query, verd[q.ID], errs)
		}
	}
}
