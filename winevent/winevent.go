// Package winevent is the decoded form of one Windows event record, shared
// by every source of Windows events (event XML, EVTX, JSON renderings), so
// that the mappings from Sysmon and Security events to tables are written
// once and serve all of them.
package winevent

import "time"

// Event is one Windows event: its System fields and its EventData (or
// UserData) name-value pairs, in document order.
type Event struct {
	Provider     string // System/Provider/@Name
	ProviderGUID string // System/Provider/@Guid, as written (braces kept)
	EventID      int    // System/EventID
	Qualifiers   int    // System/EventID/@Qualifiers; -1 when absent
	Version      int    // System/Version; -1 when absent
	Level        int    // System/Level; -1 when absent
	Task         int    // System/Task; -1 when absent
	Opcode       int    // System/Opcode; -1 when absent
	Keywords     string // System/Keywords, as written (hex text)
	TimeCreated  time.Time
	RecordID     uint64 // System/EventRecordID
	ActivityID   string // System/Correlation/@ActivityID
	ProcessID    uint32 // System/Execution/@ProcessID
	ThreadID     uint32 // System/Execution/@ThreadID
	Channel      string
	Computer     string
	UserID       string // System/Security/@UserID (a SID)

	// Data holds EventData/Data elements (Name attribute and text) or, for
	// UserData events, the leaf elements of the UserData child, in order.
	// An unnamed Data element gets the name "" (see Fields for positions).
	Data []Field
	// UserData is true when the pairs came from UserData, not EventData.
	UserData bool
}

// Field is one named value of an event's data, as text exactly as the
// renderer wrote it (trailing spaces kept).
type Field struct {
	Name  string
	Value string
}

// Get returns the value of the first field with the given name.
func (e *Event) Get(name string) (string, bool) {
	for i := range e.Data {
		if e.Data[i].Name == name {
			return e.Data[i].Value, true
		}
	}
	return "", false
}
