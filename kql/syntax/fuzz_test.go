package syntax

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that parsing never panics or hangs, that errors are sorted,
// capped and in range, and that queries which parse round-trip through Format.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"T | where a == 1", "let x = dynamic([1, {\"a\": 2}]); x",
		"T | summarize count() by bin(t, 1h) | sort by t desc nulls last",
		"T | join kind=inner (U | project a) on $left.a == $right.b",
		"print @'a''b', h\"x\", ```m```, 1.5e3, 0x1f, 1d, datetime(2020-01-01 10:00)",
		"T | parse a with * \"x\" v:long | mv-expand b to typeof(long) limit 3",
		"let f = (a:string, T:(x:long)) { T | where x > 1 }; f('a', U)",
		"T | scan declare (s:long = 0) with (step a: x > 1 => s = x;)",
		"T | where a in (1, 2) and b has_any (L) and c between (1 .. 2)",
		"T | where ((((a", "datatable(a:long)[1, -2]", "T | where a = 1 | frob",
	}
	if path := os.Getenv("KQLHUNT_SHARED"); path != "" {
		if data, err := os.ReadFile(filepath.Join(path, "seed/000_3a72e532289954b0.txt")); err == nil {
			seeds = append(seeds, string(data))
		}
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, errs := ParseQuery("fuzz", src)
		if q == nil {
			t.Fatal("nil query")
		}
		if len(errs) > MaxErrors {
			t.Fatalf("%d errors, cap is %d", len(errs), MaxErrors)
		}
		for i, e := range errs {
			if e.Pos < 0 || e.Pos > len(src) || i > 0 && errs[i-1].Pos >= e.Pos {
				t.Fatalf("bad error position %d (len %d)", e.Pos, len(src))
			}
		}
		_ = errs.Render("fuzz", src)
		_ = Format(q)
		if errs != nil {
			return
		}
		checkTree(t, q, src)
		out := Format(q)
		q2, errs := ParseQuery("fuzz", out)
		if errs != nil {
			t.Fatalf("printed form does not parse:\n%s\n%s", out, errs.Render("fuzz", out))
		}
		if out2 := Format(q2); out2 != out {
			t.Fatalf("print not stable:\n%s\n%s", out, out2)
		}
		if shape(q) != shape(q2) {
			t.Fatalf("shape differs:\n%s", strings.TrimSpace(out))
		}
	})
}
