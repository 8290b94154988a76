// Package output writes detection results for people (a table on a
// terminal) and for machines (JSON lines, CSV). Values render as Kusto
// renders them: datetimes ISO 8601 UTC with seven fractional digits, bools
// true/false, dynamic values as JSON.
package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Formats lists the output formats by name.
var Formats = []string{"table", "jsonl", "csv"}

// Writer receives the result rows of each rule that raised alerts.
type Writer interface {
	// Result writes the rows one rule returned, in order.
	Result(r *rules.Rule, cols []schema.Column, rows [][]value.Value) error
	// Close flushes what is buffered.
	Close() error
}

// New returns a writer of the named format. For the table format, width
// is the terminal's width in columns: a table wider than that is printed
// as one block of "column value" lines per row instead (0: no limit).
func New(format string, w io.Writer, width int) (Writer, error) {
	switch format {
	case "table", "":
		return &tableWriter{w: w, width: width}, nil
	case "jsonl", "json":
		return &jsonlWriter{w: bufio.NewWriterSize(w, 64<<10)}, nil
	case "csv":
		return &csvWriter{w: csv.NewWriter(w)}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

type jsonlWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *jsonlWriter) Result(r *rules.Rule, cols []schema.Column, rows [][]value.Value) error {
	head := RuleJSON(nil, r)
	for _, row := range rows {
		b := append(j.buf[:0], `{"rule":`...)
		b = append(b, head...)
		b = append(b, `,"row":{`...)
		for i, c := range cols {
			if i > 0 {
				b = append(b, ',')
			}
			b = value.AppendJSONString(b, c.Name)
			b = append(b, ':')
			b = row[i].AppendJSON(b)
		}
		b = append(b, "}}\n"...)
		j.buf = b
		if _, err := j.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonlWriter) Close() error { return j.w.Flush() }

// RuleJSON appends the rule's identity as a JSON object: id, name,
// severity, tactics and techniques.
func RuleJSON(b []byte, r *rules.Rule) []byte {
	b = append(b, `{"id":`...)
	b = value.AppendJSONString(b, r.ID)
	b = append(b, `,"name":`...)
	b = value.AppendJSONString(b, r.Name)
	b = append(b, `,"severity":`...)
	b = value.AppendJSONString(b, r.Severity)
	b = append(b, `,"tactics":`...)
	b = appendStrings(b, r.Tactics)
	b = append(b, `,"techniques":`...)
	b = appendStrings(b, r.Techniques)
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = value.AppendJSONString(b, s)
	}
	return append(b, ']')
}

// csvWriter writes rule id and name, then the query's columns. Results
// are held until Close so that a run of several rules with different
// result columns still gives one CSV: its header is the union of their
// columns in order of first appearance, and a rule's row leaves the
// columns it lacks empty.
type csvWriter struct {
	w       *csv.Writer
	results []csvResult
}

type csvResult struct {
	r    *rules.Rule
	cols []schema.Column
	rows [][]value.Value
}

func (c *csvWriter) Result(r *rules.Rule, cols []schema.Column, rows [][]value.Value) error {
	c.results = append(c.results, csvResult{r, cols, rows})
	return nil
}

func (c *csvWriter) Close() error {
	names := []string{"RuleId", "RuleName"}
	pos := map[string]int{}
	for _, res := range c.results {
		for _, col := range res.cols {
			if _, ok := pos[col.Name]; !ok {
				pos[col.Name] = len(names)
				names = append(names, col.Name)
			}
		}
	}
	if len(c.results) > 0 {
		if err := c.w.Write(names); err != nil {
			return err
		}
	}
	rec := make([]string, len(names))
	for _, res := range c.results {
		for _, row := range res.rows {
			clear(rec)
			rec[0], rec[1] = res.r.ID, res.r.Name
			for i, col := range res.cols {
				rec[pos[col.Name]] = row[i].Text()
			}
			if err := c.w.Write(rec); err != nil {
				return err
			}
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// tableWriter prints, for each rule, a heading naming the rule and a table
// of its rows with the query's columns in query order.
type tableWriter struct {
	w     io.Writer
	width int
}

// maxCell is the width at which table cells wrap.
const maxCell = 60

func (t *tableWriter) Result(r *rules.Rule, cols []schema.Column, rows [][]value.Value) error {
	fmt.Fprintf(t.w, "\n%s %s [%s] %d alert%s\n", r.ID, r.Name, r.Severity, len(rows),
		plural(len(rows)))
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	if t.width > 0 && tableWidth(names, rows) > t.width {
		return t.records(names, rows)
	}
	tab := tablewriter.NewTable(t.w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapBreak),
		tablewriter.WithRowMaxWidth(maxCell),
		tablewriter.WithHeaderAutoWrap(tw.WrapNormal),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tab.Header(names)
	for _, row := range rows {
		cells := make([]string, len(cols))
		for i := range cols {
			cells[i] = Printable(row[i].Text())
		}
		if err := tab.Append(cells); err != nil {
			return err
		}
	}
	return tab.Render()
}

func (t *tableWriter) Close() error { return nil }

// tableWidth estimates the width of the table: each column as wide as its
// widest cell line (capped at maxCell) plus borders and padding.
func tableWidth(names []string, rows [][]value.Value) int {
	total := 1
	for i, n := range names {
		w := utf8.RuneCountInString(n)
		for _, row := range rows {
			for _, line := range strings.Split(row[i].Text(), "\n") {
				w = max(w, utf8.RuneCountInString(line))
			}
		}
		total += min(w, maxCell) + 3
	}
	return total
}

// records prints each row as a block of "column  value" lines, for rows
// too wide for the terminal.
func (t *tableWriter) records(names []string, rows [][]value.Value) error {
	pad := 0
	for _, n := range names {
		pad = max(pad, utf8.RuneCountInString(n))
	}
	var b strings.Builder
	for r, row := range rows {
		fmt.Fprintf(&b, "── %d of %d ──\n", r+1, len(rows))
		for i, n := range names {
			text := Printable(row[i].Text())
			text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", pad+2))
			fmt.Fprintf(&b, "%-*s  %s\n", pad, n, text)
		}
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

// Printable makes a value safe to show on a terminal: control characters
// (escape sequences an attacker may have put in a command line, bells,
// carriage returns) are shown as visible escapes such as \x1b, and a tab
// as \t so that it is not mistaken for spaces. Newlines are kept.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
