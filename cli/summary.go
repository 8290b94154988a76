package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/input/evtxfmt"
	"github.com/kqlhunt/kqlhunt/value"
)

// summary prints the run summary: inputs and their formats, events per
// table, what was skipped and why, rules run, alerts per rule, the 'now'
// used, elapsed time and throughput.
func (h *hunt) summary(w io.Writer, res *huntResult) {
	var b strings.Builder
	b.WriteString("\n── kqlhunt summary ──\n")
	sum := res.sum
	var bytes int64
	if sum != nil {
		unreadable := 0
		for _, in := range sum.Inputs {
			if in.Format == "" {
				unreadable++
			}
		}
		fmt.Fprintf(&b, "inputs: %d read", len(sum.Inputs)-unreadable)
		if unreadable > 0 {
			fmt.Fprintf(&b, ", %d unreadable", unreadable)
		}
		if len(sum.SkippedFiles) > 0 {
			fmt.Fprintf(&b, ", %d skipped", len(sum.SkippedFiles))
		}
		b.WriteString("\n")
		for _, in := range sum.Inputs {
			switch {
			case in.Format == "":
				fmt.Fprintf(&b, "  %s unreadable: %s", in.Name, in.Err)
			case in.Err != "":
				fmt.Fprintf(&b, "  %s [%s] stopped: %s", in.Name, in.Format, in.Err)
			default:
				fmt.Fprintf(&b, "  %s [%s]", in.Name, in.Format)
			}
			b.WriteString("\n")
			if st, err := os.Stat(in.Name); err == nil {
				bytes += st.Size()
			}
		}
		for _, sf := range sum.SkippedFiles {
			fmt.Fprintf(&b, "  %s skipped: %s\n", sf.Name, sf.Reason)
		}
		b.WriteString("events:")
		for _, t := range sortedKeys(sum.Rows) {
			fmt.Fprintf(&b, " %s %d", t, sum.Rows[t])
		}
		if len(sum.Rows) == 0 {
			b.WriteString(" none")
		}
		b.WriteString("\n")
		if sum.Merged > 0 {
			fmt.Fprintf(&b, "merged: %d Sysmon 1 + Security 4688 pairs of the same process\n",
				sum.Merged)
		}
		if len(sum.OtherTables) > 0 {
			b.WriteString("skipped-other-table:")
			for _, t := range sortedKeys(sum.OtherTables) {
				fmt.Fprintf(&b, " %s %d", t, sum.OtherTables[t])
			}
			b.WriteString("\n")
		}
		for _, reason := range sortedKeys(sum.Skipped) {
			sk := sum.Skipped[reason]
			verb := "skipped"
			if noted[reason] {
				verb = "noted (still read)"
			}
			fmt.Fprintf(&b, "%s: %d %s\n", verb, sk.Count, reason)
			for _, ex := range sk.Examples {
				fmt.Fprintf(&b, "  %s\n", ex.String())
			}
		}
	}
	if h.exclusions != nil {
		b.WriteString("exclusions:\n")
		b.WriteString(h.exclusions.Summary())
	}
	fmt.Fprintf(&b, "rules: %d run\n", len(res.rules))
	for _, rr := range res.rules {
		switch {
		case rr.err != nil:
			fmt.Fprintf(&b, "  %s: failed: %v\n", ruleLabel(rr.rule), rr.err)
		case rr.triggered:
			fmt.Fprintf(&b, "  %s: %d alert%s\n", ruleLabel(rr.rule), len(rr.rows),
				plural(len(rr.rows)))
		default:
			fmt.Fprintf(&b, "  %s: no alerts (%d rows)\n", ruleLabel(rr.rule), len(rr.rows))
		}
	}
	fmt.Fprintf(&b, "now: %s (%s)\n", string(value.AppendDateTime(nil,
		value.TimeToTicks(res.now))), res.nowFrom)
	if !res.span[0].IsZero() && res.lookbk > 0 {
		if span := res.span[1].Sub(res.span[0]); span > res.lookbk {
			fmt.Fprintf(&b, "warning: the inputs span %s, more than the widest ago() window "+
				"(%s): older events fall outside it\n", spanText(span), spanText(res.lookbk))
		}
	}
	if h.flags.now == "" && !res.span[1].IsZero() && res.lookbk > 0 &&
		res.now.Sub(res.span[1]) > res.lookbk {
		fmt.Fprintf(&b, "warning: the newest event (%s) is older than the widest ago() window "+
			"(%s) counted back from the wall clock, so time-filtered rules see none; "+
			"--now latest counts back from the newest event instead\n",
			value.AppendDateTime(nil, value.TimeToTicks(res.span[1])), spanText(res.lookbk))
	}
	elapsed := time.Since(h.start)
	var events int64
	if sum != nil {
		events = sum.Total()
	}
	rate := float64(events) / elapsed.Seconds()
	fmt.Fprintf(&b, "elapsed: %s, %.0f events/s", roundDur(elapsed), rate)
	if bytes > 0 {
		fmt.Fprintf(&b, ", %.1f MB/s", float64(bytes)/1e6/elapsed.Seconds())
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}

// unreadable reports, even in quiet mode, the inputs that could not be read.
func (h *hunt) unreadable(w io.Writer, res *huntResult) {
	if res.sum == nil {
		return
	}
	for _, in := range res.sum.Inputs {
		if in.Err != "" {
			fmt.Fprintf(w, "kqlhunt: %s: %s\n", in.Name, in.Err)
		}
	}
}

// noted are summary reasons whose records were read all the same.
var noted = map[string]bool{input.ReasonNoCmdLine: true, evtxfmt.ReasonFlagged: true}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// spanText renders a long duration in days, a short one as Go does.
func spanText(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	}
	return roundDur(d).String()
}

func roundDur(d time.Duration) time.Duration {
	switch {
	case d > time.Hour:
		return d.Round(time.Minute)
	case d > time.Second:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
