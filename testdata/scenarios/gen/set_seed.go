package main

// Image paths used by several tables.
const (
	psExe    = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	cmdExe   = `C:\Windows\System32\cmd.exe`
	explorer = `C:\Windows\explorer.exe`
	sevenZip = `C:\Program Files\7-Zip\7z.exe`
	robocopy = `C:\Windows\System32\Robocopy.exe`
	xcopy    = `C:\Windows\System32\xcopy.exe`
	python   = `C:\Program Files\Python312\python.exe`
	svchost  = `C:\Windows\System32\svchost.exe`
	userinit = `C:\Windows\System32\userinit.exe`
	wks1     = "wks-0420.contoso.example"
	wks2     = "wks-0733.contoso.example"
	srv1     = "fs-01.contoso.example"
)

// setSeed holds the seed rule's own four "Testing Methodology" tests, with
// command lines built from each test's "Expected signal" text. All fire.
var setSeed = []Scenario{
	{ID: "s1-01-ps-recursive-stage", Host: wks1, Start: "09:02:10", Procs: []Proc{{
		PID: 7344, Image: psExe, User: "alice", PPID: 6120, PImage: cmdExe,
		PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Cmd: `powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "New-Item -ItemType ` +
			`Directory -Force -Path $env:TEMP\df00tech-stage | Out-Null; Get-ChildItem -Path ` +
			`$env:USERPROFILE -Recurse -Include *.docx,*.xlsx,*.pdf -ErrorAction ` +
			`SilentlyContinue | Copy-Item -Destination $env:TEMP\df00tech-stage -Force"`,
		Expect: "fire RE",
		Note: "seed test 1: powershell.exe with Get-ChildItem and -Recurse (branch 1) and " +
			".docx/.xlsx/.pdf; -Recurse and Get-ChildItem set RecursiveSearch",
	}}},
	{ID: "s1-02-cmd-dir-filelist", Host: wks1, Start: "09:05:41", Procs: []Proc{{
		PID: 5012, Image: cmdExe, User: "alice", PPID: 6120, PImage: cmdExe,
		PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Cmd: `cmd.exe /c "dir /s /b %USERPROFILE%\*.docx %USERPROFILE%\*.xlsx ` +
			`%USERPROFILE%\*.pdf > %TEMP%\df00tech-filelist.txt"`,
		Expect: "fire RE",
		Note: "seed test 2: cmd.exe with terms dir and /s (branch 2) and .docx/.xlsx/.pdf; " +
			"the .txt output file also counts as a sensitive extension",
	}}},
	{ID: "s1-03-forfiles-enum", Host: wks1, Start: "09:09:03", Procs: []Proc{
		{PID: 8420, Image: cmdExe, User: "alice", PPID: 6120, PImage: cmdExe,
			PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
			Cmd: `cmd.exe /c forfiles /P "%USERPROFILE%" /S /M *.docx /C "cmd /c echo @PATH" ` +
				`> %TEMP%\df00tech-forfiles.txt`,
			Expect: "fire RE",
			Note: "seed test 3, the shell running forfiles: the forfiles branch has no " +
				"FileName condition, so the cmd.exe parent fires too (forfiles + .docx)"},
		{PID: 8436, Image: `C:\Windows\System32\forfiles.exe`, User: "alice", PPID: 8420,
			PImage: cmdExe, At: 40,
			PCmd: `cmd.exe /c forfiles /P "%USERPROFILE%" /S /M *.docx /C "cmd /c echo @PATH" ` +
				`> %TEMP%\df00tech-forfiles.txt`, GP: cmdExe,
			Cmd:    `forfiles  /P "C:\Users\alice" /S /M *.docx /C "cmd /c echo @PATH"`,
			Expect: "fire RE",
			Note: "seed test 3: forfiles.exe with /S and .docx (branch 3); cmd strips the " +
				"redirection from the child's command line"},
		{PID: 8452, Image: cmdExe, User: "alice", PPID: 8436, At: 120,
			PImage: `C:\Windows\System32\forfiles.exe`, GP: cmdExe,
			PCmd:   `forfiles  /P "C:\Users\alice" /S /M *.docx /C "cmd /c echo @PATH"`,
			Cmd:    `cmd /c echo "C:\Users\alice\Documents\Q1 budget review.docx"`,
			Expect: "nofire E",
			Note: "seed test 3 child (one per matching file, @PATH expanded): cmd.exe without " +
				"the terms dir or forfiles matches no branch although .docx is present"},
		{PID: 8468, Image: cmdExe, User: "alice", PPID: 8436, At: 190,
			PImage: `C:\Windows\System32\forfiles.exe`, GP: cmdExe,
			PCmd:   `forfiles  /P "C:\Users\alice" /S /M *.docx /C "cmd /c echo @PATH"`,
			Cmd:    `cmd /c echo "C:\Users\alice\Documents\Contracts\NDA-fabrikam.docx"`,
			Expect: "nofire E",
			Note:   "seed test 3 second child: same as the first child"},
	}},
	{ID: "s1-04-7z-archive-stage", Host: wks1, Start: "09:12:27", Procs: []Proc{{
		PID: 9104, Image: sevenZip, User: "alice", PPID: 6120, PImage: cmdExe,
		PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Cmd: `"C:\Program Files\7-Zip\7z.exe" a -t7z -r -pDf00tech!2025 ` +
			`%TEMP%\df00tech-archive.7z %USERPROFILE%\Documents\*.docx ` +
			`%USERPROFILE%\Documents\*.xlsx %USERPROFILE%\Documents\*.pdf`,
		Expect: "fire EA",
		Note: "seed test 4: 7z.exe with \" a \" (branch 7) and .docx/.xlsx/.pdf; 7z's -r " +
			"is not one of the RecursiveSearch needles so RecursiveSearch=false",
	}}},
}
