package output

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

var (
	testRule = &rules.Rule{ID: "R1", Name: "Rule one", Severity: "High",
		Tactics: []string{"Collection"}, Techniques: []string{"T1119"}}
	testCols = []schema.Column{{Name: "Timestamp", Type: value.DateTime},
		{Name: "Cmd", Type: value.String}, {Name: "N", Type: value.Long},
		{Name: "Flag", Type: value.Bool}, {Name: "D", Type: value.Dynamic},
		{Name: "Missing", Type: value.Long}}
	testRows = [][]value.Value{{
		value.NewDateTime(time.Date(2025, 3, 14, 9, 26, 53, 446123400, time.UTC)),
		value.NewString("cmd /c \"dir\" /s,x"), value.NewLong(42), value.NewBool(true),
		value.NewArray(value.Array{value.NewString("a"), value.NewLong(1)}),
		value.Null(value.Long),
	}}
)

func TestFormats(t *testing.T) {
	cases := []struct {
		format string
		want   []string
	}{
		{"jsonl", []string{`{"rule":{"id":"R1","name":"Rule one","severity":"High",` +
			`"tactics":["Collection"],"techniques":["T1119"]},"row":{"Timestamp":` +
			`"2025-03-14T09:26:53.4461234Z","Cmd":"cmd /c \"dir\" /s,x","N":42,"Flag":true,` +
			`"D":["a",1],"Missing":null}}` + "\n"}},
		{"csv", []string{"RuleId,RuleName,Timestamp,Cmd,N,Flag,D,Missing\n",
			`R1,Rule one,2025-03-14T09:26:53.4461234Z,"cmd /c ""dir"" /s,x",42,true,` +
				`"[""a"",1]",` + "\n"}},
		{"table", []string{"R1 Rule one [High] 1 alert", "Timestamp", "Missing",
			"2025-03-14T09:26:53.4461234Z", `["a",1]`}},
	}
	for _, c := range cases {
		var b bytes.Buffer
		w, err := New(c.format, &b, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Result(testRule, testCols, testRows); err != nil {
			t.Fatal(err)
		}
		w.Close()
		for _, s := range c.want {
			if !strings.Contains(b.String(), s) {
				t.Errorf("%s output lacks %q:\n%s", c.format, s, b.String())
			}
		}
	}
	if _, err := New("xml", &b0, 0); err == nil {
		t.Error("unknown format accepted")
	}
}

var b0 bytes.Buffer

// TestNarrowTerminal prints rows as blocks when the table is too wide.
func TestNarrowTerminal(t *testing.T) {
	var b bytes.Buffer
	w, _ := New("table", &b, 40)
	w.Result(testRule, testCols, testRows)
	out := b.String()
	if !strings.Contains(out, "── 1 of 1 ──") || !strings.Contains(out, "Cmd        cmd /c") {
		t.Errorf("no record layout:\n%s", out)
	}
	if strings.Contains(out, "┌") {
		t.Errorf("table drawn on a 40-column terminal:\n%s", out)
	}
}
