package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/export"
	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/ruletest/kqlengine"
	"github.com/kqlhunt/kqlhunt/tuning"
)

// exportCommand is kqlhunt export: a rule as Sentinel deploys it.
func exportCommand(e *env, code *int) *cobra.Command {
	var format, outPath, watchlists string
	var disabled bool
	cmd := &cobra.Command{
		Use:   "export RULE --format sentinel-yaml|arm",
		Short: "Write a rule as a Sentinel analytics rule YAML or an ARM template",
		Long: "export writes RULE (a built-in rule id such as T1119, or a rule file) as\n" +
			"Microsoft Sentinel deploys it: --format sentinel-yaml gives an analytics rule\n" +
			"in the Azure-Sentinel repository's shape; --format arm gives an ARM template\n" +
			"that creates the scheduled analytics rule (Microsoft.SecurityInsights/alertRules,\n" +
			"kind Scheduled, API " + export.APIVersion + ") in the workspace named by its\n" +
			"'workspace' parameter. Entity mappings are kept only on columns the query\n" +
			"returns; what was dropped or defaulted is printed on stderr.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := resolveRule(args[0])
			if err != nil {
				return err
			}
			cols, err := resultColumns(e, r, watchlists)
			if err != nil {
				*code = max(*code, ExitUsage)
				return err
			}
			res, err := export.Export(r, format, export.Options{Columns: cols,
				Enabled: !disabled})
			if err != nil {
				return usageError("%v", err)
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(e.stderr, "kqlhunt: export %s: warning: %s\n", r.ID, w)
			}
			if outPath == "" {
				_, err = e.stdout.Write(res.Text)
				return err
			}
			if err := os.WriteFile(outPath, res.Text, 0o644); err != nil {
				return usageError("%v", err)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "sentinel-yaml", "export `FORMAT`: sentinel-yaml or arm")
	fl.StringVarP(&outPath, "output", "o", "", "write to `FILE` instead of stdout")
	fl.BoolVar(&disabled, "disabled", false, "deploy the rule disabled (default enabled)")
	fl.StringVar(&watchlists, "watchlists", "", "watchlist CSVs in `DIR`, to check the "+
		"result columns of a query that calls _GetWatchlist")
	return cmd
}

// resolveRule finds a rule by built-in id or as a file.
func resolveRule(name string) (*rules.Rule, error) {
	if r, ok := rules.BuiltinByID(name); ok {
		return r, nil
	}
	if _, err := os.Stat(name); err != nil {
		return nil, usageError("%s: neither a built-in rule id (see kqlhunt rules) nor a "+
			"readable file", name)
	}
	r, err := rules.LoadFile(name)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return r, nil
}

// resultColumns compiles the rule to learn the columns its query returns.
// A query calling _GetWatchlist compiles only with --watchlists; without,
// its columns are not checked (nil).
func resultColumns(e *env, r *rules.Rule, watchlistDir string) ([]string, error) {
	var wl *tuning.Watchlists
	if tuning.UsesWatchlists(r.Query) {
		if watchlistDir == "" {
			fmt.Fprintf(e.stderr, "kqlhunt: export %s: warning: the query calls "+
				"_GetWatchlist; without --watchlists its result columns are not checked\n", r.ID)
			return nil, nil
		}
		var err error
		if wl, err = tuning.LoadWatchlists(watchlistDir); err != nil {
			return nil, usageError("%v", err)
		}
	}
	q, err := kql.Compile(r.Source, r.Query, kqlengine.Options(wl))
	if err != nil {
		fmt.Fprint(e.stderr, renderDiagnostics(r, err))
		return nil, usageError("rule %s does not compile", r.ID)
	}
	var names []string
	for _, c := range q.Columns() {
		names = append(names, c.Name)
	}
	return names, nil
}
