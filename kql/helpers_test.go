package kql_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
)

var testNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// render shows a result as "col:type,..." then one "a|b|c" line per row.
func render(res *kql.Result) string {
	var b strings.Builder
	for i, c := range res.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.Name + ":" + c.Type.String())
	}
	for _, r := range res.Rows {
		b.WriteByte('\n')
		for i, v := range r {
			if i > 0 {
				b.WriteByte('|')
			}
			if v.IsNull() {
				b.WriteString("null")
				continue
			}
			b.WriteString(v.Text())
		}
	}
	return b.String()
}

// evalText runs a query over no tables and renders it, or returns the
// error text prefixed by "error: ".
func evalText(t *testing.T, q string) string {
	t.Helper()
	res, err := kql.Eval(context.Background(), q, nil, testNow)
	if err != nil {
		return "error: " + err.Error()
	}
	return render(res)
}

type queryCase struct {
	name, query, want string
}

func runCases(t *testing.T, cases []queryCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := evalText(t, c.query)
			if strings.HasPrefix(c.want, "error: ") {
				if !strings.HasPrefix(got, "error: ") || !strings.Contains(got, c.want[7:]) {
					t.Errorf("%s\n got: %s\nwant: %s", c.query, got, c.want)
				}
				return
			}
			if got != c.want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", c.query, got, c.want)
			}
		})
	}
}
