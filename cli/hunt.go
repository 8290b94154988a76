package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/output"
)

// huntFlags are the options of kqlhunt hunt.
type huntFlags struct {
	ruleFlags
	now     string
	format  string
	output  string
	noMerge bool
	quiet   bool

	exclusions     string // --exclusions FILE
	watchlists     string // --watchlists DIR
	showSuppressed bool
}

func huntCommand(e *env, code *int) *cobra.Command {
	f := &huntFlags{}
	cmd := &cobra.Command{
		Use:   "hunt [--rule ID|FILE] [--query KQL|--query-file FILE] [--now T] INPUT...",
		Short: "Run detection rules over telemetry files, folders, zip archives or stdin",
		Long: "hunt runs rules over the inputs and prints the rows they return.\n\n" +
			"INPUT is a file, a folder (walked recursively), a .zip archive or - for standard\n" +
			"input; each input's format is recognised from its content. With no --rule,\n" +
			"--rules, --query or --query-file, every built-in rule runs.\n\n" +
			"Exit codes: 0 no alerts, 1 alerts, 2 bad usage or a query that does not\n" +
			"compile, 3 no input could be read, 4 partial (some inputs or rules failed).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.given = cmd.Flags().Changed
			c, err := runHunt(cmd.Context(), e, f, args)
			*code = max(*code, c)
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.rules, "rule", nil, "run the built-in rule `ID`, or a rule FILE (.yaml, .kql)")
	fl.StringArrayVar(&f.dirs, "rules", nil, "run every rule file in `DIR`")
	fl.Var(&oneString{p: &f.query}, "query", "run this `KQL` query")
	fl.StringVar(&f.queryFile, "query-file", "", "run the query in `FILE`")
	fl.StringVar(&f.now, "now", "", "what now() and ago() mean: RFC3339 `TIME`, or latest "+
		"(the newest Timestamp in the inputs); default the wall clock")
	fl.StringVar(&f.format, "format", "table", "output `FORMAT`: table, jsonl or csv")
	fl.StringVar(&f.output, "output", "", "write results to `FILE` instead of stdout")
	fl.BoolVar(&f.noMerge, "no-merge", false, "keep Sysmon 1 and Security 4688 events of the "+
		"same process as two rows")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no run summary")
	fl.StringVar(&f.exclusions, "exclusions", "", "drop source events matching the exclusions "+
		"in `FILE` (YAML) before the rules see them")
	fl.StringVar(&f.watchlists, "watchlists", "", "serve _GetWatchlist('name') from the CSV "+
		"files in `DIR` (one per watchlist)")
	fl.BoolVar(&f.showSuppressed, "show-suppressed", false, "print the events the exclusions "+
		"suppressed (the first few per exclusion)")
	return cmd
}

// runHunt is kqlhunt hunt. It returns the exit code.
func runHunt(ctx context.Context, e *env, f *huntFlags, paths []string) (int, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	start := time.Now()
	selected, loadErrs, err := f.selectRules()
	if err != nil {
		return ExitUsage, err
	}
	for _, le := range loadErrs {
		fmt.Fprintln(e.stderr, "kqlhunt:", le)
	}
	out, width := e.stdout, terminalWidth(e.stdout)
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return ExitUsage, usageError("%v", err)
		}
		defer file.Close()
		out, width = file, 0
	}
	w, err := output.New(f.format, out, width)
	if err != nil {
		return ExitUsage, usageError("%v", err)
	}
	h := &hunt{env: e, flags: f, paths: paths, start: start}
	if f.query != "" || f.queryFile != "" {
		h.adhoc = selected[0]
	}
	if _, _, err := h.resolveNow(time.Time{}); err != nil {
		return ExitUsage, err
	}
	if err := h.loadTuning(selected); err != nil {
		return ExitUsage, err
	}
	compiled, failed := h.compile(selected)
	code := ExitOK
	if failed > 0 || len(loadErrs) > 0 {
		if len(compiled) == 0 {
			return ExitUsage, &exitError{code: ExitUsage}
		}
		code = ExitPartial
	}
	res, err := h.run(ctx, compiled)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code, err
		}
		return max(code, ExitNoInput), &exitError{code: ExitNoInput, msg: err.Error()}
	}
	alerts := 0
	for _, rr := range res.rules {
		if rr.err != nil || !rr.triggered {
			continue
		}
		alerts += len(rr.rows)
		if err := w.Result(rr.rule, rr.cols, rr.rows); err != nil {
			return ExitPartial, err
		}
	}
	if err := w.Close(); err != nil {
		return ExitPartial, err
	}
	if f.showSuppressed {
		h.showSuppressed(e.stderr)
	}
	if !f.quiet {
		h.summary(e.stderr, res)
	} else {
		h.unreadable(e.stderr, res)
	}
	code = max(code, res.code())
	if alerts > 0 {
		code = max(code, ExitAlerts)
	}
	return code, nil
}
