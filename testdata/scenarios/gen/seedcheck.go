package main

import "strings"

// This file is a self-check only. Every expected outcome in the scenario
// tables is written by hand (see the Expect field); the generator re-derives
// it with an independent model of the seed query and refuses to write files
// when the two disagree. The model follows shared/kql/SEMANTICS.md §1.3
// ("model H"): a needle matches as a literal, case-insensitive substring
// whose edges must fall on term boundaries wherever the needle itself
// starts or ends with a letter or digit.

// sensitiveExt is the seed's SensitiveExtensions list.
var sensitiveExt = []string{
	".doc", ".docx", ".xls", ".xlsx", ".pdf", ".ppt", ".pptx",
	".mdb", ".accdb", ".csv", ".pst", ".ost", ".kdbx", ".pfx",
	".pem", ".p12", ".key", ".rtf", ".txt",
}

// isTerm reports whether c is a term character (ASCII letter or digit; the
// scenario data is ASCII apart from the ® in version strings).
func isTerm(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// has implements KQL `has` with model H.
func has(l, r string) bool {
	ll, rl := strings.ToLower(l), strings.ToLower(r)
	for i := 0; i+len(rl) <= len(ll); i++ {
		if ll[i:i+len(rl)] != rl {
			continue
		}
		j := i + len(rl)
		leftOK := i == 0 || !isTerm(ll[i-1]) || !isTerm(rl[0])
		rightOK := j == len(ll) || !isTerm(ll[j]) || !isTerm(rl[len(rl)-1])
		if leftOK && rightOK {
			return true
		}
	}
	return false
}

// hasAny implements `has_any`.
func hasAny(l string, rs ...string) bool {
	for _, r := range rs {
		if has(l, r) {
			return true
		}
	}
	return false
}

// inCI implements `in~`.
func inCI(v string, set ...string) bool {
	for _, s := range set {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// seedOutcome evaluates the seed query's where clause and its five
// AutoColl_* extends for one process (file name and command line).
func seedOutcome(fileName, cl string) (fire bool, flags [5]bool) {
	ext := hasAny(cl, sensitiveExt...)
	fire = inCI(fileName, "powershell.exe", "pwsh.exe") &&
		hasAny(cl, "-Recurse", "Get-ChildItem", "GCI ", "gci ") && ext ||
		strings.EqualFold(fileName, "cmd.exe") && has(cl, "dir") && has(cl, "/s") && ext ||
		has(cl, "forfiles") && ext ||
		strings.EqualFold(fileName, "robocopy.exe") &&
			hasAny(cl, "/s", "/e", "/S", "/E", "/MIR", "/mir") ||
		strings.EqualFold(fileName, "xcopy.exe") && hasAny(cl, "/s", "/S") ||
		inCI(fileName, "rar.exe", "winrar.exe") && hasAny(cl, " a ", "-a", "/a") && ext ||
		strings.EqualFold(fileName, "7z.exe") && hasAny(cl, " a ", "a ") && ext ||
		inCI(fileName, "python.exe", "python3.exe") &&
			hasAny(cl, "os.walk", "glob.glob", "shutil.copy", "os.listdir", "scandir") ||
		inCI(fileName, "wscript.exe", "cscript.exe") &&
			hasAny(cl, "GetFolder", "GetFile", "CopyFile", "MoveFile", "Files")
	flags[0] = hasAny(cl, "-Recurse", "/s", "/S", "os.walk", "forfiles", "Get-ChildItem")
	flags[1] = ext
	flags[2] = inCI(fileName, "rar.exe", "winrar.exe", "7z.exe")
	flags[3] = inCI(fileName, "robocopy.exe", "xcopy.exe")
	flags[4] = hasAny(cl, ".pfx", ".pem", ".p12", ".key", ".kdbx")
	return fire, flags
}
