// Command gen writes kqlhunt's invented T1119 test scenarios.
//
// Run it from the repository root:
//
//	go run ./testdata/scenarios/gen
//
// It writes, for every scenario in the Go tables of this package, one file
// per input format under testdata/scenarios/ (jsonl/: Defender
// advanced-hunting JSON lines, sysmon/: Sysmon EID 1 event XML with an
// <Events> root, csv/: Defender portal CSV export), the manifest
// testdata/scenarios/MANIFEST.tsv with the hand-derived expected outcome of
// the seed T1119 query for every record, and the demo files
// examples/t1119-demo.jsonl and examples/t1119-demo-sysmon.xml.
//
// All data is invented for kqlhunt's tests (contoso.example hosts and
// users) and is licensed as the project's own.
//
// Before writing anything it re-derives every hand-written expectation with
// an independent model of the seed query (seedcheck.go) and exits non-zero
// on any disagreement.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// sets lists the scenario tables in manifest order.
var sets = [][]Scenario{setSeed, setAtomic, setFalsePositive, setTraps}

func main() {
	out := flag.String("out", "testdata/scenarios", "scenario output directory")
	ex := flag.String("examples", "examples", "directory for the demo files")
	flag.Parse()
	if err := run(*out, *ex); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// flagLetters are the AutoColl flags in manifest order.
const flagLetters = "REAMC"

// parseExpect splits a Proc.Expect string into fire and the five flags.
func parseExpect(e string) (bool, [5]bool, error) {
	var fl [5]bool
	verdict, letters, _ := strings.Cut(e, " ")
	if verdict != "fire" && verdict != "nofire" {
		return false, fl, fmt.Errorf("bad Expect %q", e)
	}
	for _, c := range letters {
		i := strings.IndexRune(flagLetters, c)
		if i < 0 {
			return false, fl, fmt.Errorf("bad flag %q in Expect %q", c, e)
		}
		fl[i] = true
	}
	return verdict == "fire", fl, nil
}

// check compares every hand-written expectation with the seed model.
func check(all []Scenario) error {
	var bad []string
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.ID] {
			bad = append(bad, "duplicate scenario "+s.ID)
		}
		seen[s.ID] = true
		pids := map[int]bool{}
		for _, p := range s.Procs {
			if pids[p.PID] {
				bad = append(bad, fmt.Sprintf("%s: duplicate pid %d", s.ID, p.PID))
			}
			pids[p.PID] = true
			fire, fl, err := parseExpect(p.Expect)
			if err != nil {
				return fmt.Errorf("%s pid %d: %v", s.ID, p.PID, err)
			}
			mf, mfl := seedOutcome(base(p.Image), p.Cmd)
			if fire != mf || fl != mfl {
				bad = append(bad, fmt.Sprintf("%s pid %d: hand %q, model fire=%v flags=%v",
					s.ID, p.PID, p.Expect, mf, mfl))
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("expectations disagree with the seed model:\n  %s",
			strings.Join(bad, "\n  "))
	}
	return nil
}

// render returns the three renderings of one scenario.
func render(s Scenario, reportID, record int) (jl, xm, cs []byte, err error) {
	rs := resolve(s)
	rows := make([][]cell, len(rs))
	for i, r := range rs {
		rows[i] = r.row(reportID + i)
	}
	var a, b, c bytes.Buffer
	if err = writeJSONL(&a, rows); err == nil {
		if err = writeSysmonXML(&b, rs, record); err == nil {
			err = writeCSV(&c, rows)
		}
	}
	return a.Bytes(), b.Bytes(), c.Bytes(), err
}

// formats are the output sub-directories and file extensions.
var formats = [3][2]string{{"jsonl", ".jsonl"}, {"sysmon", ".xml"}, {"csv", ".csv"}}

func run(out, ex string) error {
	var all []Scenario
	for _, set := range sets {
		all = append(all, set...)
	}
	if err := check(append(append([]Scenario{}, all...), demo...)); err != nil {
		return err
	}
	var man strings.Builder
	man.WriteString("scenario_id\tfile\trecord_key\texpect\tAutoColl_RecursiveSearch\t" +
		"AutoColl_SensitiveExt\tAutoColl_ArchiveTool\tAutoColl_MassCopy\t" +
		"AutoColl_CredentialFiles\tnote\n")
	for i, s := range all {
		jl, xm, cs, err := render(s, 20000+i*100, 310000+i*100)
		if err != nil {
			return err
		}
		for f, data := range [][]byte{jl, xm, cs} {
			dir := filepath.Join(out, formats[f][0])
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			name := filepath.Join(dir, s.ID+formats[f][1])
			if err := os.WriteFile(name, data, 0o644); err != nil {
				return err
			}
			rel := formats[f][0] + "/" + s.ID + formats[f][1]
			for _, p := range s.Procs {
				fire, fl, _ := parseExpect(p.Expect)
				verdict := "nofire"
				if fire {
					verdict = "fire"
				}
				fmt.Fprintf(&man, "%s\t%s\tProcessId=%d\t%s", s.ID, rel, p.PID, verdict)
				for _, b := range fl {
					fmt.Fprintf(&man, "\t%v", b)
				}
				fmt.Fprintf(&man, "\t%s\n", strings.NewReplacer("\t", " ", "\n", " ").
					Replace(p.Note))
			}
		}
	}
	if err := os.WriteFile(filepath.Join(out, "MANIFEST.tsv"), []byte(man.String()),
		0o644); err != nil {
		return err
	}
	return writeDemo(ex)
}

// writeDemo writes the demo day (all demo scenarios merged, newest last).
func writeDemo(ex string) error {
	var rs []resolved
	for _, s := range demo {
		rs = append(rs, resolve(s)...)
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Stamp.Before(rs[j].Stamp) })
	rows := make([][]cell, len(rs))
	for i, r := range rs {
		rows[i] = r.row(41000 + i)
	}
	var a, b bytes.Buffer
	if err := writeJSONL(&a, rows); err != nil {
		return err
	}
	if err := writeSysmonXML(&b, rs, 512000); err != nil {
		return err
	}
	if err := os.MkdirAll(ex, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(ex, "t1119-demo.jsonl"), a.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(ex, "t1119-demo-sysmon.xml"), b.Bytes(), 0o644)
}
