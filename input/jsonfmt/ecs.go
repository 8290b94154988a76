package jsonfmt

import (
	"strings"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// ecsFields lists where Elastic's ingest pipelines move Sysmon and
// Security fields out of winlog.event_data: event field, then ECS path.
var ecsFields = []struct {
	field string
	path  []string
}{
	{"Image", []string{"process", "executable"}},
	{"CommandLine", []string{"process", "command_line"}},
	{"ProcessId", []string{"process", "pid"}},
	{"ProcessGuid", []string{"process", "entity_id"}},
	{"CurrentDirectory", []string{"process", "working_directory"}},
	{"ParentImage", []string{"process", "parent", "executable"}},
	{"ParentCommandLine", []string{"process", "parent", "command_line"}},
	{"ParentProcessId", []string{"process", "parent", "pid"}},
	{"ParentProcessGuid", []string{"process", "parent", "entity_id"}},
	{"OriginalFileName", []string{"process", "pe", "original_file_name"}},
	{"Company", []string{"process", "pe", "company"}},
	{"Product", []string{"process", "pe", "product"}},
	{"Description", []string{"process", "pe", "description"}},
	{"FileVersion", []string{"process", "pe", "file_version"}},
	{"TargetFilename", []string{"file", "path"}},
}

// securityECS are the 4688 fields the Security module moves.
var securityECS = []struct {
	field string
	path  []string
}{
	{"NewProcessName", []string{"process", "executable"}},
	{"CommandLine", []string{"process", "command_line"}},
	{"NewProcessId", []string{"process", "pid"}},
	{"ParentProcessName", []string{"process", "parent", "executable"}},
	{"ProcessId", []string{"process", "parent", "pid"}},
}

func winlogbeat(o obj, ev *winevent.Event) error {
	w, err := parseObj(o.raw("winlog"))
	if err != nil {
		return err
	}
	ev.Provider = w.text("provider_name")
	if ev.Provider == "" {
		ev.Provider = o.text("event", "provider")
	}
	ev.ProviderGUID = w.text("provider_guid")
	ev.EventID = atoi(w.text("event_id"), 0)
	if ev.EventID == 0 {
		ev.EventID = atoi(o.text("event", "code"), 0)
	}
	ev.Channel = w.text("channel")
	ev.Computer = w.text("computer_name")
	if ev.Computer == "" {
		ev.Computer = o.text("host", "name")
	}
	ev.Version = atoi(w.text("version"), -1)
	ev.Task = atoi(w.text("task"), -1)
	ev.Keywords = w.text("keywords")
	ev.UserID = w.text("user", "identifier")
	ev.ProcessID = uint32(atoi(w.text("process", "pid"), 0))
	if t, ok := mapping.ParseTime(o.text("@timestamp")); ok {
		ev.TimeCreated = t
	}
	if d := w.raw("event_data"); len(d) > 0 && d[0] == '{' {
		data, err := parseObj(d)
		if err != nil {
			return err
		}
		for i, k := range data.keys {
			ev.Data = append(ev.Data, winevent.Field{Name: k, Value: text(data.vals[i])})
		}
	}
	moved := ecsFields
	if mapping.IsSecurity(ev) {
		moved = securityECS
	}
	for _, m := range moved {
		if _, ok := ev.Get(m.field); ok {
			continue
		}
		if v := o.text(m.path...); v != "" {
			ev.Data = append(ev.Data, winevent.Field{Name: m.field, Value: v})
		}
	}
	ecsUser(o, ev)
	ecsHashes(o, ev)
	if _, ok := ev.Get("UtcTime"); !ok && mapping.IsSysmon(ev) && !ev.TimeCreated.IsZero() {
		// The sysmon module sets @timestamp from UtcTime and drops it.
		ev.Data = append(ev.Data, winevent.Field{Name: "UtcTime",
			Value: ev.TimeCreated.Format("2006-01-02 15:04:05.000")})
	}
	return nil
}

func ecsUser(o obj, ev *winevent.Event) {
	if _, ok := ev.Get("User"); ok || mapping.IsSecurity(ev) {
		return
	}
	name := o.text("user", "name")
	if name == "" {
		return
	}
	if d := o.text("user", "domain"); d != "" {
		name = d + `\` + name
	}
	ev.Data = append(ev.Data, winevent.Field{Name: "User", Value: name})
}

func ecsHashes(o obj, ev *winevent.Event) {
	if _, ok := ev.Get("Hashes"); ok {
		return
	}
	h, err := parseObj(o.path("process", "hash"))
	if err != nil || len(h.keys) == 0 {
		h, err = parseObj(o.raw("hash"))
		if err != nil {
			return
		}
	}
	var parts []string
	for i, k := range h.keys {
		parts = append(parts, strings.ToUpper(k)+"="+text(h.vals[i]))
	}
	if len(parts) > 0 {
		ev.Data = append(ev.Data, winevent.Field{Name: "Hashes", Value: strings.Join(parts, ",")})
	}
}
