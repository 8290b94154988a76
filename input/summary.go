package input

import (
	"fmt"
	"sort"
	"sync"
)

// Skip reasons counted in Summary.Skipped.
const (
	ReasonMalformed = "malformed record"          // could not be decoded
	ReasonUnmapped  = "unsupported event"         // a Windows event no requested table takes
	ReasonNoTable   = "unknown table"             // a row whose table cannot be told
	ReasonNoCmdLine = "4688 without command line" // counted, the row is still kept
	maxExamples     = 5
)

// Fault is one record skipped or noted, with its position.
type Fault struct {
	File   string
	Line   int64 // 1-based line, 0 when unknown
	Record int64 // 1-based record number, 0 when unknown
	Reason string
}

// String renders file:line: reason (or file:#record: reason).
func (f Fault) String() string {
	switch {
	case f.Line > 0:
		return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Reason)
	case f.Record > 0:
		return fmt.Sprintf("%s:#%d: %s", f.File, f.Record, f.Reason)
	}
	return fmt.Sprintf("%s: %s", f.File, f.Reason)
}

// Skip counts records skipped for one reason and keeps the first few.
type Skip struct {
	Count    int64
	Examples []Fault
}

// InputInfo is one input read, with its detected format.
type InputInfo struct {
	Name   string
	Format string
	Err    string // why reading stopped early, if it did
}

// SkippedFile is an input not read.
type SkippedFile struct {
	Name   string
	Reason string
}

// Summary says what a Read did.
type Summary struct {
	Inputs       []InputInfo
	Rows         map[string]int64 // rows delivered per table
	OtherTables  map[string]int64 // rows of tables not requested, per table
	Skipped      map[string]*Skip // records skipped (or noted) per reason
	SkippedFiles []SkippedFile
	Merged       int64 // Sysmon 1 + 4688 pairs merged into one row
}

// Total returns the number of rows delivered.
func (s *Summary) Total() int64 {
	var n int64
	for _, c := range s.Rows {
		n += c
	}
	return n
}

// collector builds a Summary under a lock.
type collector struct {
	mu  sync.Mutex
	sum Summary
}

func newCollector() *collector {
	return &collector{sum: Summary{
		Rows: map[string]int64{}, OtherTables: map[string]int64{},
		Skipped: map[string]*Skip{},
	}}
}

func (c *collector) input(name, format string, err error) {
	info := InputInfo{Name: name, Format: format}
	if err != nil {
		info.Err = err.Error()
	}
	c.mu.Lock()
	c.sum.Inputs = append(c.sum.Inputs, info)
	c.mu.Unlock()
}

func (c *collector) skipFile(name, reason string) {
	c.mu.Lock()
	c.sum.SkippedFiles = append(c.sum.SkippedFiles, SkippedFile{name, reason})
	c.mu.Unlock()
}

func (c *collector) rows(table string, n int64) {
	c.mu.Lock()
	c.sum.Rows[table] += n
	c.mu.Unlock()
}

func (c *collector) other(counts map[string]int64) {
	c.mu.Lock()
	for t, n := range counts {
		c.sum.OtherTables[t] += n
	}
	c.mu.Unlock()
}

func (c *collector) skip(reason string, f Fault) {
	c.mu.Lock()
	s := c.sum.Skipped[reason]
	if s == nil {
		s = &Skip{}
		c.sum.Skipped[reason] = s
	}
	s.Count++
	if len(s.Examples) < maxExamples {
		s.Examples = append(s.Examples, f)
	}
	c.mu.Unlock()
}

func (c *collector) merged(n int64) {
	c.mu.Lock()
	c.sum.Merged += n
	c.mu.Unlock()
}

// snapshot returns the summary with inputs in a stable order.
func (c *collector) snapshot() *Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sum
	sort.SliceStable(s.Inputs, func(i, j int) bool { return s.Inputs[i].Name < s.Inputs[j].Name })
	sort.SliceStable(s.SkippedFiles, func(i, j int) bool {
		return s.SkippedFiles[i].Name < s.SkippedFiles[j].Name
	})
	for _, sk := range s.Skipped {
		sort.SliceStable(sk.Examples, func(i, j int) bool {
			a, b := sk.Examples[i], sk.Examples[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line+a.Record < b.Line+b.Record
		})
	}
	return &s
}
