package main

// Invoke-AtomicTest launches: command_prompt tests as one `cmd.exe /c` with
// the lines joined by " & ", PowerShell tests as `powershell.exe & {...}`
// with the script's newlines kept (shared/datasets/TELEMETRY.md §5).
const (
	art1 = `cmd.exe /c mkdir %temp%\T1119_command_prompt_collection >nul 2>&1 & ` +
		`dir c: /b /s .docx | findstr /e .docx & ` +
		`for /R c:\ %f in (*.docx) do copy /Y %f %temp%\T1119_command_prompt_collection`
	art2 = "powershell.exe & {New-Item -Path $env:TEMP\\T1119_powershell_collection " +
		"-ItemType Directory -Force | Out-Null\n" +
		"Get-ChildItem -Recurse -Include *.doc | % {Copy-Item $_.FullName -destination " +
		"$env:TEMP\\T1119_powershell_collection}}"
	art3 = "powershell.exe & {Get-Service > $env:TEMP\\T1119_1.txt\n" +
		"Get-ChildItem Env: > $env:TEMP\\T1119_2.txt\n" +
		"Get-Process > $env:TEMP\\T1119_3.txt}"
	art4 = `cmd.exe /c sc query type=service > %TEMP%\T1119_1.txt & ` +
		`doskey /history > %TEMP%\T1119_2.txt & ` +
		`wmic process list > %TEMP%\T1119_3.txt & ` +
		`tree C:\AtomicRedTeam\atomics > %TEMP%\T1119_4.txt`
	// artHost is the PowerShell session that runs Invoke-AtomicTest.
	artHost = `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" ` +
		`-NoExit -Command Import-Module C:\AtomicRedTeam\invoke-atomicredteam\` +
		`Invoke-AtomicRedTeam.psd1`
)

// setAtomic holds Atomic Red Team's four T1119 tests
// (shared/datasets/atomic-red-team/T1119.yaml) with their child processes.
var setAtomic = []Scenario{
	{ID: "s2-01-art-cmd-collection", Host: wks2, Start: "10:01:05", Procs: []Proc{
		{PID: 4810, Image: cmdExe, Cmd: art1, User: "bob", High: true, PPID: 3312,
			PImage: psExe, PCmd: artHost, GP: explorer, Expect: "fire RE",
			Note: "ART T1119 #1 parent: cmd.exe, term dir (mkdir is a different term but " +
				"dir also stands alone), /s and .docx -> branch 2"},
		{PID: 4826, Image: cmdExe, User: "bob", High: true, PPID: 4810, PImage: cmdExe,
			PCmd: art1, GP: psExe, At: 30,
			Cmd:    `cmd.exe /S /D /c" dir c: /b /s .docx "`,
			Expect: "fire RE",
			Note: "ART #1 pipe child for the dir builtin: cmd.exe with dir, /s (and /S) and " +
				".docx -> branch 2"},
		{PID: 4834, Image: `C:\Windows\System32\findstr.exe`, User: "bob", High: true,
			PPID: 4810, PImage: cmdExe, PCmd: art1, GP: psExe, At: 32,
			Cmd:    `findstr.exe /e .docx`,
			Expect: "nofire E",
			Note:   "ART #1 pipe child findstr.exe: .docx but no branch looks at findstr"},
	}},
	{ID: "s2-02-art-ps-collection", Host: wks2, Start: "10:03:44", Procs: []Proc{{
		PID: 5230, Image: psExe, Cmd: art2, User: "bob", High: true, PPID: 3312,
		PImage: psExe, PCmd: artHost, GP: explorer, Expect: "fire RE",
		Note: "ART T1119 #2: multi-line command line; Get-ChildItem/-Recurse and *.doc " +
			"followed by a space -> branch 1",
	}}},
	{ID: "s2-03-art-ps-recon", Host: wks2, Start: "10:05:12", Procs: []Proc{{
		PID: 5577, Image: psExe, Cmd: art3, User: "bob", High: true, PPID: 3312,
		PImage: psExe, PCmd: artHost, GP: explorer, Expect: "fire RE",
		Note: "ART T1119 #3: FALSE POSITIVE of the seed logic: Get-ChildItem Env: (no " +
			"recursion, no documents) plus the .txt output files satisfy branch 1",
	}}},
	{ID: "s2-04-art-cmd-recon", Host: wks2, Start: "10:07:30", Procs: []Proc{
		{PID: 6004, Image: cmdExe, Cmd: art4, User: "bob", High: true, PPID: 3312,
			PImage: psExe, PCmd: artHost, GP: explorer, Expect: "nofire E",
			Note: "ART T1119 #4 parent: cmd.exe with .txt but no term dir and no /s; " +
				"/history and /c are not /s"},
		{PID: 6020, Image: `C:\Windows\System32\sc.exe`, Cmd: `sc  query type=service`,
			User: "bob", High: true, PPID: 6004, PImage: cmdExe, PCmd: art4, GP: psExe,
			At: 20, Expect: "nofire", Note: "ART #4 child sc.exe (redirection stays in cmd)"},
		{PID: 6036, Image: `C:\Windows\System32\doskey.exe`, Cmd: `doskey  /history`,
			User: "bob", High: true, PPID: 6004, PImage: cmdExe, PCmd: art4, GP: psExe,
			At: 60, Expect: "nofire", Note: "ART #4 child doskey.exe"},
		{PID: 6052, Image: `C:\Windows\System32\wbem\WMIC.exe`, Cmd: `wmic  process list`,
			User: "bob", High: true, PPID: 6004, PImage: cmdExe, PCmd: art4, GP: psExe,
			At: 95, Expect: "nofire", Note: "ART #4 child WMIC.exe"},
		{PID: 6088, Image: `C:\Windows\System32\tree.com`,
			Cmd: `tree  C:\AtomicRedTeam\atomics`, User: "bob", High: true, PPID: 6004,
			PImage: cmdExe, PCmd: art4, GP: psExe, At: 900, Expect: "nofire",
			Note: "ART #4 child tree.com (FileName tree.com)"},
	}},
}
