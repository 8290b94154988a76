package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string literal (no HTML escaping,
// so `<`, `>` and `&` stay literal, as Defender exports write them).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, c)...)
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			b = append(b, s[i:i+n]...)
			i += n
			continue
		}
		i++
	}
	return append(b, '"')
}

// writeJSONL writes rows as Defender advanced-hunting JSON lines.
func writeJSONL(w io.Writer, rows [][]cell) error {
	bw := bufio.NewWriter(w)
	var b []byte
	for _, row := range rows {
		b = append(b[:0], '{')
		for i, c := range row {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, c.Name)
			b = append(b, ": "...)
			switch c.Kind {
			case 's':
				b = appendJSONString(b, c.Str)
			case 'z':
				b = append(b, "null"...)
			default:
				b = append(b, c.Str...)
			}
		}
		b = append(b, "}\n"...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeCSV writes rows as a Defender portal CSV export (header = column
// names, RFC 4180 quoting, LF line ends, empty field for null).
func writeCSV(w io.Writer, rows [][]cell) error {
	cw := csv.NewWriter(w)
	if len(rows) == 0 {
		return nil
	}
	rec := make([]string, len(rows[0]))
	for i, c := range rows[0] {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range rows {
		for i, c := range row {
			rec[i] = c.Str
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// xmlText escapes s for XML element content or a double-quoted attribute.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// xmlContent escapes s for element content as wevtutil does (quotes kept).
var xmlContent = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// sysmonGUID invents a Sysmon process GUID for pid on host.
func sysmonGUID(host string, pid int) string {
	h := strings.ToUpper(hexOf(fmt.Sprintf("pg:%s:%d", host, pid), 32))
	return "{" + h[0:8] + "-" + h[8:12] + "-65F2-" + h[16:20] + "-" + h[20:32] + "}"
}

// writeSysmonXML writes rs as Sysmon EID 1 events inside an <Events> root,
// like `wevtutil qe Microsoft-Windows-Sysmon/Operational /f:xml /e:Events`
// (pretty-printed as in examples_synthetic/sysmon_eid1_eventviewer.xml).
func writeSysmonXML(w io.Writer, rs []resolved, firstRecord int) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n")
	for i, r := range rs {
		p := r.P
		v := version(p.Image)
		il, _ := r.integrity()
		user := strings.ToUpper(r.Acct.Domain) + `\` + r.Acct.Name
		if r.Acct.Sid == "S-1-5-18" {
			user = `NT AUTHORITY\SYSTEM`
		}
		data := [][2]string{
			{"RuleName", "-"},
			{"UtcTime", r.Created.Format("2006-01-02 15:04:05.000")},
			{"ProcessGuid", sysmonGUID(r.Host, p.PID)},
			{"ProcessId", strconv.Itoa(p.PID)},
			{"Image", p.Image},
			{"FileVersion", v.Version},
			{"Description", v.Desc},
			{"Product", v.Product},
			{"Company", v.Company},
			{"OriginalFileName", v.Original},
			{"CommandLine", p.Cmd},
			{"CurrentDirectory", `C:\Windows\system32\`},
			{"User", user},
			{"LogonGuid", sysmonGUID(r.Host, int(r.Acct.LogonID))},
			{"LogonId", "0x" + strconv.FormatInt(r.Acct.LogonID, 16)},
			{"TerminalSessionId", strconv.FormatInt(sessionOf(r.Acct), 10)},
			{"IntegrityLevel", il},
			{"Hashes", "SHA1=" + strings.ToUpper(hexOf("sha1:"+p.Image, 40)) +
				",MD5=" + strings.ToUpper(hexOf("md5:"+p.Image, 32)) +
				",SHA256=" + strings.ToUpper(hexOf("sha256:"+p.Image, 64)) +
				",IMPHASH=" + strings.ToUpper(hexOf("imp:"+p.Image, 32))},
			{"ParentProcessGuid", sysmonGUID(r.Host, p.PPID)},
			{"ParentProcessId", strconv.Itoa(p.PPID)},
			{"ParentImage", p.PImage},
			{"ParentCommandLine", p.PCmd},
			{"ParentUser", user},
		}
		fmt.Fprintf(bw, `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"/>
    <EventID>1</EventID>
    <Version>5</Version>
    <Level>4</Level>
    <Task>1</Task>
    <Opcode>0</Opcode>
    <Keywords>0x8000000000000000</Keywords>
    <TimeCreated SystemTime="%s"/>
    <EventRecordID>%d</EventRecordID>
    <Correlation/>
    <Execution ProcessID="2964" ThreadID="4120"/>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>%s</Computer>
    <Security UserID="S-1-5-18"/>
  </System>
  <EventData>
`, r.Stamp.Add(-600*1000).Format(tsLayout), firstRecord+i, xmlText.Replace(r.Host))
		for _, d := range data {
			if d[1] == "" {
				fmt.Fprintf(bw, "    <Data Name=\"%s\"/>\n", d[0])
				continue
			}
			fmt.Fprintf(bw, "    <Data Name=\"%s\">%s</Data>\n", d[0], xmlContent.Replace(d[1]))
		}
		bw.WriteString("  </EventData>\n</Event>\n")
	}
	bw.WriteString("</Events>\n")
	return bw.Flush()
}
