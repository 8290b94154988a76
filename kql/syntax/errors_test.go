package syntax

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// expectedError is an error a testdata case expects: line, rune column, message part.
type expectedError struct {
	line, col int
	msg       string
}

var caretComment = regexp.MustCompile(`^//( *)\^ (.*)$`)

// TestErrors parses each case of testdata/errors.kql and checks that exactly the
// errors marked by caret comments are reported.
func TestErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/errors.kql")
	if err != nil {
		t.Fatal(err)
	}
	cases := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n\n")
	for _, src := range cases[1:] {
		src = strings.Trim(src, "\n")
		var want []expectedError
		lines := strings.Split(src, "\n")
		srcLine := 0
		for i, l := range lines {
			m := caretComment.FindStringSubmatch(l)
			if m == nil {
				srcLine = i + 1
				continue
			}
			want = append(want, expectedError{srcLine, len(m[1]) + 3, m[2]})
		}
		t.Run(lines[0], func(t *testing.T) {
			_, errs := ParseQuery("case.kql", src)
			for _, w := range want {
				found := false
				for _, e := range errs {
					if e.Line == w.line && e.Col == w.col && strings.Contains(e.Msg, w.msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("missing error %d:%d %q; got:\n%s", w.line, w.col, w.msg,
						errs.Render("case.kql", src))
				}
			}
			if len(errs) != len(want) {
				t.Errorf("got %d errors, want %d:\n%s", len(errs), len(want),
					errs.Render("case.kql", src))
			}
		})
	}
}

func TestRender(t *testing.T) {
	src := "T\n| where naïve = 1\n"
	_, errs := ParseQuery("q.kql", src)
	want := "q.kql:2:15: '=' is not a comparison; use '==' (or '=~' to ignore case)\n" +
		"| where naïve = 1\n" +
		"              ^\n"
	if got := errs.Render("q.kql", src); got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
	first := "q.kql:2:15: '=' is not a comparison; use '==' (or '=~' to ignore case)"
	if got := errs.Error(); got != first {
		t.Errorf("Error() = %q", got)
	}
}

func TestErrorListCap(t *testing.T) {
	src := strings.Repeat("T | frob;\n", 40)
	_, errs := ParseQuery("q", src)
	if len(errs) != MaxErrors {
		t.Fatalf("got %d errors, want %d", len(errs), MaxErrors)
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Pos <= errs[i-1].Pos {
			t.Errorf("errors not sorted/unique at %d", i)
		}
	}
	if !strings.Contains(errs.Error(), "and 9 more errors") {
		t.Errorf("Error() = %q", errs.Error())
	}
}
