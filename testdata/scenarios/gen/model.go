package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Proc is one invented process creation. Every string is invented for
// kqlhunt's tests; host and user names use the contoso.example domain.
type Proc struct {
	PID    int    // ProcessId, unique within a scenario
	Image  string // full image path (FolderPath / Sysmon Image)
	Cmd    string // ProcessCommandLine / Sysmon CommandLine
	User   string // short account name, see accounts
	PPID   int    // parent ProcessId
	PImage string // parent image path
	PCmd   string // parent command line
	GP     string // grandparent image path (InitiatingProcessParentFileName)
	At     int    // milliseconds after the scenario start
	High   bool   // elevated token (High integrity)
	// Expect is the hand-derived outcome of the seed query: "fire" or
	// "nofire", then the AutoColl flags that are true, as letters:
	// R=RecursiveSearch E=SensitiveExt A=ArchiveTool M=MassCopy
	// C=CredentialFiles. Example: "fire RE", "nofire E", "nofire".
	Expect string
	Note   string // why; copied to the manifest
}

// Scenario is a set of related processes written to one file per format.
type Scenario struct {
	ID    string // file stem, e.g. "s1-01-ps-recursive-stage"
	Host  string // DeviceName
	Start string // "HH:MM:SS" UTC on 2025-03-14
	Procs []Proc
}

// day is the single invented day every scenario happens on.
var day = time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)

// account describes an invented user.
type account struct {
	Domain, Name, Sid, Upn, ObjectID string
	LogonID                          int64
}

// accounts maps the short names used in Proc.User to invented accounts.
var accounts = map[string]account{}

func init() {
	rid := map[string]int{"alice": 1104, "bob": 1105, "dave": 1106,
		"adm-carol": 1302, "svc-backup": 1201, "svc-scan": 1202}
	for n, r := range rid {
		accounts[n] = account{
			Domain:   "contoso",
			Name:     n,
			Sid:      fmt.Sprintf("S-1-5-21-1004336348-1177238915-682003330-%d", r),
			Upn:      n + "@contoso.example",
			ObjectID: guid("obj:" + n),
			LogonID:  int64(0x3c0000 + r*97),
		}
	}
	accounts["SYSTEM"] = account{Domain: "nt authority", Name: "system",
		Sid: "S-1-5-18", LogonID: 999}
}

// hexOf derives n deterministic hex digits from s (invented hashes/ids).
func hexOf(s string, n int) string {
	var out []byte
	for i := 0; len(out) < n; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d:%s", i, s)))
		out = append(out, hex.EncodeToString(sum[:])...)
	}
	return string(out[:n])
}

// guid derives a deterministic GUID-shaped string from s.
func guid(s string) string {
	h := hexOf(s, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

// base returns the file name of a Windows path.
func base(p string) string {
	return p[strings.LastIndexAny(p, `\/`)+1:]
}

// verInfo is the PE version resource of an image.
type verInfo struct {
	Company, Product, Version, Internal, Original, Desc string
	Size                                                int64
}

const msProduct = "Microsoft® Windows® Operating System"

// versions holds version info for the images used; others get a fallback.
var versions = map[string]verInfo{
	"powershell.exe": {"Microsoft Corporation", msProduct, "10.0.19041.3636",
		"POWERSHELL", "PowerShell.EXE", "Windows PowerShell", 450560},
	"pwsh.exe": {"Microsoft Corporation", "PowerShell", "7.4.1.500",
		"pwsh.dll", "pwsh.dll", "pwsh", 288184},
	"cmd.exe": {"Microsoft Corporation", msProduct, "10.0.19041.3636",
		"cmd", "Cmd.Exe", "Windows Command Processor", 289792},
	"findstr.exe": {"Microsoft Corporation", msProduct, "10.0.19041.1",
		"findstr.exe", "FINDSTR.EXE", "Find String (QGREP) Utility", 36352},
	"forfiles.exe": {"Microsoft Corporation", msProduct, "10.0.19041.1",
		"forfiles.exe", "forfiles.exe", "ForFiles - Executes a command on selected files",
		48640},
	"robocopy.exe": {"Microsoft Corporation", msProduct, "10.0.19041.3636",
		"ROBOCOPY.EXE", "ROBOCOPY.EXE", "Microsoft Robocopy", 139264},
	"xcopy.exe": {"Microsoft Corporation", msProduct, "10.0.19041.1",
		"XCOPY.EXE", "XCOPY.EXE", "Extended Copy Utility", 45568},
	"7z.exe": {"Igor Pavlov", "7-Zip", "23.01", "7z", "7z.exe", "7-Zip Console", 545280},
	"7za.exe": {"Igor Pavlov", "7-Zip", "23.01", "7za", "7za.exe",
		"7-Zip Standalone Console", 1231360},
	"rar.exe": {"Alexander Roshal", "Command line RAR", "7.0.0", "Rar", "Rar.exe",
		"Command line RAR", 764424},
	"winrar.exe": {"Alexander Roshal", "WinRAR", "7.0.0", "WinRAR", "WinRAR.exe",
		"WinRAR archiver", 3100672},
	"python.exe": {"Python Software Foundation", "Python", "3.12.2", "Python Console",
		"python.exe", "Python", 103192},
	"pythonw.exe": {"Python Software Foundation", "Python", "3.12.2", "Python Application",
		"pythonw.exe", "Python", 101656},
	"winword.exe": {"Microsoft Corporation", "Microsoft Office", "16.0.17328.20162",
		"WinWord", "WinWord.exe", "Microsoft Word", 1637728},
	"cscript.exe": {"Microsoft Corporation", msProduct, "5.812.10240.16384",
		"cscript.exe", "cscript.exe", "Microsoft ® Console Based Script Host", 161792},
	"wscript.exe": {"Microsoft Corporation", msProduct, "5.812.10240.16384",
		"wscript.exe", "wscript.exe", "Microsoft ® Windows Based Script Host", 166912},
	"explorer.exe": {"Microsoft Corporation", msProduct, "10.0.19041.3636",
		"explorer", "EXPLORER.EXE", "Windows Explorer", 4869240},
	"svchost.exe": {"Microsoft Corporation", msProduct, "10.0.19041.3636",
		"svchost.exe", "svchost.exe", "Host Process for Windows Services", 55320},
}

// version returns version info for an image path, inventing a plausible
// fallback for third-party or unlisted images.
func version(path string) verInfo {
	b := base(path)
	if v, ok := versions[strings.ToLower(b)]; ok {
		return v
	}
	v := verInfo{Version: "10.0.19041.1", Internal: strings.TrimSuffix(b, ".exe"),
		Original: b, Desc: b, Size: 20480 + int64(len(path))*1024}
	if strings.Contains(strings.ToLower(path), `\windows\`) {
		v.Company, v.Product = "Microsoft Corporation", msProduct
	}
	return v
}
