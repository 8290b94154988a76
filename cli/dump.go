package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/evtx"
)

func dumpCommand(e *env, code *int) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "dump FILE.evtx... [--format xml|jsonl]",
		Short: "Print the records of EVTX files as kqlhunt decodes them",
		Long: "dump decodes EVTX files and prints every record, as event XML or as JSON\n" +
			"lines, then, on stderr, per file the records read, flagged, recovered and\n" +
			"skipped, and each fault met (chunk, record, offset, reason).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "xml" && format != "jsonl" {
				return usageError("--format %q: want xml or jsonl", format)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			w := bufio.NewWriterSize(e.stdout, 256<<10)
			defer w.Flush()
			read := 0
			for _, path := range args {
				if err := dumpFile(ctx, w, e.stderr, path, format); err != nil {
					fmt.Fprintf(e.stderr, "kqlhunt: %s: %v\n", path, err)
					*code = max(*code, ExitPartial)
					continue
				}
				read++
			}
			if read == 0 {
				*code = ExitNoInput
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "xml", "output `FORMAT`: xml or jsonl")
	return cmd
}

func dumpFile(ctx context.Context, w *bufio.Writer, stderr io.Writer, path,
	format string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	ef, err := evtx.Open(f, st.Size())
	if err != nil {
		return err
	}
	if format == "xml" {
		w.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n")
	}
	stats, err := ef.RecordsWith(ctx, evtx.Options{XML: format == "xml"}, func(r *evtx.Record) error {
		if format == "xml" {
			return evtx.WriteXML(w, r)
		}
		return evtx.WriteJSON(w, r)
	})
	if format == "xml" {
		w.WriteString("</Events>\n")
	}
	fmt.Fprintf(stderr, "%s: %d records read, %d flagged, %d recovered, %d skipped; "+
		"%d chunks (%d empty)\n", path, stats.Records, stats.Flagged, stats.Recovered,
		stats.Skipped, stats.Chunks, stats.EmptyChunks)
	for i, ft := range stats.Faults {
		if i == 20 {
			fmt.Fprintf(stderr, "  ... %d more faults\n", len(stats.Faults)-i)
			break
		}
		fmt.Fprintf(stderr, "  %s: %s\n", path, ft)
	}
	return err
}
