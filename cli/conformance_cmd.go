package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/kql/conformance"
)

func conformanceCommand(e *env, code *int) *cobra.Command {
	return &cobra.Command{
		Use:   "conformance FILE.jsonl...",
		Short: "Run KQL conformance cases (query, expected rows) and report pass/fail by feature",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			totalPass, totalFail := 0, 0
			for _, path := range args {
				fmt.Fprintf(e.stdout, "== %s\n", path)
				p, f, err := conformance.Run(path, e.stdout)
				if err != nil {
					return usageError("%s: %v", path, err)
				}
				totalPass += p
				totalFail += f
			}
			if len(args) > 1 {
				fmt.Fprintf(e.stdout, "%d passed, %d failed\n", totalPass, totalFail)
			}
			if totalFail > 0 {
				*code = max(*code, ExitAlerts)
			}
			return nil
		},
	}
}
