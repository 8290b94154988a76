package mapping

import (
	"strconv"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// Provider and channel names that identify event sources.
const (
	sysmonProvider   = "Microsoft-Windows-Sysmon"
	sysmonChannel    = "Microsoft-Windows-Sysmon/Operational"
	securityProvider = "Microsoft-Windows-Security-Auditing"
	securityChannel  = "Security"
)

// IsSysmon reports whether ev was written by Sysmon.
func IsSysmon(ev *winevent.Event) bool {
	return strings.EqualFold(ev.Provider, sysmonProvider) ||
		strings.EqualFold(ev.Channel, sysmonChannel)
}

// IsSecurity reports whether ev is a Security-log audit event.
func IsSecurity(ev *winevent.Event) bool {
	return strings.EqualFold(ev.Provider, securityProvider) ||
		strings.EqualFold(ev.Channel, securityChannel)
}

// evctx wraps one event with lazily computed derived fields.
type evctx struct {
	ev        *winevent.Event
	hashDone  bool
	sha1, md5 string
	sha256    string
	imphash   string
}

func (c *evctx) get(name string) string {
	v, _ := c.ev.Get(name)
	return v
}

// str returns the field as a string value, "-" meaning empty.
func (c *evctx) str(name string) value.Value {
	v := c.get(name)
	if v == "-" {
		v = ""
	}
	return value.NewString(v)
}

func (c *evctx) hashes() {
	if c.hashDone {
		return
	}
	c.hashDone = true
	for part := range strings.SplitSeq(c.get("Hashes"), ",") {
		alg, hex, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		hex = strings.ToLower(strings.TrimSpace(hex))
		switch strings.ToUpper(strings.TrimSpace(alg)) {
		case "SHA1":
			c.sha1 = hex
		case "MD5":
			c.md5 = hex
		case "SHA256":
			c.sha256 = hex
		case "IMPHASH":
			c.imphash = hex
		}
	}
}

// utcTime is the Sysmon UtcTime of the event, else its TimeCreated.
func (c *evctx) utcTime() value.Value {
	if t, ok := ParseTime(c.get("UtcTime")); ok {
		return value.NewDateTime(t)
	}
	return c.created()
}

// created is System/TimeCreated, or null when the event has none.
func (c *evctx) created() value.Value {
	if c.ev.TimeCreated.IsZero() {
		return value.Null(value.DateTime)
	}
	return value.NewDateTime(c.ev.TimeCreated)
}

// ParseTime reads the timestamp spellings Windows event renderers use:
// Sysmon's "2006-01-02 15:04:05.000" (UTC, no zone), ISO 8601 with any
// fraction and zone, and python-evtx's "2006-01-02 15:04:05.999999" with
// an optional " UTC" suffix.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), " UTC"))
	if len(s) < 19 {
		return time.Time{}, false
	}
	if t, ok := quickTime(s); ok {
		return t, true
	}
	if s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	layout := "2006-01-02T15:04:05.999999999"
	if strings.HasSuffix(s, "Z") || strings.LastIndexAny(s, "+-") > 10 {
		layout += "Z07:00"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// basename returns the last component of a Windows or POSIX path.
func basename(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// splitUser splits DOMAIN\user at the first backslash.
func splitUser(u string) (domain, name string) {
	if u == "-" {
		return "", ""
	}
	if d, n, ok := strings.Cut(u, `\`); ok {
		return d, n
	}
	return "", u
}

// ParseNumber reads a decimal or 0x-prefixed hexadecimal integer, as
// process ids and logon ids are written (4688 uses hex, Sysmon decimal).
func ParseNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return 0, false
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		return int64(u), err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func (c *evctx) num(name string) value.Value {
	if n, ok := ParseNumber(c.get(name)); ok {
		return value.NewLong(n)
	}
	return value.Null(value.Long)
}

// integrityLevels maps mandatory-label SIDs to integrity level names.
var integrityLevels = map[string]string{
	"S-1-16-0":     "Untrusted",
	"S-1-16-4096":  "Low",
	"S-1-16-8192":  "Medium",
	"S-1-16-8448":  "Medium",
	"S-1-16-12288": "High",
	"S-1-16-16384": "System",
	"S-1-16-20480": "Protected",
}

// IntegrityLevel maps a 4688 MandatoryLabel SID to Low/Medium/High/System.
func IntegrityLevel(label string) string {
	return integrityLevels[strings.ToUpper(strings.TrimSpace(label))]
}

// TokenElevation maps a 4688 TokenElevationType (%%1936.. or its rendered
// text) to the DeviceProcessEvents spelling.
func TokenElevation(t string) string {
	t = strings.TrimSpace(t)
	switch {
	case t == "%%1936" || strings.Contains(t, "Default") || strings.Contains(t, "(1)"):
		return "TokenElevationTypeDefault"
	case t == "%%1937" || strings.Contains(t, "Full") || strings.Contains(t, "(2)"):
		return "TokenElevationTypeFull"
	case t == "%%1938" || strings.Contains(t, "Limited") || strings.Contains(t, "(3)"):
		return "TokenElevationTypeLimited"
	}
	return t
}

// coerce converts v to column type t where the conversion is lossless
// enough (long to int, string to number...); otherwise null of t.
func coerce(v value.Value, t value.Type) value.Value {
	if v.Type() == t || !v.Valid() {
		if !v.Valid() {
			return value.Null(t)
		}
		return v
	}
	if v.IsNull() {
		return value.Null(t)
	}
	switch t {
	case value.String:
		if v.Type() == value.Dynamic {
			return value.NewString(string(v.AppendJSON(nil)))
		}
		return value.NewString(v.Text())
	case value.Int:
		if v.Type() == value.Long {
			return value.NewInt(int32(v.Long()))
		}
		if v.Type() == value.String {
			if n, ok := ParseNumber(v.Str()); ok {
				return value.NewInt(int32(n))
			}
		}
	case value.Long:
		if v.Type() == value.Int {
			return value.NewLong(v.Long())
		}
		if v.Type() == value.String {
			if n, ok := ParseNumber(v.Str()); ok {
				return value.NewLong(n)
			}
		}
	case value.Dynamic:
		return value.ToDynamic(v)
	}
	return value.Null(t)
}
