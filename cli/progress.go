package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressMin is the input size from which a scan shows a progress bar.
const progressMin = 32 << 20

// progress shows bytes done, events/s and the time left on standard error
// while a long scan runs, when standard error is a terminal.
type progress struct {
	mu     sync.Mutex
	bar    *progressbar.ProgressBar
	events atomic.Int64
	start  time.Time
	last   time.Time
}

// newProgress returns a progress display for a scan of paths, or nil when
// stderr is not a terminal or the inputs are small. A nil *progress
// ignores every call.
func newProgress(stderr io.Writer, stderrTTY bool, label string, paths []string) *progress {
	if !stderrTTY {
		return nil
	}
	total := inputSize(paths)
	if total < progressMin {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
	return &progress{bar: bar, start: time.Now()}
}

// add records n more input bytes done.
func (p *progress) add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Add64(n)
	if now := time.Now(); now.Sub(p.last) > 500*time.Millisecond {
		p.last = now
		rate := float64(p.events.Load()) / now.Sub(p.start).Seconds()
		p.bar.Describe(fmt.Sprintf("%.0f events/s", rate))
	}
}

// rows records n more events read.
func (p *progress) rows(n int) {
	if p != nil {
		p.events.Add(int64(n))
	}
}

// done removes the bar.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
}

// inputSize is the total size of the files under paths.
func inputSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
		if p == "-" {
			if st, err := os.Stdin.Stat(); err == nil && st.Mode().IsRegular() {
				total += st.Size()
			}
		}
	}
	return total
}
