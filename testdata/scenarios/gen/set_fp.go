package main

// Invented agent paths for the false-positive classes of the seed.
const (
	veeam   = `C:\Program Files\Veeam\Endpoint Backup\Veeam.EndPoint.Service.exe`
	acronis = `C:\Program Files\Acronis\BackupAndRecovery\mms.exe`
	intune  = `C:\Program Files (x86)\Microsoft Intune Management Extension\AgentExecutor.exe`
	spmt    = `C:\Program Files\SharePoint Migration Tool\microsoft.sharepoint.migrationtool.exe`
	varonis = `C:\Program Files\Varonis\DatAdvantage\Probe\VrnsProbeSvc.exe`
	symdlp  = `C:\Program Files\Manufacturer\Endpoint Agent\edpa.exe`
	msbuild = `C:\Program Files\Microsoft Visual Studio\2022\Professional\MSBuild\` +
		`Current\Bin\MSBuild.exe`
	avScan   = `C:\Program Files\Fabrikam Endpoint Security\fesscan.exe`
	schedCmd = `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`
)

// setFalsePositive holds one or two benign events per false-positive class
// the seed lists. The raw rule fires on every one of them.
var setFalsePositive = []Scenario{
	{ID: "s3-01-veeam-robocopy-mir", Host: srv1, Start: "01:00:02", Procs: []Proc{{
		PID: 3120, Image: robocopy, User: "SYSTEM", PPID: 2288, PImage: veeam,
		PCmd: `"` + veeam + `"`, GP: `C:\Windows\System32\services.exe`,
		Cmd: `robocopy.exe "D:\Shares\Finance" "\\bkp-01.contoso.example\veeam$\Finance" ` +
			`/MIR /R:1 /W:1 /NP /LOG:C:\ProgramData\Veeam\Endpoint\robocopy_finance.log`,
		Expect: "fire M",
		Note: "FP backup (Veeam agent): robocopy /MIR -> branch 4; /MIR is not a " +
			"RecursiveSearch needle and .log is not sensitive",
	}}},
	{ID: "s3-02-acronis-xcopy", Host: srv1, Start: "01:30:17", Procs: []Proc{{
		PID: 3388, Image: xcopy, User: "SYSTEM", PPID: 2410, PImage: acronis,
		PCmd: `"` + acronis + `"`, GP: `C:\Windows\System32\services.exe`,
		Cmd:    `xcopy.exe "C:\Users\Public\Documents" "E:\AcronisStaging\Public" /s /e /h /c /y /i`,
		Expect: "fire RM",
		Note:   "FP backup (Acronis agent): xcopy /s -> branch 5",
	}}},
	{ID: "s3-03-windows-backup-task", Host: wks1, Start: "02:00:00", Procs: []Proc{{
		PID: 4410, Image: robocopy, User: "SYSTEM", PPID: 1372, PImage: svchost,
		PCmd: schedCmd, GP: `C:\Windows\System32\services.exe`,
		Cmd: `robocopy.exe C:\Users\alice\Documents \\nas-01.contoso.example\backup\alice ` +
			`/E /XO /FFT /R:2 /W:5 /LOG+:C:\Windows\Logs\NightlyBackup\robocopy.log`,
		Expect: "fire M",
		Note: "FP backup (scheduled Windows backup task): robocopy /E -> branch 4; /E is " +
			"not a RecursiveSearch needle",
	}}},
	{ID: "s3-04-onedrive-kfm-pst-check", Host: wks1, Start: "08:15:40", Procs: []Proc{{
		PID: 9920, Image: psExe, User: "SYSTEM", PPID: 9876, PImage: intune,
		PCmd: `"` + intune + `" -powershell -policyId 5c1e0a2b`,
		GP: `C:\Program Files (x86)\Microsoft Intune Management Extension\` +
			`Microsoft.Management.Services.IntuneWindowsAgent.exe`,
		Cmd: `powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "Get-ChildItem ` +
			`-Path C:\Users\alice -Recurse -Include *.pst,*.ost -ErrorAction ` +
			`SilentlyContinue | Select-Object FullName,Length"`,
		Expect: "fire RE",
		Note: "FP sync (OneDrive Known Folder Move readiness script via Intune, looks " +
			"for .pst/.ost that KFM cannot sync): branch 1",
	}}},
	{ID: "s3-05-sharepoint-migration-inventory", Host: srv1, Start: "11:20:05", Procs: []Proc{{
		PID: 7710, Image: psExe, User: "adm-carol", High: true, PPID: 7650, PImage: spmt,
		PCmd: `"` + spmt + `"`, GP: explorer,
		Cmd: `powershell.exe -NoProfile -Command "Get-ChildItem -LiteralPath ` +
			`'\\fs-01.contoso.example\dept\HR' -Recurse -File -Include *.docx,*.xlsx,*.pptx | ` +
			`Export-Csv C:\ProgramData\SPMT\hr-inventory.csv -NoTypeInformation"`,
		Expect: "fire RE",
		Note: "FP sync (SharePoint Migration Tool pre-scan): branch 1; " +
			"the .csv output file is sensitive too",
	}}},
	{ID: "s3-06-varonis-dir-scan", Host: srv1, Start: "03:10:44", Procs: []Proc{{
		PID: 5102, Image: cmdExe, User: "svc-scan", PPID: 4988, PImage: varonis,
		PCmd: `"` + varonis + `"`, GP: `C:\Windows\System32\services.exe`,
		Cmd: `cmd.exe /c dir /s /b "D:\Shares\*.xlsx" "D:\Shares\*.csv" > ` +
			`C:\ProgramData\Varonis\DCF\scan-list.txt`,
		Expect: "fire RE",
		Note:   "FP DLP (Varonis classification probe): cmd dir /s with .xlsx/.csv -> branch 2",
	}}},
	{ID: "s3-07-symantec-dlp-discover", Host: wks2, Start: "12:45:09", Procs: []Proc{{
		PID: 6240, Image: cmdExe, User: "SYSTEM", PPID: 2876, PImage: symdlp,
		PCmd: `"` + symdlp + `"`, GP: `C:\Windows\System32\services.exe`,
		Cmd: `cmd.exe /c "dir C:\Users /s /b /a-d | findstr /i /e ".docx .pdf .xlsx" > ` +
			`C:\ProgramData\Symantec\DLP\discover\d.lst"`,
		Expect: "fire RE",
		Note: "FP DLP (Symantec DLP endpoint agent edpa.exe): branch 2; .docx after a " +
			"double quote still matches because the needle starts with a dot",
	}}},
	{ID: "s3-08-admin-robocopy-migration", Host: srv1, Start: "18:30:00", Procs: []Proc{{
		PID: 8812, Image: robocopy, User: "adm-carol", High: true, PPID: 8790, PImage: cmdExe,
		PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Cmd: `robocopy \\fs-old.contoso.example\Finance \\fs-01.contoso.example\Finance ` +
			`/MIR /COPYALL /DCOPY:DAT /R:1 /W:1 /MT:16 /LOG:C:\Temp\mig-finance.log`,
		Expect: "fire M",
		Note:   "FP admin migration: robocopy /MIR -> branch 4",
	}}},
	{ID: "s3-09-admin-gci-archive-move", Host: srv1, Start: "18:52:31", Procs: []Proc{{
		PID: 9030, Image: psExe, User: "adm-carol", High: true, PPID: 8790, PImage: cmdExe,
		PCmd: `"C:\Windows\system32\cmd.exe"`, GP: explorer,
		Cmd: `powershell.exe -Command "Get-ChildItem \\fs-01.contoso.example\Legal -Recurse ` +
			`-Include *.pdf,*.docx | Move-Item -Destination \\fs-02.contoso.example\Archive\Legal"`,
		Expect: "fire RE",
		Note:   "FP admin reorganisation: Get-ChildItem -Recurse with .pdf/.docx -> branch 1",
	}}},
	{ID: "s3-10-dev-python-oswalk", Host: wks2, Start: "14:05:12", Procs: []Proc{{
		PID: 11220, Image: python, User: "dave", PPID: 11004, PImage: msbuild,
		PCmd: `"` + msbuild + `" build.proj /t:PrepareFixtures`, GP: cmdExe,
		Cmd: `python.exe -c "import os,shutil; [shutil.copy(os.path.join(r,f),'build/fixtures') ` +
			`for r,_,fs in os.walk('tests/data') for f in fs if f.endswith('.csv')]"`,
		Expect: "fire RE",
		Note: "FP developer build: python -c with os.walk/shutil.copy -> branch 8; '.csv' " +
			"inside quotes is a sensitive extension",
	}}},
	{ID: "s3-11-dev-python-glob", Host: wks2, Start: "14:06:40", Procs: []Proc{{
		PID: 11310, Image: python, User: "dave", PPID: 11004, PImage: msbuild,
		PCmd: `"` + msbuild + `" build.proj /t:PrepareFixtures`, GP: cmdExe,
		Cmd: `python.exe -c "import glob; print(len(glob.glob('logs/**/*.log', ` +
			`recursive=True)))"`,
		Expect: "fire",
		Note: "FP developer log pipeline: python -c with glob.glob( -> branch 8; all flags " +
			"false (recursive=True is not -Recurse, .log is not sensitive)",
	}}},
	{ID: "s3-12-av-content-scan", Host: wks1, Start: "04:00:00", Procs: []Proc{{
		PID: 2604, Image: psExe, User: "SYSTEM", PPID: 2540, PImage: avScan,
		PCmd: `"` + avScan + `" /scheduled /profile:macro-docs`,
		GP:   `C:\Windows\System32\services.exe`,
		Cmd: `powershell.exe -NoProfile -NonInteractive -Command "Get-ChildItem -Path ` +
			`C:\Users -Recurse -Include *.doc,*.docm,*.xls,*.xlsm -ErrorAction SilentlyContinue ` +
			`| ForEach-Object { & '` + avScan + `' /file $_.FullName }"`,
		Expect: "fire RE",
		Note: "FP antivirus content scan (invented vendor): branch 1 via .doc/.xls " +
			"(.docm/.xlsm alone would not match)",
	}}},
}
