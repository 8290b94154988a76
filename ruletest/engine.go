package ruletest

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/tuning"
	"github.com/kqlhunt/kqlhunt/value"
)

// Engine compiles the queries tests run. Package ruletest/kqlengine
// implements it with kqlhunt's KQL engine; tests of this package use a
// stand-in.
type Engine interface {
	// Compile compiles a query; name is shown in diagnostics. Watchlists,
	// when not nil, serve the query's _GetWatchlist calls.
	Compile(name, text string, watchlists *tuning.Watchlists) (Query, error)
}

// TableUse is a source table a query reads and the columns it needs, in
// the order rows must have them.
type TableUse struct {
	Name    string
	Columns []schema.Column
}

// Query is a compiled query.
type Query interface {
	// Tables lists the source tables the query reads.
	Tables() []TableUse
	// Run runs the query over rows of its tables (each row with the
	// columns Tables gives, in that order) with now() fixed at now.
	Run(ctx context.Context, now time.Time, tables map[string][][]value.Value) (
		[]schema.Column, [][]value.Value, error)
}

// Decoder reads events in any input format kqlhunt supports into rows of
// the requested tables (each row with the requested columns, in order).
type Decoder interface {
	Decode(ctx context.Context, src EventSource, tables map[string][]schema.Column) (
		map[string][][]value.Value, error)
}

// EventSource is events to decode: a file or folder on disk (Path), or
// bytes (Data) such as inline text or an embedded file.
type EventSource struct {
	Name string
	Path string
	Data []byte
}

// Dir is the folder a test file sits in, on disk or inside an fs.FS (the
// test files embedded in the binary); paths in the file are relative to
// it.
type Dir struct {
	FS     fs.FS
	Path   string // slash-separated path of the folder inside FS
	OnDisk bool   // FS is the root of the file system, Root
	Root   string // the file-system root FS reads (on disk only)
}

// DiskDir returns the Dir of a folder on disk.
func DiskDir(dir string) (Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Dir{}, err
	}
	root := filepath.VolumeName(abs) + string(filepath.Separator)
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return Dir{}, err
	}
	return Dir{FS: os.DirFS(root), Path: filepath.ToSlash(rel), OnDisk: true, Root: root}, nil
}

// join returns the FS path of rel, a path relative to the folder.
func (d Dir) join(rel string) string {
	if d.OnDisk && filepath.IsAbs(rel) {
		abs := filepath.ToSlash(filepath.Clean(rel))
		return strings.TrimPrefix(abs[len(filepath.VolumeName(abs)):], "/")
	}
	return path.Join(d.Path, filepath.ToSlash(rel))
}

// ReadFile reads a file named relative to the folder.
func (d Dir) ReadFile(rel string) ([]byte, error) { return fs.ReadFile(d.FS, d.join(rel)) }

// Sub returns the folder rel, relative to this one.
func (d Dir) Sub(rel string) Dir {
	return Dir{FS: d.FS, Path: d.join(rel), OnDisk: d.OnDisk, Root: d.Root}
}

// source returns the event source for rel: a disk path when on disk, else
// the file's bytes.
func (d Dir) source(rel string) (EventSource, error) {
	p := d.join(rel)
	if d.OnDisk {
		return EventSource{Name: rel, Path: filepath.Join(d.Root, filepath.FromSlash(p))}, nil
	}
	data, err := fs.ReadFile(d.FS, p)
	if err != nil {
		return EventSource{}, err
	}
	return EventSource{Name: rel, Data: data}, nil
}
