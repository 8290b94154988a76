// Package atomic turns Atomic Red Team test definitions (atomics/TNNNN.yaml)
// into the process creations a Windows host records when Invoke-AtomicTest
// runs them, so detection rules can be measured against the tests without
// running them.
//
// A command_prompt test runs as one `cmd.exe /c` whose command line holds
// the test's lines joined with " & "; a powershell test runs as
// `powershell.exe & {...}` with the script's newlines kept; both are
// started from the PowerShell session that imported Invoke-AtomicRedTeam.
// Every #{argument} is replaced by its default. Children of cmd.exe are
// modelled as cmd starts them: a program named at the start of a command
// (or of either side of a pipe) is a child process with that command as
// its command line; a built-in command on the left of a pipe runs in a
// child `cmd.exe /S /D /c" ... "`. Built-ins elsewhere (dir, copy, for,
// echo ...) run inside the parent and create no process.
package atomic

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Test is one atomic test for Windows.
type Test struct {
	Technique string // T1119, T1560.001 ...
	Number    int    // 1-based position in the technique's file
	Name      string
	GUID      string
	Executor  string // command_prompt or powershell
	// Command is the executor's command with #{arguments} replaced.
	Command string
}

// ID names the test as Invoke-AtomicTest does: T1119-1.
func (t *Test) ID() string { return fmt.Sprintf("%s-%d", t.Technique, t.Number) }

// Process is one process creation a test causes.
type Process struct {
	FileName    string // image file name
	FolderPath  string // full image path
	CommandLine string
	Parent      int // index of the parent in the test's processes; -1: the PowerShell host
}

type fileShape struct {
	AttackTechnique string `yaml:"attack_technique"`
	AtomicTests     []struct {
		Name               string   `yaml:"name"`
		GUID               string   `yaml:"auto_generated_guid"`
		SupportedPlatforms []string `yaml:"supported_platforms"`
		InputArguments     map[string]struct {
			Default any `yaml:"default"`
		} `yaml:"input_arguments"`
		Executor struct {
			Name    string `yaml:"name"`
			Command string `yaml:"command"`
		} `yaml:"executor"`
	} `yaml:"atomic_tests"`
}

// Load reads a technique's YAML file and returns its Windows tests that
// run a command (manual tests are skipped); numbers count every test of
// the file, as Invoke-AtomicTest's -TestNumbers do.
func Load(file string) ([]*Test, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var f fileShape
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var out []*Test
	for i, at := range f.AtomicTests {
		if !slices.Contains(at.SupportedPlatforms, "windows") {
			continue
		}
		ex := at.Executor.Name
		if ex != "command_prompt" && ex != "powershell" {
			continue
		}
		cmd := argRe.ReplaceAllStringFunc(at.Executor.Command, func(m string) string {
			name := argRe.FindStringSubmatch(m)[1]
			if a, ok := at.InputArguments[name]; ok && a.Default != nil {
				return fmt.Sprint(a.Default)
			}
			return m
		})
		out = append(out, &Test{Technique: f.AttackTechnique, Number: i + 1,
			Name: strings.TrimSpace(at.Name), GUID: at.GUID, Executor: ex, Command: cmd})
	}
	return out, nil
}

var argRe = regexp.MustCompile(`#\{([^}]+)\}`)

// Host is the PowerShell session Invoke-AtomicTest runs in.
const Host = `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"`

const (
	cmdPath = `C:\Windows\System32\cmd.exe`
	psPath  = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
)

// Processes returns the process creations the test causes, the executor
// first.
func (t *Test) Processes() []Process {
	lines := commandLines(t.Command)
	if t.Executor == "powershell" {
		body := strings.TrimRight(t.Command, "\n")
		return []Process{{FileName: "powershell.exe", FolderPath: psPath,
			CommandLine: "powershell.exe & {" + body + "}", Parent: -1}}
	}
	procs := []Process{{FileName: "cmd.exe", FolderPath: cmdPath,
		CommandLine: "cmd.exe /c " + strings.Join(lines, " & "), Parent: -1}}
	for _, l := range lines {
		sides := splitPipe(l)
		for k, side := range sides {
			prog, args := firstWord(side)
			if prog == "" {
				continue
			}
			if isBuiltin(prog) {
				if len(sides) > 1 && k == 0 {
					procs = append(procs, Process{FileName: "cmd.exe", FolderPath: cmdPath,
						CommandLine: `C:\Windows\system32\cmd.exe  /S /D /c" ` + side + ` "`})
				}
				continue
			}
			// cmd expands %variables% before it starts a program.
			prog, args = expand(prog), expand(args)
			image := strings.ReplaceAll(strings.Trim(prog, `"`), "/", `\`)
			base := path.Base(strings.ReplaceAll(image, `\`, "/"))
			if !strings.Contains(base, ".") {
				base += ".exe"
			}
			if !strings.Contains(image, `\`) {
				image = `C:\Windows\System32\` + base
			}
			procs = append(procs, Process{FileName: base, FolderPath: image,
				CommandLine: strings.TrimSpace(prog + "  " + args)})
		}
	}
	return procs
}

// env holds the variables of the user running the tests (bob).
var env = strings.NewReplacer(
	"%programfiles%", `C:\Program Files`, "%ProgramFiles%", `C:\Program Files`,
	"%USERPROFILE%", `C:\Users\bob`, "%userprofile%", `C:\Users\bob`,
	"%TEMP%", `C:\Users\bob\AppData\Local\Temp`, "%temp%", `C:\Users\bob\AppData\Local\Temp`,
)

func expand(s string) string { return env.Replace(s) }

// commandLines returns the non-empty lines of a command.
func commandLines(cmd string) []string {
	var out []string
	for _, l := range strings.Split(cmd, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitPipe splits a command at | outside double quotes.
func splitPipe(s string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case '|':
			if !quoted && (i+1 >= len(s) || s[i+1] != '|') {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// firstWord splits a command into its program (quotes kept) and the
// rest, dropping redirections from the arguments as cmd does.
func firstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	var prog string
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return s, ""
		}
		prog, s = s[:end+2], s[end+2:]
	} else {
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return s, ""
		}
		prog, s = s[:i], s[i:]
	}
	if r := redirRe.FindStringIndex(s); r != nil {
		s = s[:r[0]]
	}
	return prog, strings.TrimSpace(s)
}

var redirRe = regexp.MustCompile(`\s*\d?>>?`)

// builtins are cmd.exe's internal commands: they run inside cmd.
var builtins = []string{"assoc", "break", "call", "cd", "chdir", "cls", "color", "copy",
	"date", "del", "dir", "echo", "endlocal", "erase", "exit", "for", "ftype", "goto", "if",
	"md", "mkdir", "mklink", "move", "path", "pause", "popd", "prompt", "pushd", "rd", "rem",
	"ren", "rename", "rmdir", "set", "setlocal", "shift", "start", "time", "title", "type",
	"ver", "verify", "vol"}

func isBuiltin(prog string) bool {
	p := strings.ToLower(prog)
	if i := strings.IndexAny(p, "=%"); i == 0 || strings.HasPrefix(p, "path=") {
		return true
	}
	return slices.Contains(builtins, p)
}
