package kql_test

import (
	"context"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
)

// FuzzEval compiles and runs arbitrary query text: any outcome but a panic
// or a hang is fine.
func FuzzEval(f *testing.F) {
	for _, s := range []string{
		`print 1`,
		`datatable(a:long, s:string)[1,"x",2,"y"] | where a > 1 | extend b = strlen(s)`,
		`datatable(a:long)[1,2] | summarize count(), make_set(a) by bin(a, 2)`,
		`let T = datatable(k:string)["a"]; T | join kind=leftouter (T) on k`,
		`print d = dynamic({"a":[1,2]}) | mv-expand x = d.a | project x`,
		`range x from 1 to 3 step 1 | serialize r = row_number(), p = prev(x)`,
		`print s = "gci -r a.docx" | where s has_any ("gci ", ".docx")`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = kql.Eval(ctx, q, nil, testNow)
	})
}
