package watch_test

import (
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/decode"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/kqlengine"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// processPair returns the first process creation of tutto_malseclogon
// seen twice, as two one-line event XML messages: its Security 4688
// (empty command line, account SID, token elevation) and its Sysmon 1
// (command line, hashes).
func processPair(t *testing.T) (sec, sysmon []byte) {
	t.Helper()
	data, err := os.ReadFile(testenv.Shared(t, "datasets/derived/tutto_malseclogon.xml"))
	if err != nil {
		t.Fatal(err)
	}
	evs := regexp.MustCompile(`(?s)<Event .*?</Event>`).FindAll(data, 2)
	if len(evs) != 2 {
		t.Fatalf("%d events in tutto_malseclogon.xml, want at least 2", len(evs))
	}
	flat := func(b []byte) []byte {
		return regexp.MustCompile(`>\s+<`).ReplaceAll(b, []byte("><"))
	}
	sec, sysmon = flat(evs[0]), flat(evs[1])
	if !strings.Contains(string(sec), "<EventID>4688<") ||
		!strings.Contains(string(sysmon), "<EventID>1<") {
		t.Fatal("tutto_malseclogon.xml does not start with a 4688 and a Sysmon 1")
	}
	return sec, sysmon
}

// malseclogon returns a rule over the pair's process, in the given kind
// (Scheduled: every 5 minutes over the last hour; Hunting: realtime).
func malseclogon(kind string) *rules.Rule {
	r := &rules.Rule{ID: "malseclogon", Name: "MalSeclogon", Kind: kind, Severity: "High",
		Query: `DeviceProcessEvents | where FileName =~ "MalSeclogon.exe"
			| project DeviceName, ProcessId, ProcessCommandLine, SHA256, AccountSid,
			  ProcessTokenElevation`}
	if kind == "Scheduled" {
		r.QueryFrequency, r.QueryPeriod = 5*time.Minute, time.Hour
	}
	return r
}

// checkMerged fails unless row holds the Sysmon 1 fields and the 4688
// fields of the pair.
func checkMerged(t *testing.T, row map[string]any) {
	t.Helper()
	if row["ProcessId"] != float64(8612) || row["SHA256"] == "" || row["SHA256"] == nil ||
		row["ProcessCommandLine"] != "MalSeclogon.exe  -p 636 -d 2" ||
		row["AccountSid"] != "S-1-5-21-3461203602-4096304019-2269080069-1000" ||
		row["ProcessTokenElevation"] == "" || row["ProcessTokenElevation"] == nil {
		t.Errorf("row %v: want the Sysmon 1 and 4688 fields merged", row)
	}
}

// TestMergeProcessPair sends a real Sysmon 1 and the 4688 of the same
// process as two lines of standard input: a scheduled rule sees one
// merged row, a realtime rule with a merge wait raises one alert with the
// merged row; with --no-merge, or no wait for a realtime rule, both rows
// count.
func TestMergeProcessPair(t *testing.T) {
	sec, sysmon := processPair(t)
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		kind    string
		noMerge bool
		wait    time.Duration
		rows    int // rows the rule returns in all
	}{
		{"scheduled", "Scheduled", false, 0, 1},
		{"scheduled no-merge", "Scheduled", true, 0, 2},
		{"realtime merge wait", "Hunting", false, 500 * time.Millisecond, 1},
		{"realtime no-merge", "Hunting", true, 500 * time.Millisecond, 2},
		{"realtime no wait", "Hunting", false, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewManual(t0)
			pr, pw := io.Pipe()
			mem := newMemSink()
			in := startInstance(t, &watch.Config{Files: []string{"-"}, Stdin: pr,
				Rules: []*rules.Rule{malseclogon(tc.kind)}, Engine: kqlengine.Engine{},
				Fallback: decode.Events(), NoMerge: tc.noMerge, MergeWait: tc.wait,
				Sinks: []sink.Sink{mem}, Clock: clk, Listen: "off", Log: testLog(t, "merge")})
			pw.Write(append(sec, '\n'))
			pw.Write(append(sysmon, '\n'))
			waitRecords(t, in.s, 2)
			if tc.kind == "Scheduled" {
				clk.Set(t0.Add(5 * time.Minute))
				mem.waitFor(t, 30*time.Second, "the run at 09:05", func(gs []got) bool {
					return len(gs) == 1
				})
			}
			pw.Close()
			if err := <-in.done; err != nil {
				t.Fatal(err)
			}
			var rows []map[string]any
			for _, a := range mem.snapshot() {
				if tc.kind == "Scheduled" {
					rows = append(rows, a.Rows...)
				} else {
					rows = append(rows, a.Row)
				}
			}
			if len(rows) != tc.rows {
				t.Fatalf("%d rows alerted, want %d: %v", len(rows), tc.rows, rows)
			}
			if tc.rows == 1 {
				checkMerged(t, rows[0])
			}
		})
	}
}

// TestMergeWaitExpires holds a Sysmon 1 row with no partner for its
// merge wait: the realtime rule alerts on it once the manual clock has
// passed the wait (on the pipeline's tick), while standard input is
// still open.
func TestMergeWaitExpires(t *testing.T) {
	_, sysmon := processPair(t)
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	clk := clock.NewManual(t0)
	pr, pw := io.Pipe()
	mem := newMemSink()
	in := startInstance(t, &watch.Config{Files: []string{"-"}, Stdin: pr,
		Rules: []*rules.Rule{malseclogon("Hunting")}, Engine: kqlengine.Engine{},
		Fallback: decode.Events(), MergeWait: 500 * time.Millisecond,
		Sinks: []sink.Sink{mem}, Clock: clk, Listen: "off", Log: testLog(t, "expiry")})
	pw.Write(append(sysmon, '\n'))
	waitRecords(t, in.s, 1)
	time.Sleep(100 * time.Millisecond)
	if n := len(mem.snapshot()); n != 0 {
		t.Fatalf("%d alerts before the wait is over, want 0", n)
	}
	clk.Set(t0.Add(time.Second))
	mem.waitFor(t, 30*time.Second, "the lone row", func(gs []got) bool { return len(gs) == 1 })
	row := mem.snapshot()[0].Row
	sid, _ := row["AccountSid"].(string)
	if row["ProcessId"] != float64(8612) || row["SHA256"] == "" || sid != "" {
		t.Errorf("row %v: want the Sysmon 1 row alone", row)
	}
	pw.Close()
	if err := <-in.done; err != nil {
		t.Fatal(err)
	}
	if n := len(mem.snapshot()); n != 1 {
		t.Errorf("%d alerts, want 1", n)
	}
}

// TestMergeWaitCommit reads a Kafka partition where a Sysmon 1 row waits
// for its partner: the committed offset stays at that row while later
// records are read, and passes it once the 4688 has come and the merged
// row's alert is delivered.
func TestMergeWaitCommit(t *testing.T) {
	sec, sysmon := processPair(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "events"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	kc := kafka.Config{Brokers: c.ListenAddrs()}
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	send := func(msgs ...[]byte) {
		t.Helper()
		for _, m := range msgs {
			r := &kgo.Record{Topic: "events", Value: m}
			if err := cl.ProduceSync(context.Background(), r).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	committed := func() int64 {
		t.Helper()
		offs, _, err := kafka.FetchCommitted(context.Background(), cl, "g", "events",
			[]int32{0})
		if err != nil {
			t.Fatal(err)
		}
		return offs[0]
	}
	row0, _, _ := event(0, time.Now())
	row2, _, _ := event(2, time.Now())
	row3, _, _ := event(3, time.Now())
	send(row0, sysmon, row2, row3) // offsets 0 to 3; the Sysmon row is at 1
	mem := newMemSink()
	in := startInstance(t, &watch.Config{
		Kafka: &watch.KafkaInput{Config: kc, Topic: "events", Group: "g"},
		Rules: []*rules.Rule{malseclogon("Hunting")}, Engine: kqlengine.Engine{},
		Fallback: decode.Events(), MergeWait: time.Hour, Sinks: []sink.Sink{mem},
		Listen: "off", CommitInterval: 50 * time.Millisecond, Log: testLog(t, "commit")})
	waitRecords(t, in.s, 4)
	waitOffset(t, committed, 1)
	time.Sleep(300 * time.Millisecond) // commits go on, and must not pass the held row
	if off := committed(); off != 1 {
		t.Fatalf("committed offset %d with the Sysmon row at 1 held, want 1", off)
	}
	send(sec) // offset 4
	mem.waitFor(t, 30*time.Second, "the merged row", func(gs []got) bool { return len(gs) == 1 })
	checkMerged(t, mem.snapshot()[0].Row)
	waitOffset(t, committed, 5)
	if err := in.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(mem.snapshot()); n != 1 {
		t.Errorf("%d alerts, want 1", n)
	}
}

// waitRecords waits until the service has processed n input records.
func waitRecords(t *testing.T, s *watch.Service, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.Stats().Records < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d records processed, want %d", s.Stats().Records, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitOffset waits until committed returns want.
func waitOffset(t *testing.T, committed func() int64, want int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := committed()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("committed offset %d, want %d", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
