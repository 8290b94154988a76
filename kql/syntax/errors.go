package syntax

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxErrors caps the number of errors one parse reports.
const MaxErrors = 10

// Error is one diagnostic: a message about the source at byte offset Pos.
type Error struct {
	File string // file name given to Parse; may be ""
	Pos  int    // byte offset of the fault
	Line int    // 1-based line of Pos
	Col  int    // 1-based column of Pos, counted in runes
	Msg  string // the message, without position
}

// NewError builds a diagnostic at byte offset pos of src, filling in its line
// and column; later stages use it to report faults in the same form.
func NewError(file, src string, pos int, msg string) *Error {
	line, col := position(src, pos)
	return &Error{File: file, Pos: pos, Line: line, Col: col, Msg: msg}
}

// Error formats the diagnostic as "file:line:col: message" ("line:col: message"
// without a file name).
func (e *Error) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is a list of diagnostics, sorted by position once returned by Parse.
type ErrorList []*Error

// Error describes the first error, noting how many more follow.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Render prints each error as `file:line:col: message`, then the source line and
// a caret under the fault.
func (l ErrorList) Render(filename, src string) string {
	var b strings.Builder
	for _, e := range l {
		ln, col := position(src, e.Pos)
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", filename, ln, col, e.Msg)
		line := sourceLine(src, e.Pos)
		b.WriteString(line)
		b.WriteByte('\n')
		b.WriteString(Caret(line, col))
		b.WriteByte('\n')
	}
	return b.String()
}

// sourceLine returns the line of src holding byte offset pos, without its newline.
func sourceLine(src string, pos int) string {
	pos = min(max(pos, 0), len(src))
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	end := strings.IndexByte(src[pos:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += pos
	}
	return strings.TrimRight(src[start:end], "\r")
}

// Caret returns a line with a caret under rune column col of line, keeping
// its tabs so the caret aligns.
func Caret(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}

// position converts a byte offset into 1-based line and rune column.
func position(src string, pos int) (line, col int) {
	pos = min(max(pos, 0), len(src))
	line = 1 + strings.Count(src[:pos], "\n")
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[start:pos])
}

// Normalize sorts l by position, drops duplicates (a second error at the same
// position) and caps it at MaxErrors. It reorders l in place.
func (l ErrorList) Normalize() ErrorList {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
	out := l[:0]
	for _, e := range l {
		if n := len(out); n > 0 && out[n-1].Pos == e.Pos {
			continue
		}
		out = append(out, e)
	}
	if len(out) > MaxErrors {
		out = out[:MaxErrors]
	}
	return out
}
