package builtin

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

// sample returns a constant argument for a signature token, and its KQL
// text.
func sample(tok string) (value.Value, string) {
	if strings.HasPrefix(tok, "'") {
		s := strings.Trim(tok, "'")
		return S(s), `"` + s + `"`
	}
	if n, err := strconv.ParseInt(tok, 10, 64); err == nil {
		return L(n), tok
	}
	switch tok {
	case "string":
		return S("a"), `"a"`
	case "long":
		return L(1), "1"
	case "int":
		return I(1), "int(1)"
	case "real":
		return R(1.5), "1.5"
	case "bool":
		return B(true), "true"
	case "datetime":
		return D("2020-01-01"), "datetime(2020-01-01)"
	case "timespan":
		return T("1h"), "1h"
	case "guid":
		return ToGuid(S("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")),
			"guid(ae3133f2-6e22-49ae-b06a-16e6a9b212eb)"
	case "dynamic":
		return J(`[1]`), "dynamic([1])"
	case "bag":
		return J(`{"a":1}`), `dynamic({"a":1})`
	}
	panic("unknown signature token " + tok)
}

// sampleCall builds the arguments of a signature's sample call: required
// parameters only.
func sampleCall(params string) ([]Arg, []string) {
	var args []Arg
	var texts []string
	for _, tok := range strings.Fields(params) {
		if strings.HasSuffix(tok, "?") || strings.HasSuffix(tok, "...") {
			continue
		}
		v, text := sample(tok)
		vv := v
		args = append(args, Arg{Type: v.Type(), Const: &vv})
		texts = append(texts, text)
	}
	return args, texts
}

func requiredTokens(params string) []string {
	var out []string
	for _, tok := range strings.Fields(params) {
		if !strings.HasSuffix(tok, "?") && !strings.HasSuffix(tok, "...") {
			out = append(out, tok)
		}
	}
	return out
}

func sigNames(sigs []Signature) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, s.Name)
	}
	sort.Strings(out)
	return out
}

func TestCatalogMatchesImplementations(t *testing.T) {
	if got, want := strings.Join(Names(), " "), strings.Join(sigNames(Signatures), " "); got != want {
		t.Errorf("implemented functions and Signatures differ:\nimpl: %s\nsigs: %s", got, want)
	}
	got, want := strings.Join(AggNames(), " "), strings.Join(sigNames(AggSignatures), " ")
	if got != want {
		t.Errorf("implemented aggregations and AggSignatures differ:\nimpl: %s\nsigs: %s", got, want)
	}
	for _, s := range specials {
		if _, ok := Lookup(s.Name); ok {
			t.Errorf("%s is both special and implemented", s.Name)
		}
	}
}

func TestSignatureResultTypes(t *testing.T) {
	var dump []map[string]string
	env := &Env{Now: D("2024-01-01").Ticks()}
	for _, s := range Signatures {
		f, _ := Lookup(s.Name)
		args, texts := sampleCall(s.Params)
		typ, impl, err := f.Bind(args)
		if err != nil {
			t.Errorf("%s(%s): %v", s.Name, strings.Join(texts, ", "), err)
			continue
		}
		if typ.String() != s.Result {
			t.Errorf("%s(%s): type %s, catalog says %s", s.Name, strings.Join(texts, ", "), typ,
				s.Result)
		}
		vals := make([]value.Value, len(args))
		for i, a := range args {
			vals[i] = *a.Const
		}
		if v := impl(env, vals); v.Valid() && v.Type() != typ {
			t.Errorf("%s: value of type %s, bound type %s", s.Name, v.Type(), typ)
		}
		dump = append(dump, map[string]string{"id": s.Name,
			"query": "print r = " + s.Name + "(" + strings.Join(texts, ", ") + ")",
			"want":  s.Result})
	}
	for _, s := range AggSignatures {
		ag, _ := LookupAgg(s.Name)
		args, texts := sampleCall(s.Params)
		ts, mk, err := ag.Bind(args)
		if err != nil {
			t.Errorf("%s(%s): %v", s.Name, strings.Join(texts, ", "), err)
			continue
		}
		var names []string
		for _, ty := range ts {
			names = append(names, ty.String())
		}
		if strings.Join(names, " ") != s.Result {
			t.Errorf("%s(%s): types %v, catalog says %s", s.Name, strings.Join(texts, ", "),
				names, s.Result)
		}
		if res := mk().Result(); len(res) != len(ts) {
			t.Errorf("%s: %d results on empty input, %d types", s.Name, len(res), len(ts))
		}
	}
	// Argument-type variants: each typed parameter replaced by every other
	// sample type, recording whether Bind accepts the call.
	for _, s := range Signatures {
		f, _ := Lookup(s.Name)
		toks := requiredTokens(s.Params)
		for i, tok := range toks {
			if strings.HasPrefix(tok, "'") {
				continue
			}
			for _, alt := range []string{"string", "long", "real", "bool", "datetime",
				"timespan", "dynamic", "int"} {
				if alt == tok {
					continue
				}
				v2 := append([]string{}, toks...)
				v2[i] = alt
				args, texts := sampleCall(strings.Join(v2, " "))
				_, _, err := f.Bind(args)
				dump = append(dump, map[string]string{
					"id":    s.Name + "#" + strconv.Itoa(i) + alt,
					"query": "print r = " + s.Name + "(" + strings.Join(texts, ", ") + ")",
					"want":  strconv.FormatBool(err == nil)})
			}
		}
	}
	checkAnalyzer(t, dump)
	// KQLHUNT_ORACLE_DUMP=file writes the sample calls as kusto-oracle batch
	// input, to check the catalog's result types against Kusto's analyzer.
	if p := os.Getenv("KQLHUNT_ORACLE_DUMP"); p != "" {
		var b strings.Builder
		for _, d := range dump {
			line, _ := json.Marshal(d)
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// analyzerExceptions are calls where the real engine (conformance cases
// named beside each) and Kusto's analyzer disagree; the engine wins.
var analyzerExceptions = map[string]bool{
	"array_sort_asc#0bool": true, "array_sort_desc#0bool": true, "bin#1datetime": true,
	// kustainer r3-dynamic-json-0007, emulator jaccard-index-function-00: real.
	"jaccard_index": true,
	// kustainer r3-dynamic-json-0022: repeat of a dynamic value is rejected.
	"repeat#0dynamic": true,
}

// checkAnalyzer compares the sample calls with the analyzer's recorded
// verdicts in testdata/analyzer.tsv.
func checkAnalyzer(t *testing.T, dump []map[string]string) {
	data, err := os.ReadFile("testdata/analyzer.tsv")
	if err != nil {
		t.Fatal(err)
	}
	verdict := map[string][2]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		verdict[f[0]] = [2]string{f[1], f[2]}
	}
	checked := 0
	for _, d := range dump {
		v, ok := verdict[d["id"]]
		if !ok || analyzerExceptions[d["id"]] {
			continue
		}
		checked++
		if strings.Contains(d["id"], "#") {
			if (v[0] == "ok") != (d["want"] == "true") {
				t.Errorf("%s: we accept=%s, analyzer says %s", d["query"], d["want"], v[0])
			}
		} else if v[0] != "ok" || v[1] != d["want"] {
			t.Errorf("%s: type %s, analyzer says %s %s", d["query"], d["want"], v[0], v[1])
		}
	}
	if checked < 1000 {
		t.Errorf("only %d calls checked against the analyzer", checked)
	}
}
