// Package source reads the live inputs of kqlhunt watch: standard input,
// files followed as they grow, and folders where new files appear. (Kafka
// and Event Hubs are read by package watch/kafka.) Each hands Records to a
// callback: a line, or the rows of a whole file decoded by a FileReader.
package source

import (
	"context"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Record is one unit of input: a message to decode, or rows already
// decoded (files read whole, such as EVTX). A Record with Mark set holds
// neither and only reports progress in File: a followed file was opened
// and is read from End on, or a file read whole has been read entirely.
type Record struct {
	// Data is a message (one line, without its newline).
	Data []byte
	// Table and Rows are set instead of Data for decoded rows.
	Table string
	Rows  [][]value.Value
	// Origin names where it came from (a path, "-" for standard input).
	Origin string
	// Offset is its byte position in Origin, where known.
	Offset int64
	// End is the byte position after the line and its newline in File:
	// where reading resumes once the record is handled (followed files).
	End int64
	// File is the file it came from (nil for standard input).
	File *File
	// Mark tells the record carries no data (see above).
	Mark bool
}

// Handler receives records. It is called from one goroutine per source.
type Handler func(Record)

// FileReader reads a whole file (EVTX, event XML, ...) into rows of the
// requested tables (each table's columns in the given order), as package
// input does for hunt.
type FileReader func(ctx context.Context, path string, tables map[string][]schema.Column,
	emit func(table string, rows [][]value.Value)) error

// Source is a running input.
type Source interface {
	// Run reads until ctx ends or the input is exhausted (standard input).
	Run(ctx context.Context, h Handler) error
}

// Faults counts inputs that could not be read, for metrics and logs.
type Faults interface {
	// Fault reports a problem with origin; it must not block.
	Fault(origin string, err error)
}

// sleep waits d or until ctx ends, reporting whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
