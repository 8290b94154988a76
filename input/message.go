package input

import (
	"bytes"
	"context"
	"io"
)

// MessageName is the input name DecodeMessage gives a message in its
// Summary and faults.
const MessageName = "message"

// DecodeMessage decodes one message held in memory (a line of event XML,
// a Splunk XmlWinEventLog line, a winlogbeat / OTRF / evtx_dump JSON
// event, a JSON row...) with the registered formats, as Read decodes one
// input, and delivers its rows to sink. The Summary says whether a format
// recognised the message (Summary.Inputs is empty when none did, and
// SkippedFiles names it), the rows delivered and the records skipped.
// It returns an error only when it cannot run at all.
func DecodeMessage(ctx context.Context, data []byte, req Request,
	sink Sink) (*Summary, error) {
	src := NewSource(MessageName, int64(len(data)), func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
	return ReadSource(ctx, src, req, sink)
}
