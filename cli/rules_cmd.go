package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/rules"
)

func rulesCommand(e *env) *cobra.Command {
	var show string
	cmd := &cobra.Command{
		Use:   "rules [--show ID]",
		Short: "List the rules built into kqlhunt",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if show != "" {
				data, ok := rules.BuiltinFile(show)
				if !ok {
					if r, found := rules.BuiltinByID(show); found {
						data, ok = rules.BuiltinFile(r.ID)
					}
				}
				if !ok {
					return usageError("no built-in rule %q (see kqlhunt rules)", show)
				}
				_, err := e.stdout.Write(data)
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tGUID\tSEVERITY\tTACTICS\tTECHNIQUES\tNAME")
			for _, r := range rules.Builtin() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.GUID, r.Severity,
					strings.Join(r.Tactics, ","), strings.Join(r.Techniques, ","), r.Name)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&show, "show", "", "print the YAML of the built-in rule `ID`")
	return cmd
}
