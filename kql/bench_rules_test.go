package kql_test

// Benchmarks of whole rules over a million synthetic DeviceProcessEvents
// rows (issue 4): a summarize by DeviceName and hour, and a parent/child
// join. Besides ns/op they report rows/s, CPU time per run (user+system,
// steadier than wall time on a loaded machine) and the peak live heap
// during a run above what the input rows already hold.
//
//	go test ./kql -run '^$' -bench Rules -benchtime 3x

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// ruleBenchRows is the number of synthetic rows each rule reads.
const ruleBenchRows = 1_000_000

// ruleBenchNow is the end of the synthetic day.
var ruleBenchNow = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// summarizeRule counts processes and distinct images per device and hour.
const summarizeRule = `DeviceProcessEvents
| where Timestamp > ago(1d)
| summarize count(), dcount(FileName) by DeviceName, bin(Timestamp, 1h)`

// joinRule finds shells and script hosts with their parent image: the
// children (about a quarter of the rows) joined with every process of the
// day on device and process id.
const joinRule = `let parents = DeviceProcessEvents
    | where Timestamp > ago(1d)
    | project DeviceId, ParentId = ProcessId, ParentFile = FileName;
DeviceProcessEvents
| where Timestamp > ago(1d)
| where FileName in~ ("cmd.exe", "powershell.exe", "rundll32.exe", "mshta.exe", "wscript.exe")
| join kind=inner parents
    on $left.DeviceId == $right.DeviceId, $left.InitiatingProcessId == $right.ParentId
| project Timestamp, DeviceName, ParentFile, FileName, ProcessCommandLine`

// benchImages are process images with rough weights: benign ones dominate.
var benchImages = []struct {
	name   string
	weight int
}{
	{"svchost.exe", 20}, {"chrome.exe", 14}, {"msedge.exe", 8}, {"conhost.exe", 8},
	{"cmd.exe", 9}, {"powershell.exe", 7}, {"rundll32.exe", 4}, {"explorer.exe", 3},
	{"OUTLOOK.EXE", 3}, {"WINWORD.EXE", 3}, {"EXCEL.EXE", 2}, {"teams.exe", 4},
	{"git.exe", 3}, {"python.exe", 2}, {"robocopy.exe", 1}, {"wscript.exe", 1},
	{"mshta.exe", 1}, {"taskhostw.exe", 3}, {"SearchProtocolHost.exe", 3},
	{"MsMpEng.exe", 1},
}

// benchCmdPool builds n command lines for image: a few templates with a
// varying path or argument each, so lines repeat as real ones do.
func benchCmdPool(image string, n int, rng *rand.Rand) []string {
	templates := []string{
		`C:\Windows\system32\%s -k netsvcs -p -s Schedule%d`,
		`"C:\Program Files\Vendor\%s" --type=renderer --renderer-client-id=%d /prefetch:1`,
		`%s /c "C:\ProgramData\agent\job%d.bat" /quiet`,
		`%s -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\task%d.ps1`,
		`%s C:\Users\user%d\AppData\Local\Temp\setup.dll,Start`,
	}
	pool := make([]string, n)
	for i := range pool {
		pool[i] = fmt.Sprintf(templates[rng.IntN(len(templates))], image, rng.IntN(5000))
	}
	return pool
}

// ruleBenchInput makes n rows laid out as use says: 500 devices, images by
// weight, command lines from per-image pools, timestamps over the day
// before ruleBenchNow, process ids unique per device and parents chosen
// among the device's earlier processes. Columns no generator knows are null.
func ruleBenchInput(use kql.TableUse, n int) [][]value.Value {
	const devices = 500
	rng := rand.New(rand.NewPCG(4, 2))
	var images []string
	for _, im := range benchImages {
		for range im.weight {
			images = append(images, im.name)
		}
	}
	cmds := map[string][]string{}
	for _, im := range benchImages {
		cmds[im.name] = benchCmdPool(im.name, 400, rng)
	}
	names := make([]value.Value, devices)
	ids := make([]value.Value, devices)
	for d := range devices {
		names[d] = value.NewString(fmt.Sprintf("wks-%03d.corp.example", d))
		ids[d] = value.NewString(fmt.Sprintf("%040x", uint64(d)*0x9e3779b97f4a7c15))
	}
	lastPid := make([]int64, devices)
	start := ruleBenchNow.Add(-24 * time.Hour)
	step := 24 * time.Hour / time.Duration(n)
	rows := make([][]value.Value, n)
	for i := range rows {
		d := rng.IntN(devices)
		image := images[rng.IntN(len(images))]
		parent := int64(4) // System, for a device's first process
		if lastPid[d] > 0 {
			parent = 1000 + rng.Int64N(lastPid[d]-999)
		}
		if lastPid[d] == 0 {
			lastPid[d] = 999
		}
		lastPid[d]++
		at := start.Add(time.Duration(i)*step + 1)
		row := make([]value.Value, len(use.Columns))
		for j, c := range use.Columns {
			switch c.Name {
			case "Timestamp":
				row[j] = value.NewDateTime(at)
			case "DeviceName":
				row[j] = names[d]
			case "DeviceId":
				row[j] = ids[d]
			case "FileName":
				row[j] = value.NewString(image)
			case "ProcessCommandLine":
				pool := cmds[image]
				row[j] = value.NewString(pool[rng.IntN(len(pool))])
			case "ProcessId":
				row[j] = value.NewLong(lastPid[d])
			case "InitiatingProcessId":
				row[j] = value.NewLong(parent)
			default:
				row[j] = value.Null(c.Type)
			}
		}
		rows[i] = row
	}
	return rows
}

// heapPeak samples the heap every millisecond until stopped and returns
// the highest heap in use (live objects and garbage not yet collected: what
// the process holds at the default GOGC) and the highest live heap the
// collections during the run marked. It reads runtime/metrics, which does
// not stop the world as runtime.ReadMemStats does.
func heapPeak() (stop func() (inUse, live uint64)) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"}}
	done := make(chan struct{})
	peaks := make(chan [2]uint64)
	go func() {
		var high [2]uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			for i, s := range samples {
				high[i] = max(high[i], s.Value.Uint64())
			}
			select {
			case <-done:
				peaks <- high
				return
			case <-tick.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		p := <-peaks
		return p[0], p[1]
	}
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchRule compiles query, makes the input rows once, then runs the query
// over them b.N times: two goroutines push batches of 1024 rows, as two
// decoders would, and Finish runs the blocking rest. It reports rows/s,
// CPU ms per run, the peak heap in use and the peak live heap above the
// input rows (MB), the input's size and the result rows.
func benchRule(b *testing.B, query string) {
	q, err := kql.Compile("bench.kql", query, kql.Options{Schemas: schema.Builtin()})
	if err != nil {
		b.Fatal(err)
	}
	if len(q.Tables()) != 1 {
		b.Fatalf("the rule reads %d tables, want 1", len(q.Tables()))
	}
	use := q.Tables()[0]
	rows := ruleBenchInput(use, ruleBenchRows)
	runtime.GC()
	base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(base)
	var peak, peakLive uint64
	var cpu time.Duration
	results := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		stop, c0 := heapPeak(), cpuTime()
		run := q.Start(context.Background(), kql.RunOptions{Now: ruleBenchNow})
		var wg sync.WaitGroup
		const batch = 1024
		half := len(rows) / 2
		for _, part := range [][][]value.Value{rows[:half], rows[half:]} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for s := 0; s < len(part); s += batch {
					if err := run.Push(use.Name, part[s:min(s+batch, len(part))]); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		res, err := run.Finish()
		if err != nil {
			b.Fatal(err)
		}
		results = len(res.Rows)
		cpu += cpuTime() - c0
		inUse, live := stop()
		peak, peakLive = max(peak, inUse), max(peakLive, live)
	}
	b.StopTimer()
	if results == 0 {
		b.Fatal("the rule returned no rows")
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(rows))*float64(b.N)/sec, "rows/s")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	input := base[0].Value.Uint64()
	b.ReportMetric(float64(peak-min(peak, input))/(1<<20), "peak-MB")
	b.ReportMetric(float64(peakLive-min(peakLive, input))/(1<<20), "peak-live-MB")
	b.ReportMetric(float64(input)/(1<<20), "input-MB")
	b.ReportMetric(float64(results), "result-rows")
}

// BenchmarkRulesSummarize: summarize count(), dcount(FileName) by
// DeviceName, bin(Timestamp, 1h) over 1M rows (about 12,000 groups).
func BenchmarkRulesSummarize(b *testing.B) { benchRule(b, summarizeRule) }

// BenchmarkRulesJoin: an inner join of about 250,000 shell processes with
// 1M processes on DeviceId and parent process id.
func BenchmarkRulesJoin(b *testing.B) { benchRule(b, joinRule) }
