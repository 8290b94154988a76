package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/ruletest/kqlengine"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

func checkCommand(e *env, code *int) *cobra.Command {
	var format, watchlists string
	cmd := &cobra.Command{
		Use:   "check FILE.yaml|FILE.kql|DIR...",
		Short: "Compile rules without data and print a verdict per rule",
		Long: "check compiles each rule against the built-in table schemas and prints\n" +
			"whether it compiled, its diagnostics and its result columns with their types.\n" +
			"With --format jsonl, one JSON object per rule (positions relative to the query);\n" +
			"the tally then goes to stderr. Exit code 2 when a rule does not compile.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "jsonl" {
				return usageError("--format %q: want text or jsonl", format)
			}
			var wl *tuning.Watchlists
			if watchlists != "" {
				var err error
				if wl, err = tuning.LoadWatchlists(watchlists); err != nil {
					return usageError("--watchlists: %v", err)
				}
			}
			all, loadErrs, skipped, err := checkTargets(args)
			if err != nil {
				return err
			}
			for _, le := range loadErrs {
				fmt.Fprintln(e.stderr, "kqlhunt:", le)
			}
			for _, s := range skipped {
				fmt.Fprintf(e.stderr, "kqlhunt: %s: skipped: YAML without a query is not a rule\n", s)
			}
			passed, failed := 0, len(loadErrs)
			for _, r := range all {
				var q *kql.Query
				var err error
				if wl == nil && tuning.UsesWatchlists(r.Query) {
					err = errors.New("the query calls _GetWatchlist: give --watchlists DIR")
				} else {
					q, err = kql.Compile(r.Source, r.Query, kqlengine.Options(wl))
				}
				if err != nil {
					failed++
				} else {
					passed++
				}
				if format == "jsonl" {
					e.stdout.Write(checkJSON(r, q, err))
					continue
				}
				if err != nil {
					fmt.Fprintf(e.stdout, "FAIL %s\n%s", r.Source, renderDiagnostics(r, err))
					continue
				}
				fmt.Fprintf(e.stdout, "ok   %s\n     %s\n", r.Source, columnList(q))
				if w := q.Warnings(); len(w) > 0 {
					fmt.Fprint(e.stdout, renderWarnings(r, w))
				}
			}
			tally := e.stdout
			if format == "jsonl" {
				tally = e.stderr // keep stdout pure JSON lines
			}
			fmt.Fprintf(tally, "%d passed, %d failed\n", passed, failed)
			if failed > 0 {
				*code = max(*code, ExitUsage)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text or jsonl")
	cmd.Flags().StringVar(&watchlists, "watchlists", "", "declare the watchlists (CSV files) "+
		"in `DIR` for _GetWatchlist")
	return cmd
}

// checkTargets loads the rules named by args: files and folders.
func checkTargets(args []string) (all []*rules.Rule, errs []error, skipped []string,
	err error) {
	for _, a := range args {
		st, statErr := os.Stat(a)
		if statErr != nil {
			return nil, nil, nil, usageError("%v", statErr)
		}
		if st.IsDir() {
			rs, es := rules.LoadDir(a)
			all, errs = append(all, rs...), append(errs, es...)
			skipped = append(skipped, rules.NotRules(a)...)
			continue
		}
		r, loadErr := rules.LoadFile(a)
		if loadErr != nil {
			errs = append(errs, loadErr)
			continue
		}
		all = append(all, r)
	}
	return all, errs, skipped, nil
}

// columnList renders result columns as Name:type, ...
func columnList(q *kql.Query) string {
	parts := make([]string, 0, len(q.Columns()))
	for _, c := range q.Columns() {
		parts = append(parts, c.Name+":"+c.Type.String())
	}
	return strings.Join(parts, ", ")
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
	b = append(b, `],"warnings":[`...)
	if q != nil {
		for i, d := range q.Warnings() {
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
