package mapping

import (
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// initiating adds the InitiatingProcess* columns a Sysmon event's Image,
// ProcessId and User fields give, plus the common Sysmon columns.
func initiating(m map[string]getter, action getter) map[string]getter {
	m["Timestamp"] = utcTime
	m["DeviceName"] = computer
	m["ActionType"] = action
	m["InitiatingProcessFileName"] = base("Image")
	m["InitiatingProcessFolderPath"] = field("Image")
	m["InitiatingProcessId"] = number("ProcessId")
	m["InitiatingProcessAccountDomain"] = userPart("User", true)
	m["InitiatingProcessAccountName"] = userPart("User", false)
	return m
}

// sysmonFile maps Sysmon 11 (FileCreate) to DeviceFileEvents.
var sysmonFile = initiating(map[string]getter{
	"FileName":   base("TargetFilename"),
	"FolderPath": field("TargetFilename"),
}, lit("FileCreated"))

// sysmonImage maps Sysmon 7 (ImageLoad) to DeviceImageLoadEvents.
var sysmonImage = initiating(map[string]getter{
	"FileName":   base("ImageLoaded"),
	"FolderPath": field("ImageLoaded"),
	"SHA1":       hash(func(c *evctx) string { return c.sha1 }),
	"MD5":        hash(func(c *evctx) string { return c.md5 }),
	"SHA256":     hash(func(c *evctx) string { return c.sha256 }),
}, lit("ImageLoaded"))

// inbound reports a Sysmon 3 connection the process did not initiate.
func inbound(c *evctx) bool { return strings.EqualFold(c.get("Initiated"), "false") }

// endpoint picks the local or remote side of a Sysmon 3 connection.
func endpoint(remote bool, suffix string) getter {
	return func(c *evctx) value.Value {
		src := remote == inbound(c)
		name := "Destination" + suffix
		if src {
			name = "Source" + suffix
		}
		if suffix == "Port" {
			return c.num(name)
		}
		return c.str(name)
	}
}

// sysmonNetwork maps Sysmon 3 (NetworkConnect) to DeviceNetworkEvents.
var sysmonNetwork = initiating(map[string]getter{
	"RemoteIP":   endpoint(true, "Ip"),
	"RemotePort": endpoint(true, "Port"),
	"RemoteUrl":  endpoint(true, "Hostname"),
	"LocalIP":    endpoint(false, "Ip"),
	"LocalPort":  endpoint(false, "Port"),
	"Protocol": func(c *evctx) value.Value {
		p := strings.ToLower(c.get("Protocol"))
		if p != "" {
			p = strings.ToUpper(p[:1]) + p[1:]
		}
		return value.NewString(p)
	},
}, func(c *evctx) value.Value {
	if inbound(c) {
		return value.NewString("InboundConnectionAccepted")
	}
	return value.NewString("ConnectionSuccess")
})

// registryActions maps Sysmon's EventType to a DeviceRegistryEvents
// ActionType.
var registryActions = map[string]string{
	"CreateKey": "RegistryKeyCreated", "DeleteKey": "RegistryKeyDeleted",
	"SetValue": "RegistryValueSet", "DeleteValue": "RegistryValueDeleted",
	"RenameKey": "RegistryKeyRenamed",
}

// hives maps Sysmon's short hive names to the spelling MDE uses.
var hives = map[string]string{
	"HKLM": "HKEY_LOCAL_MACHINE", "HKU": "HKEY_USERS", "HKCR": "HKEY_CLASSES_ROOT",
	"HKCU": "HKEY_CURRENT_USER", "HKCC": "HKEY_CURRENT_CONFIG",
}

func longHive(p string) string {
	h, rest, _ := strings.Cut(p, `\`)
	if long, ok := hives[strings.ToUpper(h)]; ok {
		if rest == "" {
			return long
		}
		return long + `\` + rest
	}
	return p
}

// registryKey splits a Sysmon TargetObject into key and value name (value
// events name a value; key events name a key).
func registryKey(c *evctx) (key, val string) {
	obj := longHive(c.get("TargetObject"))
	if c.ev.EventID == 13 || c.get("EventType") == "DeleteValue" {
		if i := strings.LastIndexByte(obj, '\\'); i >= 0 {
			return obj[:i], obj[i+1:]
		}
	}
	return obj, ""
}

// sysmonRegistry maps Sysmon 12/13/14 to DeviceRegistryEvents.
var sysmonRegistry = initiating(map[string]getter{
	"RegistryKey": func(c *evctx) value.Value {
		if c.ev.EventID == 14 {
			return value.NewString(longHive(c.get("NewName")))
		}
		k, _ := registryKey(c)
		return value.NewString(k)
	},
	"RegistryValueName": func(c *evctx) value.Value {
		_, v := registryKey(c)
		return value.NewString(v)
	},
	"RegistryValueData": field("Details"),
	"PreviousRegistryKey": func(c *evctx) value.Value {
		if c.ev.EventID == 14 {
			return value.NewString(longHive(c.get("TargetObject")))
		}
		return value.NewString("")
	},
}, func(c *evctx) value.Value {
	return value.NewString(registryActions[c.get("EventType")])
})

// eventDataXML renders the event's data as Sentinel stores it in the
// EventData column of Event and SecurityEvent.
func eventDataXML(c *evctx) value.Value {
	var b strings.Builder
	b.WriteString(`<DataItem type="System.XmlData" time="`)
	if !c.ev.TimeCreated.IsZero() {
		b.WriteString(c.ev.TimeCreated.UTC().Format("2006-01-02T15:04:05.0000000Z"))
	}
	b.WriteString(`"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`)
	for _, f := range c.ev.Data {
		b.WriteString(`<Data Name="`)
		xmlEscape(&b, f.Name)
		b.WriteString(`">`)
		xmlEscape(&b, f.Value)
		b.WriteString(`</Data>`)
	}
	b.WriteString(`</EventData></DataItem>`)
	return value.NewString(b.String())
}

func xmlEscape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}

var levelNames = map[int]string{
	0: "Information", 1: "Critical", 2: "Error", 3: "Warning", 4: "Information",
}

func eventID(c *evctx) value.Value { return value.NewLong(int64(c.ev.EventID)) }

// eventColumns maps any event to Sentinel's Event table.
var eventColumns = map[string]getter{
	"TimeGenerated": created,
	"Computer":      computer,
	"Source":        func(c *evctx) value.Value { return value.NewString(c.ev.Provider) },
	"EventLog":      func(c *evctx) value.Value { return value.NewString(c.ev.Channel) },
	"EventID":       eventID,
	"EventLevel":    func(c *evctx) value.Value { return value.NewLong(int64(c.ev.Level)) },
	"EventLevelName": func(c *evctx) value.Value {
		return value.NewString(levelNames[c.ev.Level])
	},
	"EventCategory": func(c *evctx) value.Value { return value.NewLong(int64(c.ev.Task)) },
	"UserName": func(c *evctx) value.Value {
		if u := c.get("User"); u != "" {
			return value.NewString(u)
		}
		return value.NewString(c.ev.UserID)
	},
	"EventData": eventDataXML,
}

func joinAccount(c *evctx, prefix string) string {
	return c.get(prefix+"DomainName") + `\` + c.get(prefix+"UserName")
}

// securityColumns maps Security events to Sentinel's SecurityEvent table;
// columns not listed read the event field of the same name.
var securityColumns = map[string]getter{
	"TimeGenerated":   created,
	"Computer":        computer,
	"EventID":         eventID,
	"Channel":         func(c *evctx) value.Value { return value.NewString(c.ev.Channel) },
	"EventSourceName": func(c *evctx) value.Value { return value.NewString(c.ev.Provider) },
	"Task":            func(c *evctx) value.Value { return value.NewLong(int64(c.ev.Task)) },
	"Level":           func(c *evctx) value.Value { return value.NewString(strconv.Itoa(c.ev.Level)) },
	"Activity": func(c *evctx) value.Value {
		s := strconv.Itoa(c.ev.EventID)
		if d, ok := activities[c.ev.EventID]; ok {
			s += " - " + d
		}
		return value.NewString(s)
	},
	"Account": func(c *evctx) value.Value {
		if targetIsSet(c) {
			return value.NewString(joinAccount(c, "Target"))
		}
		return value.NewString(joinAccount(c, "Subject"))
	},
	"SubjectAccount": func(c *evctx) value.Value { return value.NewString(joinAccount(c, "Subject")) },
	"TargetAccount":  func(c *evctx) value.Value { return value.NewString(joinAccount(c, "Target")) },
	"Process":        base("NewProcessName"),
	"EventData":      eventDataXML,
}

// activities are the descriptions Sentinel puts in Activity.
var activities = map[int]string{
	4624: "An account was successfully logged on.",
	4625: "An account failed to log on.",
	4634: "An account was logged off.",
	4672: "Special privileges assigned to new logon.",
	4688: "A new process has been created.",
	4689: "A process has exited.",
	4703: "A user right was adjusted.",
	4720: "A user account was created.",
}
