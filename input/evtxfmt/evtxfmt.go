// Package evtxfmt adds Windows EVTX files to the formats kqlhunt hunts
// over: files starting with the ElfFile signature are decoded by package
// evtx, in parallel by chunk, and each record is mapped like any other
// Windows event. Decoding faults are counted and listed in the summary;
// flagged records (damaged chunk checksums, records recovered past the
// header's chunk count) are still hunted over, and counted.
package evtxfmt

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kqlhunt/kqlhunt/evtx"
	"github.com/kqlhunt/kqlhunt/input"
)

// Summary reasons of EVTX decoding, beside input's own.
const (
	ReasonFault   = "EVTX fault"          // a fault met while decoding
	ReasonFlagged = "EVTX record flagged" // delivered with flags
)

// chunkSize is the size of an EVTX chunk, the unit progress is told in.
const chunkSize = 64 << 10

// signature starts every EVTX file.
var signature = []byte("ElfFile\x00")

// Format is the EVTX input format.
type Format struct{}

func init() { input.Register(Format{}) }

// Name returns "evtx".
func (Format) Name() string { return "evtx" }

// Priority places EVTX first: its signature is definitive.
func (Format) Priority() int { return 10 }

// Detect reports whether head starts with the ElfFile signature.
func (Format) Detect(head []byte) bool { return bytes.HasPrefix(head, signature) }

// Decode decodes every record of the file and hands its event to out.
func (Format) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	ra, size, closer, err := src.Raw()
	if err != nil {
		return err
	}
	defer closer.Close()
	f, err := evtx.Open(ra, size)
	if err != nil {
		return err
	}
	chunk := -1
	stats, err := f.Records(ctx, func(r *evtx.Record) error {
		if r.Chunk != chunk {
			if chunk >= 0 {
				out.Progress(int64(r.Chunk-chunk) * chunkSize)
			}
			chunk = r.Chunk
		}
		pos := input.Pos{Record: int64(r.RecordID)}
		if r.Flags != 0 {
			out.Skip(ReasonFlagged, pos, fmt.Sprintf("chunk %d record %d: %s", r.Chunk,
				r.RecordID, r.Flags))
		}
		out.Event(r.Event, pos)
		return nil
	})
	for _, ft := range stats.Faults {
		out.Skip(ReasonFault, input.Pos{Record: int64(ft.Record)}, ft.String())
	}
	return err
}
