package main

import (
	"strconv"
	"strings"
	"time"
)

// cell is one column value of a DeviceProcessEvents row.
type cell struct {
	Name string
	Kind byte // 's' string, 'n' number, 'b' bool, 'z' null
	Str  string
}

// tsLayout is Defender's timestamp rendering (7 fractional digits, Z).
const tsLayout = "2006-01-02T15:04:05.0000000Z"

// resolved is a Proc with everything derived that the writers need.
type resolved struct {
	P        Proc
	Host     string
	Created  time.Time // process creation (millisecond precision)
	Stamp    time.Time // Defender Timestamp (a few ms later, 100 ns precision)
	PCreated time.Time // parent creation
	GPID     int       // grandparent pid
	Acct     account
}

// resolve derives times and parent details for every process of s.
func resolve(s Scenario) []resolved {
	start, err := time.Parse("15:04:05", s.Start)
	if err != nil {
		panic(s.ID + ": bad Start: " + err.Error())
	}
	t0 := day.Add(time.Duration(start.Hour())*time.Hour +
		time.Duration(start.Minute())*time.Minute + time.Duration(start.Second())*time.Second)
	byPID := map[int]resolved{}
	var out []resolved
	for i, p := range s.Procs {
		acct, ok := accounts[p.User]
		if !ok {
			panic(s.ID + ": unknown user " + p.User)
		}
		r := resolved{P: p, Host: s.Host, Acct: acct}
		r.Created = t0.Add(time.Duration(p.At)*time.Millisecond +
			time.Duration(137+i*211)*time.Millisecond)
		r.Stamp = r.Created.Add(time.Duration(4_000_000 + (p.PID*7919)%999_999))
		if par, ok := byPID[p.PPID]; ok {
			r.PCreated, r.GPID = par.Created, par.P.PPID
		} else {
			r.PCreated = r.Created.Add(-time.Duration(1200+p.PPID%5000) * time.Millisecond)
			r.GPID = 600 + (p.PPID*31)%3000
		}
		byPID[p.PID] = r
		out = append(out, r)
	}
	return out
}

// integrity returns the integrity level and token elevation of r.
func (r resolved) integrity() (string, string) {
	switch {
	case r.Acct.Sid == "S-1-5-18":
		return "System", "TokenElevationTypeDefault"
	case r.P.High:
		return "High", "TokenElevationTypeFull"
	}
	return "Medium", "TokenElevationTypeLimited"
}

// row renders r as the 68 Defender DeviceProcessEvents columns, in the order
// of shared/datasets/examples_synthetic/mde_advanced_hunting_rows.jsonl.
func (r resolved) row(reportID int) []cell {
	p, a := r.P, r.Acct
	v, pv := version(p.Image), version(p.PImage)
	il, te := r.integrity()
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	s := func(name, v string) cell { return cell{name, 's', v} }
	n := func(name string, v int64) cell { return cell{name, 'n', num(v)} }
	b := func(name string) cell { return cell{name, 'b', "false"} }
	ts := func(name string, t time.Time) cell { return s(name, t.Format(tsLayout)) }
	pseed := r.Host + p.PImage
	gp := p.GP
	if gp == "" {
		gp = `C:\Windows\explorer.exe`
	}
	signer := "ThirdParty"
	if strings.HasPrefix(strings.ToLower(p.PImage), `c:\windows\`) {
		signer = "OsVendor"
	}
	return []cell{
		ts("Timestamp", r.Stamp),
		s("DeviceId", hexOf("dev:"+r.Host, 40)),
		s("DeviceName", r.Host),
		s("ActionType", "ProcessCreated"),
		s("FileName", base(p.Image)),
		s("FolderPath", p.Image),
		s("SHA1", hexOf("sha1:"+p.Image, 40)),
		s("SHA256", hexOf("sha256:"+p.Image, 64)),
		s("MD5", hexOf("md5:"+p.Image, 32)),
		n("FileSize", v.Size),
		s("ProcessVersionInfoCompanyName", v.Company),
		s("ProcessVersionInfoProductName", v.Product),
		s("ProcessVersionInfoProductVersion", v.Version),
		s("ProcessVersionInfoInternalFileName", v.Internal),
		s("ProcessVersionInfoOriginalFileName", v.Original),
		s("ProcessVersionInfoFileDescription", v.Desc),
		n("ProcessId", int64(p.PID)),
		s("ProcessCommandLine", p.Cmd),
		s("ProcessIntegrityLevel", il),
		s("ProcessTokenElevation", te),
		ts("ProcessCreationTime", r.Created),
		s("AccountDomain", a.Domain),
		s("AccountName", a.Name),
		s("AccountSid", a.Sid),
		s("AccountUpn", a.Upn),
		s("AccountObjectId", a.ObjectID),
		n("LogonId", a.LogonID),
		s("InitiatingProcessAccountDomain", a.Domain),
		s("InitiatingProcessAccountName", a.Name),
		s("InitiatingProcessAccountSid", a.Sid),
		s("InitiatingProcessAccountUpn", a.Upn),
		s("InitiatingProcessAccountObjectId", a.ObjectID),
		n("InitiatingProcessLogonId", a.LogonID),
		s("InitiatingProcessIntegrityLevel", il),
		s("InitiatingProcessTokenElevation", te),
		s("InitiatingProcessSHA1", hexOf("sha1:"+p.PImage, 40)),
		s("InitiatingProcessSHA256", hexOf("sha256:"+p.PImage, 64)),
		s("InitiatingProcessMD5", hexOf("md5:"+p.PImage, 32)),
		s("InitiatingProcessFileName", base(p.PImage)),
		n("InitiatingProcessFileSize", pv.Size),
		s("InitiatingProcessVersionInfoCompanyName", pv.Company),
		s("InitiatingProcessVersionInfoProductName", pv.Product),
		s("InitiatingProcessVersionInfoProductVersion", pv.Version),
		s("InitiatingProcessVersionInfoInternalFileName", pv.Internal),
		s("InitiatingProcessVersionInfoOriginalFileName", pv.Original),
		s("InitiatingProcessVersionInfoFileDescription", pv.Desc),
		n("InitiatingProcessId", int64(p.PPID)),
		s("InitiatingProcessCommandLine", p.PCmd),
		ts("InitiatingProcessCreationTime", r.PCreated),
		s("InitiatingProcessFolderPath", strings.ToLower(p.PImage)),
		n("InitiatingProcessParentId", int64(r.GPID)),
		s("InitiatingProcessParentFileName", base(gp)),
		ts("InitiatingProcessParentCreationTime", day.Add(7*time.Hour+58*time.Minute+
			time.Duration(r.GPID)*time.Millisecond)),
		s("InitiatingProcessSignerType", signer),
		s("InitiatingProcessSignatureStatus", "Valid"),
		n("ReportId", int64(reportID)),
		s("AppGuardContainerId", ""),
		{"AdditionalFields", 'z', ""},
		n("InitiatingProcessSessionId", sessionOf(a)),
		b("IsInitiatingProcessRemoteSession"),
		s("InitiatingProcessRemoteSessionDeviceName", ""),
		s("InitiatingProcessRemoteSessionIP", ""),
		n("CreatedProcessSessionId", sessionOf(a)),
		b("IsProcessRemoteSession"),
		s("ProcessRemoteSessionDeviceName", ""),
		s("ProcessRemoteSessionIP", ""),
		s("InitiatingProcessUniqueId", uniqueID(pseed, p.PPID)),
		s("ProcessUniqueId", uniqueID(r.Host+p.Image, p.PID)),
	}
}

// sessionOf is 0 for SYSTEM and 1 for interactive users.
func sessionOf(a account) int64 {
	if a.Sid == "S-1-5-18" {
		return 0
	}
	return 1
}

// uniqueID invents a Defender process unique id (a large decimal).
func uniqueID(seed string, pid int) string {
	h := hexOf(seed, 8)
	n, _ := strconv.ParseUint(h, 16, 64)
	return strconv.FormatUint(5348024557000000+n%400000+uint64(pid), 10)
}
