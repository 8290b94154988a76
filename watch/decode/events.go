package decode

import (
	"context"
	"errors"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/input/eventxml"
	"github.com/kqlhunt/kqlhunt/input/evtxfmt"
	"github.com/kqlhunt/kqlhunt/input/jsonfmt"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// TableBinder is implemented by a Fallback that must know the tables and
// columns of the Decoder it serves: the Decoder calls ForTables once and
// uses the decoder returned.
type TableBinder interface {
	ForTables(tables map[string][]schema.Column) MessageDecoder
}

// eventFormats are the Windows event renderings Events reads: event XML
// (Splunk XmlWinEventLog included), winlogbeat / ECS, OTRF and evtx_dump
// JSON, and EVTX. JSON rows are the Decoder's own.
var eventFormats = []input.Format{eventxml.Format{}, jsonfmt.Windows{}, evtxfmt.Format{}}

// Events returns a Fallback decoding Windows event renderings through
// package input and package mapping, as hunt reads them, except that the
// DeviceProcessEvents rows of Sysmon 1 and 4688 events are emitted with
// their origin and not merged: the partner of a row is in another
// message, and package detect merges the two. A message of none of these
// formats is not taken; a malformed one is an error.
func Events() MessageDecoder { return events{} }

type events struct {
	tables map[string][]schema.Column
}

// ForTables implements TableBinder.
func (e events) ForTables(tables map[string][]schema.Column) MessageDecoder {
	return events{tables: tables}
}

// Decode implements MessageDecoder.
func (e events) Decode(msg []byte, emit Emit) (bool, error) {
	if len(e.tables) == 0 {
		return false, nil
	}
	req := input.Request{Tables: e.tables, NoMerge: true, Workers: 1, Formats: eventFormats,
		ProcessRow: func(o mapping.Origin, row []value.Value) {
			emit(mapping.ProcessTable, row, &o)
		}}
	sum, err := input.DecodeMessage(context.Background(), msg, req,
		func(table string, rows [][]value.Value) {
			for _, row := range rows {
				emit(table, row, nil)
			}
		})
	if err != nil {
		return true, err
	}
	if len(sum.Inputs) == 0 {
		return false, nil
	}
	if msg := sum.Inputs[0].Err; msg != "" {
		return true, errors.New(msg)
	}
	if sk := sum.Skipped[input.ReasonMalformed]; sk != nil && sum.Total() == 0 {
		if len(sk.Examples) > 0 {
			return true, errors.New(sk.Examples[0].Reason)
		}
		return true, errors.New(input.ReasonMalformed)
	}
	return true, nil
}
