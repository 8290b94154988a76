package main

import "strconv"

// tmpl describes one kind of process creation in the synthetic mix.
type tmpl struct {
	weight   int    // relative frequency among negatives (positives: uniform)
	image    string // full image path
	parent   string // parent image path
	pcmd     string // parent command line
	system   bool   // runs as NT AUTHORITY\SYSTEM
	positive bool   // the seed T1119 query fires on every row of this template
	// cmd appends the (unescaped) command line to b.
	cmd func(g *gen, b []byte) []byte
}

// lit returns a cmd function producing a fixed command line.
func lit(s string) func(*gen, []byte) []byte {
	return func(_ *gen, b []byte) []byte { return append(b, s...) }
}

// oneOf returns a cmd function picking one of the given command lines.
func oneOf(ss ...string) func(*gen, []byte) []byte {
	return func(g *gen, b []byte) []byte { return append(b, ss[g.r.IntN(len(ss))]...) }
}

const (
	sys32   = `C:\Windows\System32\`
	psPath  = sys32 + `WindowsPowerShell\v1.0\powershell.exe`
	cmdPath = sys32 + `cmd.exe`
	svcPath = sys32 + `svchost.exe`
	chrome  = `C:\Program Files\Google\Chrome\Application\chrome.exe`
	edge    = `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`
	msbuild = `C:\Program Files\Microsoft Visual Studio\2022\Professional\MSBuild\Current\` +
		`Bin\MSBuild.exe`
	python   = `C:\Program Files\Python312\python.exe`
	gitPath  = `C:\Program Files\Git\cmd\git.exe`
	code     = `C:\Users\Public\AppData\Local\Programs\Microsoft VS Code\Code.exe`
	explorer = `C:\Windows\explorer.exe`
	services = sys32 + `services.exe`
	sched    = `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`
	sevenZip = `C:\Program Files\7-Zip\7z.exe`
	robocopy = sys32 + `Robocopy.exe`
)

// templates is the command-line mix. Negative templates were checked not to
// fire the seed query (has semantics); positive ones always fire.
var templates = []tmpl{
	{weight: 180, image: svcPath, parent: services, pcmd: services, system: true,
		cmd: oneOf(`C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`,
			`C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog`,
			`C:\Windows\System32\svchost.exe -k wsappx -p -s ClipSVC`,
			`C:\Windows\system32\svchost.exe -k UnistackSvcGroup -s CDPUserSvc_4a1f2`,
			`C:\Windows\system32\svchost.exe -k netsvcs -p -s BITS`,
			`C:\Windows\System32\svchost.exe -k LocalSystemNetworkRestricted -p -s SysMain`)},
	{weight: 160, image: chrome, parent: chrome, pcmd: `"` + chrome + `"`,
		cmd: func(g *gen, b []byte) []byte {
			b = append(b, `"`+chrome+`" --type=renderer --lang=en-US --js-flags=--ms-`+
				`whitelist-jit --renderer-client-id=`...)
			b = strconv.AppendInt(b, int64(g.r.IntN(400)+5), 10)
			b = append(b, ` --launch-time-ticks=`...)
			b = strconv.AppendInt(b, int64(g.r.Int64N(1e12)), 10)
			b = append(b, ` --field-trial-handle=1932,i,`...)
			b = strconv.AppendUint(b, g.r.Uint64()>>1, 10)
			return append(b, ` --mojo-platform-channel-handle=4212 /prefetch:1`...)
		}},
	{weight: 70, image: edge, parent: edge, pcmd: `"` + edge + `" --profile-directory=Default`,
		cmd: oneOf(`"`+edge+`" --type=utility --utility-sub-type=network.mojom.NetworkService `+
			`--lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=2280 `+
			`/prefetch:3`, `"`+edge+`" --type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAMAA `+
			`--mojo-platform-channel-handle=1908 /prefetch:2`)},
	{weight: 60, image: gitPath, parent: code, pcmd: `"` + code + `"`,
		cmd: oneOf(`git.exe fetch --all --prune`, `git -c core.quotepath=false status `+
			`--porcelain=v2 --untracked-files=all`, `git log -n 20 --pretty=format:%H%x09%s`,
			`git.exe rev-parse --show-toplevel`, `git diff --name-only HEAD~1`)},
	{weight: 25, image: msbuild, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: oneOf(`"`+msbuild+`" Contoso.Billing.sln /m /p:Configuration=Release /nr:false`,
			`"`+msbuild+`" src\Contoso.Web\Contoso.Web.csproj /t:Build /v:minimal`,
			`"`+msbuild+`" build.proj /t:Test /p:Platform=x64 /bl:out\build.binlog`)},
	{weight: 45, image: psPath, parent: svcPath, pcmd: sched, system: true,
		cmd: func(g *gen, b []byte) []byte {
			b = append(b, `powershell.exe -NoProfile -ExecutionPolicy Bypass -File `+
				`C:\ProgramData\ContosoIT\Scripts\`...)
			b = append(b, pick(g, "inventory", "patch-report", "disk-cleanup", "cert-check",
				"bitlocker-status")...)
			b = append(b, '_')
			b = strconv.AppendInt(b, int64(g.r.IntN(90)+10), 10)
			return append(b, `.ps1 -LogPath C:\ProgramData\ContosoIT\Logs`...)
		}},
	{weight: 30, image: psPath, parent: explorer, pcmd: `C:\Windows\Explorer.EXE`,
		cmd: oneOf(`powershell.exe -NoProfile -Command "Get-Service | Where-Object `+
			`Status -eq Running | Select-Object -First 20"`,
			`powershell.exe -NoProfile -Command "Get-ChildItem C:\Windows\Temp -Recurse `+
				`-Filter *.tmp -ErrorAction SilentlyContinue | Remove-Item -Force"`,
			`powershell.exe -NoProfile -Command "Test-NetConnection proxy.contoso.example `+
				`-Port 8080"`)},
	{weight: 60, image: cmdPath, parent: svcPath, pcmd: sched, system: true,
		cmd: oneOf(`cmd.exe /c echo %DATE% %TIME% >> C:\ProgramData\ContosoAgent\heartbeat.log`,
			`C:\Windows\system32\cmd.exe /c "C:\Program Files\ContosoAgent\update.bat"`,
			`cmd /c ipconfig /all > C:\ProgramData\ContosoAgent\net.log`,
			`cmd.exe /c del /q C:\Windows\Temp\ContosoAgent\*.tmp`)},
	{weight: 20, image: python, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: oneOf(`python.exe -m pip install --upgrade requests==2.31.0`,
			`python.exe C:\dev\svc\app.py --port 8000 --reload`,
			`python.exe -m pytest tests -q -x`, `python.exe tools\lint.py --fix`)},
	{weight: 8, image: robocopy, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: oneOf(`robocopy.exe C:\Users\Public\Reports \\nas-01.contoso.example\reports `+
			`weekly.bak /R:2 /W:5 /XO /NP`, `robocopy C:\Temp\in D:\Archive\in *.zip /MOV /R:1`)},
	{weight: 8, image: sevenZip, parent: explorer, pcmd: `C:\Windows\Explorer.EXE`,
		cmd: func(g *gen, b []byte) []byte {
			n := strconv.Itoa(g.r.IntN(9000) + 1000)
			return append(b, `"`+sevenZip+`" x C:\Users\Public\Downloads\pkg_`+n+`.zip `+
				`-oC:\Users\Public\Downloads\pkg_`+n+` -y`...)
		}},
	{weight: 40, image: sys32 + `conhost.exe`, parent: cmdPath, pcmd: `cmd.exe /c ver`,
		cmd: lit(`\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1`)},
	{weight: 40, image: sys32 + `wbem\WmiPrvSE.exe`, parent: svcPath, system: true,
		pcmd: `C:\Windows\system32\svchost.exe -k DcomLaunch -p`,
		cmd:  lit(`C:\Windows\system32\wbem\wmiprvse.exe -secured -Embedding`)},
	{weight: 35, image: sys32 + `SearchProtocolHost.exe`, parent: sys32 + `SearchIndexer.exe`,
		pcmd: `C:\Windows\system32\SearchIndexer.exe /Embedding`, system: true,
		cmd: lit(`"C:\Windows\system32\SearchProtocolHost.exe" Global\UsGthrFltPipeMssGthrPipe5_ ` +
			`Global\UsGthrCtrlFltPipeMssGthrPipe5 1 -2147483646 "Software\Microsoft\Windows ` +
			`Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" ` +
			`"C:\ProgramData\Microsoft\Search\Data\Temp\usgthrsvc" "DownLevelDaemon"`)},
	{weight: 30, image: sys32 + `backgroundTaskHost.exe`, parent: svcPath,
		pcmd: `C:\Windows\system32\svchost.exe -k DcomLaunch -p`,
		cmd: lit(`"C:\Windows\system32\backgroundTaskHost.exe" -ServerName:BackgroundTask` +
			`Host.WebAccountProvider`)},
	{weight: 25, image: code, parent: explorer, pcmd: `C:\Windows\Explorer.EXE`,
		cmd: lit(`"` + code + `" --type=utility --utility-sub-type=node.mojom.NodeService ` +
			`--lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=3400`)},
	{weight: 15, image: `C:\Program Files\nodejs\node.exe`, parent: code, pcmd: `"` + code + `"`,
		cmd: lit(`"C:\Program Files\nodejs\node.exe" node_modules\typescript\lib\tsserver.js ` +
			`--serverMode partialSemantic --useInferredProjectPerProjectRoot --locale en`)},
	{weight: 12, image: sys32 + `rundll32.exe`, parent: svcPath, pcmd: sched, system: true,
		cmd: lit(`C:\Windows\system32\rundll32.exe C:\Windows\system32\PcaSvc.dll,` +
			`PcaPatchSdbTask`)},
	// Positives: each fires the seed query (branch in the comment).
	{positive: true, image: psPath, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: lit(`powershell.exe -nop -c "Get-ChildItem C:\Users -Recurse -Include ` +
			`*.docx,*.pdf -EA 0 | Copy-Item -Destination C:\ProgramData\stg"`)}, // branch 1
	{positive: true, image: cmdPath, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: lit(`cmd.exe /c dir /s /b C:\Users\*.xlsx > C:\ProgramData\stg\l.txt`)}, // branch 2
	{positive: true, image: sevenZip, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: lit(`"` + sevenZip + `" a -r -pS3cr3t C:\ProgramData\stg\d.7z ` +
			`C:\Users\*.docx C:\Users\*.pdf`)}, // branch 7
	{positive: true, image: robocopy, parent: svcPath, pcmd: sched, system: true,
		cmd: lit(`robocopy.exe D:\Shares \\bkp-01.contoso.example\nightly /MIR /R:1 ` +
			`/W:1 /NP`)}, // branch 4
	{positive: true, image: sys32 + `xcopy.exe`, parent: cmdPath, pcmd: `cmd.exe /c backup.cmd`,
		cmd: lit(`xcopy.exe C:\Users\Public\Documents E:\Staging /s /e /y`)}, // branch 5
	{positive: true, image: sys32 + `forfiles.exe`, parent: cmdPath, pcmd: `"C:\Windows\` +
		`system32\cmd.exe"`, cmd: lit(`forfiles /P C:\Users /S /M *.docx /C "cmd /c ` +
		`echo @PATH"`)}, // branch 3
	{positive: true, image: python, parent: cmdPath, pcmd: `"C:\Windows\system32\cmd.exe"`,
		cmd: lit(`python.exe -c "import os; print([r for r,_,_ in os.walk('C:/Users')])"`)},
}

// pick returns one of ss.
func pick(g *gen, ss ...string) string { return ss[g.r.IntN(len(ss))] }
