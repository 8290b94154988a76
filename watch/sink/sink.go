// Package sink delivers alerts: to a stream (standard output), to an
// append-only JSON-lines file synced to disk, to a Kafka topic and to an
// HTTP webhook. A Dispatcher feeds each sink from its own bounded queue,
// retries failed sends with exponential backoff, and reports a batch done
// once every sink has it, which is what lets the caller commit input
// offsets only past alerts that were delivered.
package sink

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"sync"
)

// Alert is one alert rendered for delivery.
type Alert struct {
	// Key groups alerts (the rule id); Kafka uses it as the record key.
	Key []byte
	// JSON is the alert as one JSON object, without newline.
	JSON []byte
}

// Sink sends alerts somewhere.
type Sink interface {
	// Name identifies the sink in logs and metrics.
	Name() string
	// Send delivers alerts in order; an error means none or only some were
	// delivered, and the whole batch will be sent again.
	Send(ctx context.Context, alerts []Alert) error
	// Close releases the sink.
	Close() error
}

// Permanent marks an error that retrying cannot fix (a webhook answering
// 400): the batch is given up for that sink.
type Permanent struct{ Err error }

// Error returns the wrapped error's text.
func (p *Permanent) Error() string { return p.Err.Error() }

// Unwrap returns the wrapped error.
func (p *Permanent) Unwrap() error { return p.Err }

// IsPermanent reports whether err is marked Permanent.
func IsPermanent(err error) bool {
	var p *Permanent
	return errors.As(err, &p)
}

// Writer writes alerts as JSON lines to a stream such as standard output.
type Writer struct {
	mu   sync.Mutex
	W    io.Writer
	Desc string
}

// Name returns the writer's description (default "stdout").
func (w *Writer) Name() string {
	if w.Desc == "" {
		return "stdout"
	}
	return w.Desc
}

// Send writes one line per alert.
func (w *Writer) Send(_ context.Context, alerts []Alert) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	bw := bufio.NewWriter(w.W)
	for _, a := range alerts {
		bw.Write(a.JSON)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Close does nothing: the stream is the caller's.
func (w *Writer) Close() error { return nil }

// File appends alerts as JSON lines to a file and syncs it to disk after
// every batch, so an alert counted as delivered survives a crash.
type File struct {
	f    *os.File
	path string
}

// OpenFile opens (creating it if needed) the file to append to.
func OpenFile(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	return &File{f: f, path: path}, nil
}

// Name returns "file:PATH".
func (f *File) Name() string { return "file:" + f.path }

// Send appends the alerts and syncs.
func (f *File) Send(_ context.Context, alerts []Alert) error {
	var buf []byte
	for _, a := range alerts {
		buf = append(buf, a.JSON...)
		buf = append(buf, '\n')
	}
	if _, err := f.f.Write(buf); err != nil {
		return err
	}
	return f.f.Sync()
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }
