package main

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// dayPrefix is the invented day all rows fall on.
const dayPrefix = "2025-03-14T"

// nsPerDay is the length of that day in nanoseconds.
const nsPerDay = int64(86400e9)

// appendJSONString appends s as a JSON string literal without HTML escaping.
func appendJSONString[S ~string | ~[]byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTS appends "key":"2025-03-14THH:MM:SS.fffffffZ", for ns into the day
// (clamped to midnight: every row stays on the one invented day).
func appendTS(b []byte, key string, ns int64) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `":"`+dayPrefix...)
	if ns < 0 {
		ns = 0
	}
	ticks := ns / 100
	sec := ticks / 1e7
	frac := ticks % 1e7
	b = append2(b, sec/3600)
	b = append(b, ':')
	b = append2(b, sec/60%60)
	b = append(b, ':')
	b = append2(b, sec%60)
	b = append(b, '.')
	for d := int64(1e6); d > 0; d /= 10 {
		b = append(b, byte('0'+frac/d%10))
	}
	return append(b, `Z",`...)
}

// append2 appends v as two digits.
func append2(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// grandparent returns the parent's parent file name for an image.
func grandparent(parent string) string {
	switch strings.ToLower(base(parent)) {
	case "services.exe":
		return "wininit.exe"
	case "svchost.exe", "searchindexer.exe":
		return "services.exe"
	case "explorer.exe":
		return "userinit.exe"
	}
	return "explorer.exe"
}

// write writes n rows to w and returns the number of positive rows.
func (g *gen) write(w io.Writer, n int) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	var b, cmd []byte
	pos := 0
	step := nsPerDay / int64(max(n, 1))
	report := int64(1000)
	for i := 0; i < n; i++ {
		var ti int
		if g.r.IntN(1000) == 0 {
			ti = g.pos[g.r.IntN(len(g.pos))]
			pos++
		} else {
			ti = g.neg[g.r.IntN(len(g.neg))]
		}
		t := &templates[ti]
		h := &g.hosts[g.r.IntN(len(g.hosts))]
		u := &g.users[g.r.IntN(len(g.users))]
		if t.system {
			u = &g.sys
		}
		ts := int64(i)*step + g.r.Int64N(max(step, 1))
		created := (ts - 3_000_000 - g.r.Int64N(6_000_000)) / 1_000_000 * 1_000_000
		pcreated := created - g.r.Int64N(2*3600e9)
		pid, ppid := int64(4+g.r.IntN(30000)*4), int64(4+g.r.IntN(30000)*4)
		cmd = t.cmd(g, cmd[:0])

		b = append(b[:0], '{')
		b = appendTS(b, "Timestamp", ts)
		b = kv(b, "DeviceId", h.id)
		b = kv(b, "DeviceName", h.name)
		b = kv(b, "ActionType", "ProcessCreated")
		b = append(b, g.pre[ti]...)
		b = kn(b, "ProcessId", pid)
		b = append(b, `"ProcessCommandLine":`...)
		b = appendJSONString(b, cmd)
		b = append(b, ',')
		b = kv(b, "ProcessIntegrityLevel", u.level)
		b = kv(b, "ProcessTokenElevation", u.elev)
		b = appendTS(b, "ProcessCreationTime", created)
		b = append(b, u.acct...)
		b = append(b, u.iacct...)
		b = kv(b, "InitiatingProcessIntegrityLevel", u.level)
		b = kv(b, "InitiatingProcessTokenElevation", u.elev)
		b = append(b, g.ppre[ti]...)
		b = kn(b, "InitiatingProcessId", ppid)
		b = kv(b, "InitiatingProcessCommandLine", t.pcmd)
		b = appendTS(b, "InitiatingProcessCreationTime", pcreated)
		b = kv(b, "InitiatingProcessFolderPath", strings.ToLower(t.parent))
		b = kn(b, "InitiatingProcessParentId", int64(4+g.r.IntN(2000)*4))
		b = kv(b, "InitiatingProcessParentFileName", grandparent(t.parent))
		b = appendTS(b, "InitiatingProcessParentCreationTime", pcreated-g.r.Int64N(600e9))
		b = kv(b, "InitiatingProcessSignerType", "OsVendor")
		b = kv(b, "InitiatingProcessSignatureStatus", "Valid")
		report++
		b = kn(b, "ReportId", report)
		b = append(b, `"AppGuardContainerId":"","AdditionalFields":null,`...)
		b = kn(b, "InitiatingProcessSessionId", u.session)
		b = append(b, `"IsInitiatingProcessRemoteSession":false,`+
			`"InitiatingProcessRemoteSessionDeviceName":"","InitiatingProcessRemoteSessionIP":"",`...)
		b = kn(b, "CreatedProcessSessionId", u.session)
		b = append(b, `"IsProcessRemoteSession":false,"ProcessRemoteSessionDeviceName":"",`+
			`"ProcessRemoteSessionIP":"","InitiatingProcessUniqueId":"`...)
		b = strconv.AppendInt(b, 5348024557000000+g.r.Int64N(1e9), 10)
		b = append(b, `","ProcessUniqueId":"`...)
		b = strconv.AppendInt(b, 5348024558000000+g.r.Int64N(1e9), 10)
		b = append(b, "\"}\n"...)
		if _, err := bw.Write(b); err != nil {
			return pos, err
		}
	}
	return pos, bw.Flush()
}
