// Package mapping turns decoded Windows events (winevent.Event, from any
// rendering: event XML, EVTX, JSON) into rows of the Defender and Sentinel
// tables, narrow: only the requested columns are computed.
//
// Sysmon 1 and Security 4688 become DeviceProcessEvents; Sysmon 3, 7, 11
// and 12/13/14 become DeviceNetworkEvents, DeviceImageLoadEvents,
// DeviceFileEvents and DeviceRegistryEvents; Security events become
// SecurityEvent rows and other events (Sysmon included) Event rows, as
// Sentinel stores them. Merger joins a Sysmon 1 and a 4688 of the same
// process into one DeviceProcessEvents row; a Stream of an input carrying
// both lets rows go once its clock has passed them, bounding what it
// holds.
package mapping

import (
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// Table names produced here.
const (
	ProcessTable   = "DeviceProcessEvents"
	FileTable      = "DeviceFileEvents"
	NetworkTable   = "DeviceNetworkEvents"
	ImageTable     = "DeviceImageLoadEvents"
	RegistryTable  = "DeviceRegistryEvents"
	SecurityTable  = "SecurityEvent"
	EventTable     = "Event"
	timeGenerated  = "TimeGenerated"
	typeColumn     = "Type"
	timestampField = "Timestamp"
)

// target is one table an event kind maps to, with its column getters.
type target struct {
	table   string
	getters map[string]getter
	generic bool // unknown columns read the event field of the same name
}

// targets lists the tables each event maps to.
func targets(ev *winevent.Event) []target {
	switch {
	case IsSysmon(ev):
		var t []target
		switch ev.EventID {
		case 1:
			t = append(t, target{table: ProcessTable, getters: sysmonProcess})
		case 3:
			t = append(t, target{table: NetworkTable, getters: sysmonNetwork})
		case 7:
			t = append(t, target{table: ImageTable, getters: sysmonImage})
		case 11:
			t = append(t, target{table: FileTable, getters: sysmonFile})
		case 12, 13, 14:
			t = append(t, target{table: RegistryTable, getters: sysmonRegistry})
		}
		return append(t, target{table: EventTable, getters: eventColumns})
	case IsSecurity(ev):
		sec := target{table: SecurityTable, getters: securityColumns, generic: true}
		if ev.EventID == 4688 {
			return []target{{table: ProcessTable, getters: securityProcess}, sec}
		}
		return []target{sec}
	}
	return []target{{table: EventTable, getters: eventColumns}}
}

// Mapper maps events to the requested tables' narrow rows. It is safe
// for concurrent use.
type Mapper struct {
	tables map[string][]schema.Column
}

// New returns a Mapper filling, for each requested table, exactly the
// given columns in that order.
func New(tables map[string][]schema.Column) *Mapper {
	return &Mapper{tables: tables}
}

// Map calls emit with each row ev yields for a requested table and
// returns how many rows it produced (0: the event maps to no requested
// table, which the caller counts as skipped).
func (m *Mapper) Map(ev *winevent.Event, emit func(table string, row []value.Value)) int {
	c := evctx{ev: ev}
	n := 0
	for _, t := range targets(ev) {
		cols, ok := m.tables[t.table]
		if !ok {
			continue
		}
		row := make([]value.Value, len(cols))
		var ts value.Value
		for i, col := range cols {
			var v value.Value
			if g, ok := t.getters[col.Name]; ok {
				v = g(&c)
			} else if col.Name == typeColumn {
				v = value.NewString(t.table)
			} else if col.Name == timeGenerated {
				if !ts.Valid() {
					ts = timestampOf(&c, t)
				}
				v = ts
			} else if t.generic {
				if s, ok := ev.Get(col.Name); ok {
					v = value.NewString(s)
				}
			}
			row[i] = coerce(v, col.Type)
		}
		emit(t.table, row)
		n++
	}
	return n
}

// timestampOf is the row's Timestamp, used for TimeGenerated.
func timestampOf(c *evctx, t target) value.Value {
	if g, ok := t.getters[timestampField]; ok {
		return g(c)
	}
	return c.created()
}

// Tables lists the tables Map can produce.
func Tables() []string {
	return []string{ProcessTable, FileTable, NetworkTable, ImageTable, RegistryTable,
		SecurityTable, EventTable}
}

// TablesOf returns the tables ev maps to (before any request filters).
func TablesOf(ev *winevent.Event) []string {
	var out []string
	for _, t := range targets(ev) {
		out = append(out, t.table)
	}
	return out
}
