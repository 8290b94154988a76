package cli

import (
	"fmt"
	"os"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/ruletest"
	"github.com/kqlhunt/kqlhunt/ruletest/kqlengine"
	"github.com/kqlhunt/kqlhunt/tuning"
)

// testCommand is kqlhunt test: behaviour tests of rules.
func testCommand(e *env, code *int) *cobra.Command {
	var junit, exclusions, run string
	cmd := &cobra.Command{
		Use:   "test [PATH...] [--junit FILE]",
		Short: "Run rule behaviour tests (events in, rule, expected alerts out)",
		Long: "test runs behaviour-test files (NAME.test.yaml): each test names a rule or a\n" +
			"query, gives events inline or by file, a 'now', and the alerts it expects.\n" +
			"PATH is a test file or a folder searched for *.test.yaml; with no PATH, the\n" +
			"tests of the built-in rules and of the shipped tuning examples run.\n\n" +
			"Prints one line per test as go test does, a diff under each failure, and\n" +
			"last 'N passed, N failed'. Exit code 1 when a test failed, 2 on bad files.",
		RunE: func(cmd *cobra.Command, args []string) error {
			var suites []ruletest.Suite
			if len(args) == 0 {
				s, err := ruletest.Builtin()
				if err != nil {
					return fmt.Errorf("built-in tests: %v", err)
				}
				suites = s
			}
			for _, a := range args {
				s, err := ruletest.Load(a)
				if err != nil {
					return usageError("%v", err)
				}
				suites = append(suites, s...)
			}
			if run != "" {
				re, err := regexp.Compile(run)
				if err != nil {
					return usageError("--run: %v", err)
				}
				suites = ruletest.Select(suites, re)
			}
			rn := &ruletest.Runner{Engine: kqlengine.Engine{}, Decoder: kqlengine.Decoder{}}
			if exclusions != "" {
				x, err := tuning.Load(exclusions)
				if err != nil {
					return usageError("%v", err)
				}
				rn.Exclusions = x
			}
			results := rn.Run(cmd.Context(), suites, func(r ruletest.Result) {
				ruletest.WriteResult(e.stdout, r)
			})
			ruletest.WriteSummary(e.stdout, results)
			if junit != "" {
				f, err := os.Create(junit)
				if err != nil {
					return usageError("%v", err)
				}
				err = ruletest.WriteJUnit(f, results)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return err
				}
			}
			if _, failed := ruletest.Tally(results); failed > 0 {
				*code = max(*code, ExitAlerts)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&junit, "junit", "", "also write the results as JUnit XML to `FILE`")
	fl.StringVar(&exclusions, "exclusions", "", "apply the exclusions in `FILE` to every test, "+
		"besides each file's own")
	fl.StringVar(&run, "run", "", "run only tests whose RULE/NAME matches `REGEXP`")
	return cmd
}
