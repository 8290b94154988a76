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

// csvWriter writes rule id and name, then the query's columns. A header
// row starts the output and is written again whenever the columns change
// (a run of several rules with different result columns).
type csvWriter struct {
	w      *csv.Writer
	header string
}

func (c *csvWriter) Result(r *rules.Rule, cols []schema.Column, rows [][]value.Value) error {
	names := make([]string, 0, len(cols)+2)
	names = append(names, "RuleId", "RuleName")
	for _, col := range cols {
		names = append(names, col.Name)
	}
	if h := strings.Join(names, "\x00"); h != c.header {
		c.header = h
		if err := c.w.Write(names); err != nil {
			return err
		}
	}
	rec := make([]string, len(names))
	for _, row := range rows {
		rec[0], rec[1] = r.ID, r.Name
		for i := range cols {
			rec[i+2] = row[i].Text()
		}
		if err := c.w.Write(rec); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

func (c *csvWriter) Close() error {
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
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithRowMaxWidth(maxCell),
		tablewriter.WithHeaderAutoWrap(tw.WrapNormal),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tab.Header(names)
	for _, row := range rows {
		cells := make([]string, len(cols))
		for i := range cols {
			cells[i] = strings.ReplaceAll(row[i].Text(), "\r", "")
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
			text := strings.ReplaceAll(row[i].Text(), "\r", "")
			text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", pad+2))
			fmt.Fprintf(&b, "%-*s  %s\n", pad, n, text)
		}
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
