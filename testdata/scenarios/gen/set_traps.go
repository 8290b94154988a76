package main

// trap builds a process started by alice from an interactive cmd.exe.
func trap(pid int, image, cmd, expect, note string) Proc {
	return Proc{PID: pid, Image: image, Cmd: cmd, User: "alice", PPID: 5500,
		PImage: cmdExe, PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Expect: expect, Note: note}
}

const (
	winword = `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`
	winrar  = `C:\Program Files\WinRAR\WinRAR.exe`
	rarExe  = `C:\Program Files\WinRAR\Rar.exe`
	pwshExe = `C:\Program Files\PowerShell\7\pwsh.exe`
	cscript = `C:\Windows\System32\cscript.exe`
)

// setTraps holds `has`-semantics traps (nofire although a substring
// engine would fire) and near misses (fire, often surprisingly).
var setTraps = []Scenario{
	{ID: "s4-01-ext-doc-vs-docm", Host: wks1, Start: "13:00:05", Procs: []Proc{
		trap(12001, winword, `"`+winword+`" /n "C:\Users\alice\Downloads\stats.doc" /o ""`,
			"nofire E", ".doc matches (quote after it) but WINWORD.EXE is in no branch"),
		trap(12002, cmdExe, `cmd.exe /c dir /s /b C:\Users\alice\*.docm C:\Users\alice\*.xlsm `+
			`C:\Users\alice\*.pptm`, "nofire R",
			"TRAP .docm/.xlsm/.pptm: needles .doc/.xls/.ppt end in a letter, so the next "+
				"character m breaks the term; contains-semantics would fire"),
		trap(12003, cmdExe, `cmd.exe /c dir /s /b C:\Users\*docx*`, "nofire R",
			"TRAP *docx* without the dot: .docx needs the literal dot"),
	}},
	{ID: "s4-02-dir-sub-vs-s", Host: wks1, Start: "13:02:11", Procs: []Proc{
		trap(12011, cmdExe, `cmd.exe /c dir /sub C:\Users\alice\Documents\*.docx`, "nofire E",
			"TRAP /sub: needle /s ends in a letter, u follows -> no /s term"),
		trap(12012, cmdExe, `cmd.exe /c dir /b /o:s C:\Users\alice\Documents\*.docx`,
			"nofire E", "TRAP /o:s and C:\\Users: no /s (backslash is not slash)"),
		trap(12013, cmdExe, `cmd.exe /S /C "dir C:\Users\alice\Documents\*.xlsx"`, "fire RE",
			"NEAR MISS: no recursion, but cmd's own /S switch satisfies has \"/s\""),
		trap(12014, `C:\WINDOWS\system32\CMD.EXE`, `CMD.EXE /C DIR /S /B C:\USERS\*.DOCX`,
			"fire RE", "NEAR MISS upper case: =~ and has are case-insensitive"),
	}},
	{ID: "s4-03-dir-term", Host: wks1, Start: "13:04:40", Procs: []Proc{
		trap(12021, cmdExe, `cmd.exe /c C:\Tools\dir\sync.cmd /s report.xlsx`, "fire RE",
			"NEAR MISS: dir as a path segment is a term, so the cmd branch fires"),
		trap(12022, cmdExe, `cmd.exe /c C:\Tools\dirsync.exe /s C:\Finance\*.xlsx`, "nofire RE",
			"TRAP: dirsync is one term, not dir"),
	}},
	{ID: "s4-04-gci-tab-vs-space", Host: wks1, Start: "13:06:02", Procs: []Proc{
		trap(12031, psExe, "powershell.exe -c \"gci\t-r C:\\Users\\alice -Include *.docx\"",
			"nofire E", "TRAP gci<TAB>-r: needle \"gci \" needs a literal space; -r is not "+
				"-Recurse"),
		trap(12032, psExe, `powershell.exe -c "gci -r C:\Users\alice -Include *.docx"`,
			"fire E", "NEAR MISS gci<space>: branch 1 fires, but RecursiveSearch=false "+
				"because -r is not -Recurse"),
		trap(12033, pwshExe, `pwsh.exe -NoProfile -c "GCI C:\Users -Recurse -Filter *.kdbx"`,
			"fire REC", "pwsh.exe, GCI upper case; .kdbx is a credential extension"),
		trap(12034, psExe, `powershell.exe -c "dir C:\Users -Recurse:$true *.pdf"`, "fire RE",
			"PowerShell dir alias: -Recurse followed by a colon still matches"),
	}},
	{ID: "s4-05-xcopy-switches", Host: wks2, Start: "13:10:15", Procs: []Proc{
		trap(12041, xcopy, `xcopy.exe C:\Users\alice\Documents D:\copy /sx /y`, "nofire M",
			"TRAP /sx: no /s term"),
		trap(12042, xcopy, `xcopy.exe C:\Users\alice\Documents D:\copy /S/E/Y`, "fire RM",
			"NEAR MISS /S/E/Y: the slash after S is a separator, so /S matches"),
	}},
	{ID: "s4-06-7z-modes", Host: wks2, Start: "13:12:48", Procs: []Proc{
		trap(12051, sevenZip, `"`+sevenZip+`" x C:\Users\alice\Downloads\reports.7z `+
			`-oC:\Users\alice\Documents\reports *.docx -r`, "nofire EA",
			"TRAP 7z x (extract): no \" a \" and no term a followed by a space"),
		trap(12052, sevenZip, `"`+sevenZip+`" u archive.7z *.docx`, "nofire EA",
			"false negative: 7z u (update) adds files but has no \"a \"; archive is one term"),
		trap(12053, sevenZip, `"`+sevenZip+`" e C:\Users\alice\Downloads\invoices.7z `+
			`-oC:\a *.pdf`, "fire EA",
			"NEAR MISS: extraction to C:\\a fires because \\a followed by a space matches "+
				"needle \"a \""),
		trap(12054, `C:\Tools\7za.exe`, `C:\Tools\7za.exe a -r C:\Temp\docs.7z `+
			`C:\Users\alice\Documents\*.docx`, "nofire E",
			"false negative: 7za.exe is not 7z.exe (ArchiveTool=false too)"),
	}},
	{ID: "s4-07-rar-traps", Host: wks2, Start: "13:15:30", Procs: []Proc{
		{PID: 12061, Image: `C:\Users\alice\Desktop\info.rar\jjs.exe`,
			Cmd: `"C:\Users\alice\Desktop\info.rar\jjs.exe"`, User: "alice", PPID: 4412,
			PImage: explorer, PCmd: `C:\Windows\Explorer.EXE`, GP: userinit,
			Expect: "nofire", Note: "TRAP rar in a folder name (info.rar\\jjs.exe)"},
		trap(12062, winrar, `"`+winrar+`" x -ad -ibck "C:\Users\alice\Downloads\invoices.rar" `+
			`*.pdf C:\Users\alice\Documents\`, "nofire EA",
			"TRAP WinRAR x -ad: -ad is not -a (d follows the letter a)"),
		trap(12063, cmdExe, `cmd.exe /c rar a -r C:\Users\alice\exfil.rar C:\Users\alice\*.docx`,
			"nofire E", "false negative: rar run through cmd.exe; no branch for cmd without dir"),
		{PID: 12064, Image: rarExe, Cmd: `rar  a -r C:\Users\alice\exfil.rar C:\Users\alice\*.docx`,
			User: "alice", PPID: 12063, PImage: cmdExe,
			PCmd: `cmd.exe /c rar a -r C:\Users\alice\exfil.rar C:\Users\alice\*.docx`,
			GP:   cmdExe, At: 50, Expect: "fire EA",
			Note: "the Rar.exe child of the cmd above: \" a \" and .docx -> branch 6"},
		trap(12065, rarExe, `"`+rarExe+`" a -r -hpS3cret C:\ProgramData\p.rar `+
			`C:\Users\alice\Documents\*.pdf`, "fire EA", "Rar.exe a with .pdf -> branch 6"),
	}},
	{ID: "s4-08-keyword-in-path", Host: wks1, Start: "13:18:00", Procs: []Proc{
		trap(12071, `C:\Windows\System32\desktopimgdownldr.exe`, `desktopimgdownldr.exe `+
			`/lockscreenurl:https://cdn.contoso.example/tools/7z.7z /eventName:desktopimgdownldr`,
			"nofire", "TRAP .7z in a URL"),
		trap(12072, `C:\Windows\System32\forfiles.exe`,
			`forfiles /p C:\Windows\System32 /m notepad.exe /c calc.exe`, "nofire R",
			"TRAP forfiles proxy execution (T1202): no sensitive extension"),
		trap(12073, `C:\Windows\System32\notepad.exe`, `"C:\Windows\system32\NOTEPAD.EXE" `+
			`C:\Users\alice\Documents\forfiles-howto.txt`, "fire RE",
			"NEAR MISS: the forfiles branch has no FileName test; forfiles-howto.txt has the "+
				"term forfiles and .txt"),
	}},
	{ID: "s4-09-script-hosts", Host: wks1, Start: "13:20:20", Procs: []Proc{
		trap(12081, cscript, `cscript.exe //nologo C:\ProgramData\GetFiles.vbs`, "nofire",
			"TRAP GetFiles: neither GetFile (s follows) nor Files (t precedes) is a term"),
		trap(12082, cscript, `cscript.exe //nologo C:\ProgramData\collect_Files.vbs`, "fire",
			"NEAR MISS: underscore separates terms, so Files matches"),
		trap(12083, cmdExe, `cmd.exe /c echo Set fso = CreateObject("Scripting.FileSystemObject")`+
			` >> C:\Users\Public\u.vbs`, "nofire",
			"TRAP FileSystemObject dropper written by cmd echo: no dir, no forfiles"),
	}},
	{ID: "s4-10-python-variants", Host: wks2, Start: "13:22:45", Procs: []Proc{
		trap(12091, `C:\Program Files\Python312\pythonw.exe`,
			`pythonw.exe -c "import os; [print(r) for r,_,_ in os.walk('C:/Users')]"`, "nofire R",
			"TRAP pythonw.exe is not python.exe (os.walk still sets RecursiveSearch)"),
		trap(12092, python, `python.exe -c "from os import walk; `+
			`print(sum(len(f) for _,_,f in walk('C:/Users')))"`, "nofire",
			"false negative: walk imported without the os. prefix; /Users is not /s"),
		trap(12093, python, `python.exe -c "import os; `+
			`print(os.listdir('C:/Users/alice/Documents'))"`, "fire",
			"os.listdir -> branch 8, all flags false"),
	}},
	{ID: "s4-11-credential-exts", Host: wks2, Start: "13:25:10", Procs: []Proc{
		trap(12101, psExe, `powershell.exe -c "Get-ChildItem C:\ -Recurse -Include `+
			`*.pfx,*.p12,*.pem,*.key -ErrorAction SilentlyContinue"`, "fire REC",
			"credential hunt: CredentialFiles=true"),
		trap(12102, cmdExe, `cmd.exe /c dir /s /b C:\Users\*.keystore C:\Users\*.jks`, "nofire R",
			"TRAP .keystore: needle .key needs a term end after y"),
		trap(12103, cmdExe, `cmd.exe /c dir /s /b C:\inetpub\*.pem.bak`, "fire REC",
			"NEAR MISS .pem.bak: the dot after .pem ends the term"),
	}},
	{ID: "s4-12-robocopy-switches", Host: srv1, Start: "13:28:00", Procs: []Proc{
		trap(12111, robocopy, `robocopy.exe C:\Users\alice\Documents `+
			`\\nas-01.contoso.example\home\alice *.docx /SEC /ETA /COPY:DAT /XO`, "nofire EM",
			"TRAP /SEC and /ETA: not /s or /e (letters follow)"),
		trap(12112, robocopy, `robocopy.exe C:\Users\alice\Documents `+
			`\\nas-01.contoso.example\home\alice *.docx /S`, "fire REM", "robocopy /S"),
	}},
	{ID: "s4-13-ext-edges", Host: wks1, Start: "13:30:30", Procs: []Proc{
		trap(12121, psExe, `powershell.exe -c "Get-ChildItem -Recurse -Filter *.csv.gz"`,
			"fire RE", "NEAR MISS .csv.gz: .csv is followed by a dot"),
		trap(12122, psExe, `powershell.exe -c "Get-ChildItem -Recurse -Filter *.csvx"`,
			"nofire R", "TRAP .csvx"),
		trap(12123, psExe, `powershell.exe -c "Get-ChildItem C:\Logs -Recurse -Filter *.log `+
			`| Remove-Item"`, "nofire R", "recursive but .log is not sensitive"),
	}},
}
