package builtin

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

type strOpCase struct {
	name    string
	lhs, op string
	rhs     string
	want    bool
	needles []string // has_any / has_all / in / in~
}

// strOpCases holds SEMANTICS.md §1.11 (numbered), the "Settled since" cases,
// the seed query's needles and cases run on the real engine (kustainer).
var strOpCases = []strOpCase{
	{name: "1", lhs: "North America", op: "has", rhs: "america", want: true},
	{name: "2", lhs: "North America", op: "has", rhs: "amer", want: false},
	{name: "3", lhs: "North America", op: "has_cs", rhs: "America", want: true},
	{name: "4", lhs: "North America", op: "has_cs", rhs: "amer", want: false},
	{name: "5", lhs: "KustoExplorerQueryRun", op: "has", rhs: "Explorer", want: false},
	{name: "6", lhs: "KustoExplorerQueryRun", op: "contains", rhs: "Explorer", want: true},
	{name: "7", lhs: "North America", op: "hasprefix", rhs: "ame", want: true},
	{name: "8", lhs: "North America", op: "hasprefix", rhs: "mer", want: false},
	{name: "9", lhs: "North America", op: "hassuffix", rhs: "americ", want: false},
	{name: "10", lhs: "North and South America", op: "has_all",
		needles: []string{"south", "north"}, want: true},
	{name: "11", lhs: "North America", op: "has_any",
		needles: []string{"south", "north"}, want: true},
	{name: "12", lhs: "BA", op: "has", rhs: "b", want: false},
	{name: "13", lhs: url1005, op: "has", rhs: "resourcegroups/test.rg000001", want: true},
	{name: "14", lhs: url1005, op: "has", rhs: "/resourcegroups/test.rg000001?", want: true},
	{name: "15", lhs: "North America", op: "has", rhs: "North America", want: true},
	{name: "16",
		lhs: "/providers/microsoft.capacity/reservationorders/00000000-aaaa/reservations/1111",
		op:  "has", rhs: "/microsoft.capacity/reservationorders/", want: true},
	{name: "17", lhs: "/PROVIDERS/MICROSOFT.CAPACITY/RESERVATIONORDERS/00000000-AAAA",
		op: "has", rhs: "/microsoft.capacity/reservationorders/", want: true},
	{name: "18", lhs: "/providers/microsoft.capacity/reservationorders",
		op: "has", rhs: "/microsoft.capacity/reservationorders/", want: false},
	{name: "19", lhs: "/providers/microsoft.capacity.reservationorders/xxx",
		op: "has", rhs: "/microsoft.capacity/reservationorders/", want: false},
	{name: "20", lhs: "/providers/microsoft.capacity/reservationorders123/xxx",
		op: "has", rhs: "/microsoft.capacity/reservationorders/", want: false},
	{name: "21", lhs: "/subscriptions/s1/xprovidersx/foo", op: "has", rhs: "/providers/"},
	{name: "22", lhs: "/subscriptions/a.providers.b/foo", op: "has", rhs: "/providers/"},
	{name: "23", lhs: "XWindows Server BYOL", op: "has", rhs: "Windows Server BYOL"},
	{name: "23c", lhs: "XWindows Server BYOL", op: "contains", rhs: "Windows Server BYOL",
		want: true},
	{name: "24", lhs: "Windows Server BYOLX", op: "has", rhs: "Windows Server BYOL"},
	{name: "25", lhs: "windows server byol", op: "has", rhs: "Windows Server BYOL", want: true},
	{name: "26", lhs: "WindowsServer", op: "has", rhs: "Windows"},
	{name: "27", lhs: "Free Trials", op: "has", rhs: "Trial"},
	{name: "28", lhs: "Disk / Snapshot", op: "has", rhs: "/", want: true},
	{name: "29", lhs: "Virtual machine", op: "has", rhs: "/"},
	{name: "30", lhs: "", op: "has", rhs: "Windows"},
	{name: "31", lhs: "true", op: "=~", rhs: "true", want: true}, // dynamic true as text
	{name: "33", lhs: `Get-ChildItem -Path C:\ -Recurse`, op: "has", rhs: "-Recurse", want: true},
	{name: "34", lhs: "foo -RecurseX", op: "has", rhs: "-Recurse"},
	{name: "35", lhs: "x-Recurse", op: "has", rhs: "-Recurse", want: true},
	{name: "36", lhs: "report.docx", op: "has", rhs: ".docx", want: true},
	{name: "37", lhs: "report.docxm", op: "has", rhs: ".docx"},
	{name: "38", lhs: "cmd.exe /c dir /s /b", op: "has", rhs: "/s", want: true},
	{name: "39", lhs: "cmd.exe /c dir /sb", op: "has", rhs: "/s"},
	{name: "40", lhs: "dir /s /b", op: "has", rhs: " /s ", want: true},
	{name: "41", lhs: "cmd /c dir /s", op: "has", rhs: " /s "},
	{name: "42", lhs: "x a y", op: "has", rhs: " a ", want: true},
	{name: "43", lhs: "a b", op: "has", rhs: " a "},
	{name: "44", lhs: "wevtutil cl System", op: "has", rhs: "CL", want: true},
	{name: "45", lhs: "wevtutil clear-log System", op: "has", rhs: "cl"},
	{name: "46", lhs: "host.contoso.com", op: "has", rhs: ".", want: true},
	{name: "47", lhs: "net user /add", op: "has", rhs: "net user", want: true},
	{name: "48", lhs: "net  user", op: "has", rhs: "net user"},
	{name: "49", lhs: "NT_AUTHORITY", op: "has", rhs: "AUTHORITY", want: true},
	{name: "50", lhs: "FabriKam", op: "contains", rhs: "BRik", want: true},
	{name: "51", lhs: "Fabrikam", op: "startswith", rhs: "fab", want: true},
	{name: "52", lhs: "Fabrikam", op: "endswith_cs", rhs: "kam", want: true},
	{name: "54", lhs: "abc", op: "=~", rhs: "ABC", want: true},
	{name: "55", lhs: "abc", op: "!=", rhs: "ABC", want: true},
	{name: "56", lhs: "bca", op: "!in", needles: []string{"123", "345", "abc"}, want: true},
	{name: "57", lhs: "Abc", op: "in~", needles: []string{"123", "345", "abc"}, want: true},
	{name: "58", lhs: "Abc", op: "in", needles: []string{"abc"}},

	// Settled since: real-engine results.
	{name: "us1", lhs: "alpha_beta", op: "has", rhs: "alpha", want: true},
	{name: "us2", lhs: "1_2_3", op: "has", rhs: "1", want: true},
	{name: "uni1", lhs: "naïve", op: "has", rhs: "naïve", want: true},
	{name: "uni2", lhs: "NAÏVE", op: "has", rhs: "naïve", want: true},
	{name: "uni3", lhs: "naive", op: "has", rhs: "naïve"},
	{name: "uni4", lhs: "ПриветМир", op: "has", rhs: "привет"},
	{name: "uni5", lhs: "Привет Мир", op: "has", rhs: "привет", want: true},
	{name: "uni6", lhs: "МИР привет", op: "has", rhs: "привет", want: true},
	{name: "sp1", lhs: "a b", op: "has", rhs: " ", want: true},
	{name: "sp2", lhs: "a\tb", op: "has", rhs: " "},
	{name: "sp3", lhs: "ab", op: "has", rhs: " "},
	{name: "sp4", lhs: "gci -r", op: "has", rhs: "gci ", want: true},
	{name: "sp5", lhs: "gci\t-r", op: "has", rhs: "gci "},

	// The seed query's needles.
	{name: "seed1", lhs: "report.docx", op: "has", rhs: ".doc"},
	{name: "seed2", lhs: "cmd /c dir /s /b", op: "has", rhs: "/s", want: true},
	{name: "seed3", lhs: "cmd /c dir /sub", op: "has", rhs: "/s"},
	{name: "seed4", lhs: "GCI -Recurse c:\\", op: "has", rhs: "gci ", want: true},
	{name: "seed5", lhs: "gci", op: "has", rhs: "gci "},
	{name: "seed6", lhs: `7z.exe a out.7z C:\Users\x\Documents\*.docx`, op: "has_any",
		needles: seedExtensions, want: true},
	{name: "seed7", lhs: `7z.exe a out.7z C:\Users\x\report.docm`, op: "has_any",
		needles: seedExtensions},
	{name: "seed8", lhs: `python.exe -c "import os; os.walk('.')"`, op: "has_any",
		needles: []string{"os.walk", "glob.glob"}, want: true},
	{name: "seed9", lhs: "robocopy a b /MIR", op: "has_any",
		needles: []string{"/s", "/e", "/S", "/E"}},

	// Real-engine cases (kustainer-oracle-cases.jsonl).
	{name: "k1", lhs: "hello-world", op: "has_cs", rhs: "hello", want: true},
	{name: "k2", lhs: "HELLO", op: "has_cs", rhs: "hello"},
	{name: "k3", lhs: "hi.world", op: "has_cs", rhs: "hello"},
	{name: "k4", lhs: "x.bar.y", op: "has", rhs: "bar", want: true},
	{name: "k5", lhs: "foobar", op: "has", rhs: "bar"},
	{name: "k6", lhs: "12.34.56", op: "has", rhs: "34", want: true},
	{name: "k7", lhs: "123456", op: "has", rhs: "34"},
	{name: "k8", lhs: "tag==value", op: "has", rhs: "value", want: true},
	{name: "k9", lhs: "CAFÉ RÉSUMÉ", op: "has", rhs: "café", want: true},
	{name: "k10", lhs: "CAFÉ RÉSUMÉ", op: "=~", rhs: "café résumé", want: true},
	{name: "k11", lhs: "cafe resume", op: "has", rhs: "café"},
	{name: "k12", lhs: "category", op: "hasprefix", rhs: "cat", want: true},
	{name: "k13", lhs: "scatter", op: "hasprefix", rhs: "cat"},
	{name: "k14", lhs: "end.", op: "hassuffix", rhs: "end", want: true},
	{name: "k15", lhs: "end ", op: "hassuffix", rhs: "end", want: true},
	{name: "k16", lhs: "ending", op: "hassuffix", rhs: "end"},
	{name: "k17", lhs: "end ", op: "endswith", rhs: "end"},
	{name: "k18", lhs: "hello world", op: "has", rhs: "o"},
	{name: "k19", lhs: "", op: "has", rhs: "", want: true},
	{name: "k20", lhs: "alpha", op: "has_cs", rhs: "a"},
	{name: "k21", lhs: "O'Brien", op: "hassuffix", rhs: "", want: true},
	{name: "k22", lhs: "aaa\u200bbbb", op: "has", rhs: " "},
	{name: "k23", lhs: "abcxyzabc", op: "has", rhs: "abc"},
	{name: "k24", lhs: "Hello\nWorld", op: "contains", rhs: "\n", want: true},
	{name: "k25", lhs: "The.Quick.Brown", op: "has_cs", rhs: "Quick", want: true},
	{name: "k26", lhs: "BROWN-quick", op: "has_cs", rhs: "Quick"},

	// Edges of the implementation.
	{name: "e1", lhs: "ab", op: "contains", rhs: "", want: true},
	{name: "e2", lhs: "xx KELVIN", op: "has", rhs: "kelvin", want: true},
	{name: "e3", lhs: "Straße", op: "has", rhs: "STRASSE"},
	{name: "e4", lhs: "ÉCOLE", op: "startswith", rhs: "éc", want: true},
	{name: "e5", lhs: "école", op: "endswith", rhs: "OLE", want: true},
	{name: "e6", lhs: "é", op: "endswith", rhs: "xé"},
	{name: "e7", lhs: "abc", op: "has_all", want: true},
	{name: "e8", lhs: "abc", op: "has_any"},
	{name: "e9", lhs: "a.b", op: "has_all", needles: []string{"a", "b", "A", "."}, want: true},
	{name: "e10", lhs: "a.b", op: "has_all", needles: []string{"a", "c"}},
	{name: "e11", lhs: "Ünïcödé", op: "in~", needles: []string{"üNÏCÖDÉ"}, want: true},
	{name: "e12", lhs: "aaa", op: "has", rhs: "aa"},
	{name: "e13", lhs: "xa-a", op: "has", rhs: "a-a"},
	{name: "e14", lhs: "a-a-ax", op: "has", rhs: "a-a", want: true},
}

const url1005 = "https://management.azure.com/subscriptions/00000000-0000-0000-0000-" +
	"000000000000/resourcegroups/test.rg000001?api-version=2021-04-01"

var seedExtensions = []string{
	".doc", ".docx", ".xls", ".xlsx", ".pdf", ".ppt", ".pptx",
	".mdb", ".accdb", ".csv", ".pst", ".ost", ".kdbx", ".pfx",
	".pem", ".p12", ".key", ".rtf", ".txt",
}

func evalStrOp(c strOpCase) bool {
	switch c.op {
	case "has":
		return Has(c.lhs, c.rhs)
	case "has_cs":
		return HasCS(c.lhs, c.rhs)
	case "hasprefix":
		return HasPrefix(c.lhs, c.rhs)
	case "hassuffix":
		return HasSuffix(c.lhs, c.rhs)
	case "contains":
		return Contains(c.lhs, c.rhs)
	case "startswith":
		return StartsWith(c.lhs, c.rhs)
	case "endswith":
		return EndsWith(c.lhs, c.rhs)
	case "endswith_cs":
		return EndsWithCS(c.lhs, c.rhs)
	case "=~":
		return EqualFold(c.lhs, c.rhs)
	case "!=":
		return c.lhs != c.rhs
	case "has_any":
		return NewTermMatcher(c.needles, false).Any(c.lhs)
	case "has_all":
		return NewTermMatcher(c.needles, false).All(c.lhs)
	case "in":
		return NewStringSet(c.needles, false).Has(c.lhs)
	case "!in":
		return !NewStringSet(c.needles, false).Has(c.lhs)
	case "in~":
		return NewStringSet(c.needles, true).Has(c.lhs)
	}
	panic("unknown op " + c.op)
}

func TestStringOperators(t *testing.T) {
	for _, c := range strOpCases {
		if got := evalStrOp(c); got != c.want {
			t.Errorf("%s: %q %s %q %q = %v, want %v", c.name, c.lhs, c.op, c.rhs, c.needles,
				got, c.want)
		}
	}
}

// TestMatcherAgreesWithHas checks each single-needle has case through the
// matcher too, in both case modes.
func TestMatcherAgreesWithHas(t *testing.T) {
	for _, c := range strOpCases {
		switch c.op {
		case "has":
			if got := NewTermMatcher([]string{c.rhs}, false).Any(c.lhs); got != c.want {
				t.Errorf("%s: matcher(%q).Any(%q) = %v", c.name, c.rhs, c.lhs, got)
			}
		case "has_cs":
			if got := NewTermMatcher([]string{c.rhs}, true).Any(c.lhs); got != c.want {
				t.Errorf("%s: matcher_cs(%q).Any(%q) = %v", c.name, c.rhs, c.lhs, got)
			}
		}
	}
}

var alphabet = []string{"a", "b", "A", "B", "1", " ", ".", "/", "-", "_", "é", "É", "ж", "Ж",
	"\t", "K", "ab", "ba", "a b"}

func randText(r *rand.Rand, max int) string {
	var sb strings.Builder
	n := r.Intn(max + 1)
	for i := 0; i < n; i++ {
		sb.WriteString(alphabet[r.Intn(len(alphabet))])
	}
	return sb.String()
}

func TestTermMatcherRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 20000; iter++ {
		needles := make([]string, 1+r.Intn(6))
		for i := range needles {
			needles[i] = randText(r, 4)
		}
		hay := randText(r, 20)
		for _, cs := range []bool{false, true} {
			has := Has
			if cs {
				has = HasCS
			}
			m := NewTermMatcher(needles, cs)
			anyWant, allWant := false, true
			for _, nd := range needles {
				h := has(hay, nd)
				anyWant = anyWant || h
				allWant = allWant && h
			}
			if got := m.Any(hay); got != anyWant {
				t.Fatalf("cs=%v Any(%q) over %q = %v, loop says %v", cs, hay, needles, got, anyWant)
			}
			if got := m.All(hay); got != allWant {
				t.Fatalf("cs=%v All(%q) over %q = %v, loop says %v", cs, hay, needles, got, allWant)
			}
		}
	}
}

// TestHasFoldAgrees checks the ASCII fast path against the rune path.
func TestHasFoldAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for iter := 0; iter < 20000; iter++ {
		hay, nd := randText(r, 12), randText(r, 3)
		want := HasCS(Fold(hay), Fold(nd))
		if got := Has(hay, nd); got != want {
			t.Fatalf("Has(%q, %q) = %v, folded has_cs says %v", hay, nd, got, want)
		}
		if got, want := Contains(hay, nd), strings.Contains(Fold(hay), Fold(nd)); got != want {
			t.Fatalf("Contains(%q, %q) = %v, want %v", hay, nd, got, want)
		}
		if got, want := EqualFold(hay, nd), Fold(hay) == Fold(nd); got != want {
			t.Fatalf("EqualFold(%q, %q) = %v, want %v", hay, nd, got, want)
		}
	}
}

func TestTermMatcherManyNeedles(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	needles := make([]string, 10000)
	for i := range needles {
		needles[i] = strings.Repeat(string(rune('a'+r.Intn(26))), 1+r.Intn(3)) +
			string(rune('0'+i%10)) + string(rune('a'+i/10%26)) + "." + string(rune('a'+i/260%26))
	}
	m := NewTermMatcher(needles, false)
	for _, nd := range needles[:200] {
		hay := "prefix " + strings.ToUpper(nd) + " suffix"
		if !m.Any(hay) {
			t.Fatalf("Any(%q) = false", hay)
		}
	}
	if m.Any("nothing to see here") {
		t.Fatal("Any matched a plain sentence")
	}
	all := strings.Join(needles, " ")
	if !m.All(all) {
		t.Fatal("All over the joined needles = false")
	}
}

func TestAllocs(t *testing.T) {
	m := NewTermMatcher(seedExtensions, false)
	set := NewStringSet([]string{"powershell.exe", "pwsh.exe"}, true)
	line := benchLine
	n := testing.AllocsPerRun(100, func() {
		_ = Has(line, "Get-ChildItem")
		_ = Contains(line, "RECURSE")
		_ = m.Any(line)
		_ = m.All(line)
		_ = set.Has("PowerShell.EXE")
		_ = EqualFold("PowerShell.exe", "powershell.EXE")
	})
	if n != 0 {
		t.Errorf("ASCII string operators allocate: %v allocs per run", n)
	}
}

const benchLine = `"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile ` +
	`-Command "Get-ChildItem -Path C:\Users\alice\AppData\Local\Temp -Filter *.log ` +
	`-Recurse | Select-Object FullName, Length | Export-Csv out.csvx"`

func BenchmarkHas(b *testing.B) {
	for b.Loop() {
		Has(benchLine, "-recurse")
	}
}

func BenchmarkHasAnyLoop(b *testing.B) {
	for b.Loop() {
		for _, nd := range seedExtensions {
			if Has(benchLine, nd) {
				break
			}
		}
	}
}

func BenchmarkHasAnyMatcher(b *testing.B) {
	m := NewTermMatcher(seedExtensions, false)
	for b.Loop() {
		m.Any(benchLine)
	}
}

func FuzzHas(f *testing.F) {
	f.Add("cmd.exe /c dir /s /b", "/s")
	f.Add("NAÏVE", "naïve")
	f.Add("a b", " ")
	f.Fuzz(func(t *testing.T, hay, needle string) {
		if !utf8.ValidString(hay) || !utf8.ValidString(needle) {
			return // KQL strings are valid Unicode
		}
		want := HasCS(Fold(hay), Fold(needle))
		if got := Has(hay, needle); got != want {
			t.Fatalf("Has(%q, %q) = %v, folded has_cs %v", hay, needle, got, want)
		}
		if got := NewTermMatcher([]string{needle}, false).Any(hay); got != want {
			t.Fatalf("matcher(%q).Any(%q) = %v, want %v", needle, hay, got, want)
		}
		if got, w := NewTermMatcher([]string{needle}, true).Any(hay), HasCS(hay, needle); got != w {
			t.Fatalf("matcher_cs(%q).Any(%q) = %v, want %v", needle, hay, got, w)
		}
	})
}

func BenchmarkHasAnyMatcher10k(b *testing.B) {
	needles := make([]string, 10000)
	for i := range needles {
		needles[i] = "needle" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) +
			string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
	}
	m := NewTermMatcher(needles, false)
	b.ResetTimer()
	for b.Loop() {
		m.Any(benchLine)
	}
}

func FuzzTermMatcher(f *testing.F) {
	f.Add("cmd.exe /c dir /s /b report.docx", ".doc|/s|gci ")
	f.Add("ПРИВЕТ мир_x", "привет|x|_")
	f.Fuzz(func(t *testing.T, hay, list string) {
		if !utf8.ValidString(hay) || !utf8.ValidString(list) {
			return
		}
		needles := strings.Split(list, "|")
		for _, cs := range []bool{false, true} {
			has := Has
			if cs {
				has = HasCS
			}
			anyWant, allWant := false, true
			for _, nd := range needles {
				h := has(hay, nd)
				anyWant = anyWant || h
				allWant = allWant && h
			}
			m := NewTermMatcher(needles, cs)
			if m.Any(hay) != anyWant || m.All(hay) != allWant {
				t.Fatalf("cs=%v %q over %q: Any %v All %v, loop %v %v", cs, hay, needles,
					m.Any(hay), m.All(hay), anyWant, allWant)
			}
		}
	})
}
