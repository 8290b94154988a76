// Package schema declares the tables kqlhunt knows: their names and their
// columns with KQL types, in the Sentinel shape (Defender columns plus the
// Log Analytics columns TenantId, TimeGenerated, SourceSystem, Type and,
// for Device tables, MachineGroup).
package schema

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/kqlhunt/kqlhunt/value"
)

// Column is one named, typed column.
type Column struct {
	Name string
	Type value.Type
}

// Table is a named list of columns.
type Table struct {
	Name    string
	Columns []Column
	index   map[string]int
}

// NewTable builds a table and its column index.
func NewTable(name string, cols []Column) *Table {
	t := &Table{Name: name, Columns: cols, index: make(map[string]int, len(cols))}
	for i, c := range cols {
		if _, dup := t.index[c.Name]; !dup {
			t.index[c.Name] = i
		}
	}
	return t
}

// Index returns the position of the named column, or -1.
func (t *Table) Index(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	return -1
}

// Column returns the named column and whether it exists.
func (t *Table) Column(name string) (Column, bool) {
	i := t.Index(name)
	if i < 0 {
		return Column{}, false
	}
	return t.Columns[i], true
}

// Names returns the column names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Set is a collection of tables by name.
type Set struct {
	tables []*Table
	byName map[string]*Table
}

// Lookup returns the named table (names are case-sensitive, as in Kusto).
func (s *Set) Lookup(name string) (*Table, bool) {
	t, ok := s.byName[name]
	return t, ok
}

// Tables returns the tables in declaration order.
func (s *Set) Tables() []*Table { return s.tables }

//go:embed tables.kql
var builtinText string

var (
	builtinOnce sync.Once
	builtinSet  *Set
)

// Builtin returns the tables kqlhunt ships with (see tables.kql).
func Builtin() *Set {
	builtinOnce.Do(func() {
		s, err := Parse(builtinText)
		if err != nil {
			panic("schema: bad built-in tables.kql: " + err.Error())
		}
		builtinSet = s
	})
	return builtinSet
}

// Parse reads table declarations, one a line: Name(Col:type, ...). Blank
// lines and lines starting with # are skipped.
func Parse(text string) (*Set, error) {
	s := &Set{byName: map[string]*Table{}}
	for n, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		open := strings.IndexByte(line, '(')
		if open <= 0 || !strings.HasSuffix(line, ")") {
			return nil, fmt.Errorf("line %d: want Name(Col:type, ...)", n+1)
		}
		name := strings.TrimSpace(line[:open])
		var cols []Column
		for _, part := range strings.Split(line[open+1:len(line)-1], ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			colon := strings.LastIndexByte(part, ':')
			if colon <= 0 {
				return nil, fmt.Errorf("line %d: column %q has no type", n+1, part)
			}
			typ, ok := value.ParseType(strings.TrimSpace(part[colon+1:]))
			if !ok {
				return nil, fmt.Errorf("line %d: column %q: unknown type", n+1, part)
			}
			cols = append(cols, Column{Name: strings.TrimSpace(part[:colon]), Type: typ})
		}
		t := NewTable(name, cols)
		s.tables = append(s.tables, t)
		s.byName[name] = t
	}
	return s, nil
}

// Union returns have with the columns of more it lacks appended (by name).
func Union(have, more []Column) []Column {
	for _, c := range more {
		found := false
		for _, h := range have {
			if h.Name == c.Name {
				found = true
				break
			}
		}
		if !found {
			have = append(have, c)
		}
	}
	return have
}

// Positions returns, for each wanted column, its index in layout (-1 when
// absent), or nil when layout is exactly the wanted columns: rows read in
// layout then feed a consumer of want without copying.
func Positions(layout, want []Column) []int {
	same := len(layout) == len(want)
	idx := make([]int, len(want))
	for i, w := range want {
		idx[i] = -1
		for j, l := range layout {
			if l.Name == w.Name {
				idx[i] = j
				break
			}
		}
		same = same && idx[i] == i
	}
	if same {
		return nil
	}
	return idx
}
