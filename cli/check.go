package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

func checkCommand(e *env, code *int) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check FILE.yaml|FILE.kql|DIR...",
		Short: "Compile rules without data and print a verdict per rule",
		Long: "check compiles each rule against the built-in table schemas and prints\n" +
			"whether it compiled, its diagnostics and its result columns with their types.\n" +
			"With --format jsonl, one JSON object per rule (positions relative to the query).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var all []*rules.Rule
			failed := 0
			for _, a := range args {
				st, err := os.Stat(a)
				if err != nil {
					return usageError("%v", err)
				}
				if st.IsDir() {
					rs, errs := rules.LoadDir(a)
					all = append(all, rs...)
					for _, err := range errs {
						fmt.Fprintln(e.stderr, "kqlhunt:", err)
						failed++
					}
					continue
				}
				r, err := rules.LoadFile(a)
				if err != nil {
					fmt.Fprintln(e.stderr, "kqlhunt:", err)
					failed++
					continue
				}
				all = append(all, r)
			}
			for _, r := range all {
				q, err := kql.Compile(r.Source, r.Query, kql.Options{Schemas: schema.Builtin()})
				if err != nil {
					failed++
				}
				if format == "jsonl" {
					e.stdout.Write(checkJSON(r, q, err))
					continue
				}
				if err != nil {
					fmt.Fprintf(e.stdout, "FAIL %s\n%s", r.Source, renderDiagnostics(r, err))
					continue
				}
				fmt.Fprintf(e.stdout, "ok   %s (%d columns)\n", r.Source, len(q.Columns()))
			}
			tally := e.stdout
			if format == "jsonl" {
				tally = e.stderr // keep stdout pure JSON lines
			}
			fmt.Fprintf(tally, "%d passed, %d failed\n", len(all)-min(failed, len(all)), failed)
			if failed > 0 {
				*code = max(*code, ExitUsage)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text or jsonl")
	return cmd
}

// checkJSON is one rule's verdict as a JSON line.
func checkJSON(r *rules.Rule, q *kql.Query, err error) []byte {
	b := []byte(`{"file":`)
	b = value.AppendJSONString(b, r.Source)
	b = append(b, `,"compiled":`...)
	b = appendBool(b, err == nil)
	b = append(b, `,"diagnostics":[`...)
	if err != nil {
		var list syntax.ErrorList
		if !errors.As(err, &list) {
			list = syntax.ErrorList{{Line: 1, Col: 1, Msg: err.Error()}}
		}
		for i, d := range list {
			if i > 0 {
				b = append(b, ',')
			}
			b = fmt.Appendf(b, `{"line":%d,"col":%d,"message":`, d.Line, d.Col)
			b = value.AppendJSONString(b, d.Msg)
			b = append(b, '}')
		}
	}
	b = append(b, `],"columns":[`...)
	if q != nil {
		for i, c := range q.Columns() {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = value.AppendJSONString(b, c.Name)
			b = append(b, `,"type":`...)
			b = value.AppendJSONString(b, c.Type.String())
			b = append(b, '}')
		}
	}
	return append(b, "]}\n"...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
