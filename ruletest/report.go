package ruletest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteResult writes one test's outcome as go test does: a line per test,
// and under a failure its diff, indented.
func WriteResult(w io.Writer, r Result) {
	status := "PASS"
	if !r.Passed {
		status = "FAIL"
	}
	fmt.Fprintf(w, "--- %s: %s (%.2fs)\n", status, r.Name(), r.Elapsed.Seconds())
	if !r.Passed {
		fmt.Fprintf(w, "    %s:%d\n", r.File, r.Line)
		for _, l := range strings.Split(strings.TrimRight(r.Failure, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "    warning: %s\n", warn)
	}
}

// Tally counts passed and failed tests.
func Tally(rs []Result) (passed, failed int) {
	for _, r := range rs {
		if r.Passed {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed
}

// WriteSummary writes the last line: "N passed, N failed".
func WriteSummary(w io.Writer, rs []Result) {
	p, f := Tally(rs)
	fmt.Fprintf(w, "%d passed, %d failed\n", p, f)
}

// JUnit XML, as CI systems read it.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
)

// WriteJUnit writes results as JUnit XML: a testsuite per test file.
func WriteJUnit(w io.Writer, rs []Result) error {
	doc := junitSuites{}
	var total time.Duration
	byFile := map[string]int{}
	for _, r := range rs {
		i, ok := byFile[r.File]
		if !ok {
			i = len(doc.Suites)
			byFile[r.File] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: r.File})
		}
		s := &doc.Suites[i]
		c := junitCase{Name: r.Test, Classname: strings.SplitN(r.Name(), "/", 2)[0],
			File: r.File, Line: r.Line, Time: secs(r.Elapsed)}
		if !r.Passed {
			first, _, _ := strings.Cut(r.Failure, "\n")
			c.Failure = &junitFailure{Message: first, Text: r.Failure}
			s.Failures++
			doc.Failures++
		}
		s.Tests++
		doc.Tests++
		s.Cases = append(s.Cases, c)
		total += r.Elapsed
	}
	for i := range doc.Suites {
		var d time.Duration
		for _, c := range rs {
			if c.File == doc.Suites[i].Name {
				d += c.Elapsed
			}
		}
		doc.Suites[i].Time = secs(d)
	}
	doc.Time = secs(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
