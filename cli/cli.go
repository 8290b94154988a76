// Package cli is kqlhunt's command line as a library: Run takes the
// arguments and the standard streams and returns the exit code, so tests
// drive it without a terminal or a process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"
)

// Exit codes of kqlhunt. Where several apply, the highest wins.
const (
	ExitOK      = 0 // ran, no alerts
	ExitAlerts  = 1 // ran, alerts found (test: a test failed)
	ExitUsage   = 2 // bad usage, or a query that does not compile
	ExitNoInput = 3 // no input could be read
	ExitPartial = 4 // some inputs unreadable or some rules failed
)

// Version is kqlhunt's version, set at build time with -ldflags.
var Version = "0.1.0-dev"

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageError is an error that exits with ExitUsage.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

// env is what every command gets: the streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrTTY is true when stderr is a terminal (progress bars).
	stderrTTY bool
}

// Run runs kqlhunt with args (without the program name) and returns the
// exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, stderrTTY: isTerminal(stderr)}
	code := ExitOK
	root := &cobra.Command{
		Use:   "kqlhunt",
		Short: "Run Sentinel and Defender KQL detections over Windows telemetry",
		Long: "kqlhunt runs Microsoft Sentinel and Defender XDR detection queries (KQL) over\n" +
			"Windows endpoint telemetry: EVTX files, Sysmon and Security event logs, Defender\n" +
			"advanced-hunting exports and streams, locally, with Kusto's semantics.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	var cpuProfile string
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE`")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if cpuProfile == "" {
			return nil
		}
		f, err := os.Create(cpuProfile)
		if err != nil {
			return usageError("%v", err)
		}
		return pprof.StartCPUProfile(f)
	}
	defer pprof.StopCPUProfile()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		huntCommand(e, &code),
		rulesCommand(e),
		checkCommand(e, &code),
		conformanceCommand(e, &code),
		dumpCommand(e, &code),
		testCommand(e, &code),
		exportCommand(e, &code),
		watchCommand(e, &code),
	)
	// Ctrl-C or SIGTERM cancels the run, so spool files and partial outputs
	// are cleaned up by the commands' own deferred code.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := root.ExecuteContext(ctx); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintln(stderr, "kqlhunt:", ee.msg)
			}
			return max(code, ee.code)
		}
		fmt.Fprintln(stderr, "kqlhunt:", err)
		return max(code, ExitUsage)
	}
	return code
}

// terminalWidth returns the width of the terminal w writes to, or 0 when
// w is not a terminal.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 80
	}
	return int(ws.Col)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
