package main

// ev builds one demo process; the parent's pid, image and command line are
// given explicitly because the demo is a process tree across a whole day.
func ev(pid, at int, user, image, cmd string, ppid int, pimage, pcmd, expect string) Proc {
	return Proc{PID: pid, At: at, User: user, Image: image, Cmd: cmd, PPID: ppid,
		PImage: pimage, PCmd: pcmd, GP: userinit, Expect: expect}
}

const (
	explorerCmd = `C:\Windows\Explorer.EXE`
	chrome      = `C:\Program Files\Google\Chrome\Application\chrome.exe`
	gitExe      = `C:\Program Files\Git\cmd\git.exe`
	excel       = `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`
	notepad     = `C:\Windows\System32\notepad.exe`
	onedrive    = `C:\Users\alice\AppData\Local\Microsoft\OneDrive\OneDrive.exe`
	taskhostw   = `C:\Windows\System32\taskhostw.exe`
	conhost     = `C:\Windows\System32\conhost.exe`
	implant     = `C:\Users\alice\AppData\Local\Temp\upd\svcupd.exe`
	cmdI        = `"C:\Windows\system32\cmd.exe"`
	svcNet      = `C:\Windows\system32\svchost.exe -k netsvcs -p`
	implantCmd  = `C:\Users\alice\AppData\Local\Temp\upd\svcupd.exe -k 4431`
	stage       = `C:\ProgramData\Microsoft\Diagnosis\cache`
)

// demo is one invented day on two workstations: benign noise, keyword traps
// and an intrusion on wks-0420 in the afternoon (see examples/README.md).
var demo = []Scenario{
	{ID: "demo-wks-0420-morning", Host: wks1, Start: "07:58:12", Procs: []Proc{
		ev(4412, 0, "alice", explorer, explorerCmd, 3920, userinit, userinit, "nofire"),
		ev(5120, 9000, "alice", onedrive, `"`+onedrive+`" /background`, 4412, explorer,
			explorerCmd, "nofire"),
		ev(5388, 65000, "alice", chrome, `"`+chrome+`"`, 4412, explorer, explorerCmd, "nofire"),
		ev(5402, 66000, "alice", chrome, `"`+chrome+`" --type=renderer --lang=en-US `+
			`--renderer-client-id=7 --field-trial-handle=1900,i,1544`, 5388, chrome, `"`+chrome+`"`,
			"nofire"),
		ev(6120, 1800000, "alice", cmdExe, cmdI, 4412, explorer, explorerCmd, "nofire"),
		ev(6131, 1800100, "alice", conhost, `\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`,
			6120, cmdExe, cmdI, "nofire"),
		ev(6170, 1830000, "alice", gitExe, `git pull --rebase origin main`, 6120, cmdExe, cmdI,
			"nofire"),
		ev(6204, 3600000, "alice", winword, `"`+winword+`" /n "C:\Users\alice\Documents\`+
			`report.docx" /o ""`, 4412, explorer, explorerCmd, "nofire E"),
		ev(6230, 5400000, "alice", excel, `"`+excel+`" "C:\Users\alice\Documents\Q1 forecast.xlsx"`,
			4412, explorer, explorerCmd, "nofire E"),
		ev(6311, 6000000, "alice", notepad, `"C:\Windows\system32\NOTEPAD.EXE" `+
			`C:\Users\alice\Desktop\todo.txt`, 4412, explorer, explorerCmd, "nofire E"),
		ev(6402, 7200000, "alice", cmdExe, `cmd.exe /c dir /b C:\Users\alice\Documents\*.docx`,
			6120, cmdExe, cmdI, "nofire E"),
		ev(6355, 6600000, "alice", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
			`powershell.exe -NoProfile -Command "Get-ChildItem C:\Users\alice\Downloads -File `+
				`| Sort-Object LastWriteTime | Select-Object -Last 5"`, 6120, cmdExe, cmdI, "nofire R"),
		ev(6377, 6900000, "alice", robocopy, `robocopy.exe C:\Users\alice\Pictures `+
			`D:\Photos *.jpg /XO`, 6120, cmdExe, cmdI, "nofire M"),
		{PID: 6530, At: 8100000, User: "SYSTEM", Image: taskhostw, Cmd: `taskhostw.exe -RegisterDevice`,
			PPID: 1372, PImage: svchost, PCmd: svcNet, GP: `C:\Windows\System32\services.exe`,
			Expect: "nofire"},
	}},
	{ID: "demo-wks-0420-intrusion", Host: wks1, Start: "14:21:40", Procs: []Proc{
		ev(7001, 0, "alice", implant, implantCmd, 5388, chrome, `"`+chrome+`"`, "nofire"),
		ev(7020, 30000, "alice", cmdExe, cmdI, 7001, implant, implantCmd, "nofire"),
		ev(7031, 41000, "alice", `C:\Windows\System32\whoami.exe`, `whoami  /all`, 7020, cmdExe,
			cmdI, "nofire"),
		ev(7044, 62000, "alice", psExe, `powershell.exe -nop -w hidden -c "Get-ChildItem `+
			`C:\Users\alice -Recurse -Include *.docx,*.pdf -EA 0 | Copy-Item -Destination `+
			stage+`"`, 7020, cmdExe, cmdI, "fire RE"),
		ev(7063, 95000, "alice", cmdExe, `cmd.exe /c dir /s /b \\fs-01.contoso.example\finance\`+
			`*.xlsx > `+stage+`\f.lst`, 7020, cmdExe, cmdI, "fire RE"),
		ev(7080, 130000, "alice", sevenZip, `"`+sevenZip+`" a -r -pInf0rm@t1on `+stage+`\d.7z `+
			stage+`\*.docx `+stage+`\*.pdf `+stage+`\*.xlsx`, 7020, cmdExe, cmdI, "fire EA"),
		ev(7102, 170000, "alice", robocopy, `robocopy.exe `+stage+` \\wks-0733.contoso.example\`+
			`C$\ProgramData\cache /MIR /R:0 /W:0 /NFL /NDL`, 7020, cmdExe, cmdI, "fire M"),
		ev(7125, 240000, "alice", cmdExe, `cmd.exe /c del /q /s `+stage+`\*`, 7020, cmdExe, cmdI,
			"nofire R"),
	}},
	{ID: "demo-wks-0733-day", Host: wks2, Start: "08:05:33", Procs: []Proc{
		ev(3310, 0, "bob", explorer, explorerCmd, 3100, userinit, userinit, "nofire"),
		ev(3312, 20000, "bob", psExe, psExe, 3310, explorer, explorerCmd, "nofire"),
		ev(3360, 60000, "bob", cmdExe, cmdI, 3310, explorer, explorerCmd, "nofire"),
		ev(3402, 900000, "bob", msbuild, `"`+msbuild+`" Contoso.Billing.sln /m /p:Configuration=Release`,
			3360, cmdExe, cmdI, "nofire"),
		ev(3455, 1500000, "bob", gitExe, `git status --porcelain`, 3360, cmdExe, cmdI, "nofire"),
		ev(3501, 2400000, "bob", python, `python.exe tools\gen_report.py --out out\summary.csv`,
			3360, cmdExe, cmdI, "nofire E"),
		ev(3540, 3000000, "bob", cmdExe, `cmd.exe /c dir /sub C:\Users\bob\Documents\*.xlsx`,
			3360, cmdExe, cmdI, "nofire E"),
		ev(3577, 3600000, "bob", sevenZip, `"`+sevenZip+`" x C:\Users\bob\Downloads\archive.7z `+
			`-oC:\Users\bob\Documents\invoices`, 3310, explorer, explorerCmd, "nofire A"),
		ev(3603, 4200000, "bob", xcopy, `xcopy.exe C:\Users\bob\Documents\*.docx D:\usb /sx /y`,
			3360, cmdExe, cmdI, "nofire EM"),
		ev(3648, 4800000, "bob", psExe, "powershell.exe -c \"gci\t-r C:\\Users\\bob -Include "+
			"*.pdf\"", 3312, psExe, psExe, "nofire E"),
		ev(3690, 5400000, "bob", psExe, `powershell.exe -c "Get-ChildItem C:\Logs -Recurse `+
			`-Filter *.log | Measure-Object"`, 3312, psExe, psExe, "nofire R"),
		ev(3722, 6000000, "bob", winword, `"`+winword+`" /n "C:\Users\bob\Downloads\stats.doc"`,
			3310, explorer, explorerCmd, "nofire E"),
		ev(3733, 6300000, "bob", `C:\Windows\System32\net.exe`, `net  use Z: `+
			`\\fs-01.contoso.example\dept /persistent:no`, 3360, cmdExe, cmdI, "nofire"),
		ev(3741, 6400000, "bob", cmdExe, `cmd.exe /c type C:\Users\bob\notes.txt | more`,
			3360, cmdExe, cmdI, "nofire E"),
		ev(3750, 6600000, "bob", chrome, `"`+chrome+`"`, 3310, explorer, explorerCmd, "nofire"),
		ev(3791, 7200000, "bob", `C:\Windows\System32\findstr.exe`, `findstr  /s /i "TODO" *.cs`,
			3360, cmdExe, cmdI, "nofire R"),
		ev(3813, 7800000, "bob", cmdExe, `cmd.exe /c forfiles /p C:\Windows\System32 /m `+
			`notepad.exe /c calc.exe`, 3360, cmdExe, cmdI, "nofire R"),
		{PID: 3902, At: 28800000, User: "SYSTEM", Image: robocopy, Cmd: `robocopy.exe ` +
			`C:\Users\bob\Documents \\nas-01.contoso.example\backup\bob /E /XO /R:2 /W:5`,
			PPID: 1372, PImage: svchost, PCmd: schedCmd, GP: `C:\Windows\System32\services.exe`,
			Expect: "fire M"},
	}},
}
