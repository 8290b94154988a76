package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/rules"
)

// renderDiagnostics prints a compile error of a rule's query as
// file:line:col: message, the source line and a caret. Positions are in
// the rule's file: for a YAML rule, inside its query block.
func renderDiagnostics(r *rules.Rule, err error) string {
	var list syntax.ErrorList
	if !errors.As(err, &list) {
		return fmt.Sprintf("%s: %v\n", r.Source, err)
	}
	return renderList(r, list, "")
}

// renderWarnings prints a rule's compile warnings like its diagnostics,
// each message prefixed "warning: ".
func renderWarnings(r *rules.Rule, list syntax.ErrorList) string {
	return renderList(r, list, "warning: ")
}

func renderList(r *rules.Rule, list syntax.ErrorList, prefix string) string {
	fileText, ok := ruleFileText(r)
	var b strings.Builder
	for _, e := range list {
		line, col := r.FilePosition(e.Line, e.Col)
		src, lcol := queryLine(r.Query, e.Line), e.Col
		if ok {
			if fl, found := nthLine(fileText, line); found {
				src, lcol = fl, col
			}
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s%s\n", r.Source, line, col, prefix, e.Msg)
		b.WriteString(src)
		b.WriteByte('\n')
		b.WriteString(syntax.Caret(src, lcol))
		b.WriteByte('\n')
	}
	return b.String()
}

// ruleFileText returns the text of the file a rule came from.
func ruleFileText(r *rules.Rule) (string, bool) {
	if r.QueryLine <= 0 {
		return "", false
	}
	if id, ok := strings.CutPrefix(r.Source, "builtin:"); ok {
		data, found := rules.BuiltinFile(strings.TrimSuffix(id, ".yaml"))
		return string(data), found
	}
	data, err := os.ReadFile(r.Source)
	return string(data), err == nil
}

func queryLine(q string, n int) string {
	l, _ := nthLine(q, n)
	return l
}

func nthLine(text string, n int) (string, bool) {
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}
