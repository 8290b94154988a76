package kql_test

import (
	"strconv"
	"testing"
)

// TestStringOperators runs SEMANTICS.md §1.11 and the "Settled since"
// cases end to end: print(LHS op RHS).
func TestStringOperators(t *testing.T) {
	const na = "North America"
	const url = "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000" +
		"/resourcegroups/test.rg000001?api-version=2021-04-01"
	const ri = "/microsoft.capacity/reservationorders/"
	cases := []struct {
		lhs, op, rhs string
		want         bool
	}{
		{na, "has", "america", true}, {na, "has", "amer", false},
		{na, "has_cs", "America", true}, {na, "has_cs", "amer", false},
		{"KustoExplorerQueryRun", "has", "Explorer", false},
		{"KustoExplorerQueryRun", "contains", "Explorer", true},
		{na, "hasprefix", "ame", true}, {na, "hasprefix", "mer", false},
		{na, "hassuffix", "americ", false}, {na, "hassuffix", "ica", true},
		{"BA", "has", "b", false},
		{url, "has", "resourcegroups/test.rg000001", true},
		{url, "has", "/resourcegroups/test.rg000001?", true},
		{na, "has", na, true},
		{"/providers/microsoft.capacity/reservationorders/00000000-aaaa/reservations/1111",
			"has", ri, true},
		{"/PROVIDERS/MICROSOFT.CAPACITY/RESERVATIONORDERS/00000000-AAAA", "has", ri, true},
		{"/providers/microsoft.capacity/reservationorders", "has", ri, false},
		{"/providers/microsoft.capacity.reservationorders/xxx", "has", ri, false},
		{"/providers/microsoft.capacity/reservationorders123/xxx", "has", ri, false},
		{"/subscriptions/s1/xprovidersx/foo", "has", "/providers/", false},
		{"/subscriptions/a.providers.b/foo", "has", "/providers/", false},
		{"XWindows Server BYOL", "has", "Windows Server BYOL", false},
		{"XWindows Server BYOL", "contains", "Windows Server BYOL", true},
		{"Windows Server BYOLX", "has", "Windows Server BYOL", false},
		{"windows server byol", "has", "Windows Server BYOL", true},
		{"WindowsServer", "has", "Windows", false},
		{"Free Trials", "has", "Trial", false},
		{"Disk / Snapshot", "has", "/", true}, {"Disk / Snapshot", "!has", "/", false},
		{"Virtual machine", "has", "/", false},
		{"", "has", "Windows", false}, {"", "!has", "Windows", true},
		{`Get-ChildItem -Path C:\ -Recurse`, "has", "-Recurse", true},
		{"foo -RecurseX", "has", "-Recurse", false},
		{"x-Recurse", "has", "-Recurse", true},
		{"report.docx", "has", ".docx", true}, {"report.docxm", "has", ".docx", false},
		{"cmd.exe /c dir /s /b", "has", "/s", true}, {"cmd.exe /c dir /sb", "has", "/s", false},
		{"dir /s /b", "has", " /s ", true}, {"cmd /c dir /s", "has", " /s ", false},
		{"x a y", "has", " a ", true}, {"a b", "has", " a ", false},
		{"wevtutil cl System", "has", "CL", true},
		{"wevtutil clear-log System", "has", "cl", false},
		{"host.contoso.com", "has", ".", true},
		{"net user /add", "has", "net user", true}, {"net  user", "has", "net user", false},
		{"NT_AUTHORITY", "has", "AUTHORITY", true},
		{"FabriKam", "contains", "BRik", true}, {"Fabrikam", "startswith", "fab", true},
		{"Fabrikam", "endswith_cs", "kam", true},
		{"Fabrikam", "matches regex", "b.*k", true},
		{"abc", "=~", "ABC", true}, {"abc", "!=", "ABC", true}, {"abc", "==", "ABC", false},
		{"Abc", "!~", "abc", false},
		// Settled since: underscore separates, Unicode letters are term characters.
		{"alpha_beta", "has", "alpha", true}, {"1_2_3", "has", "1", true},
		{"naïve", "has", "naïve", true}, {"NAÏVE", "has", "naïve", true},
		{"naïve", "has", "naive", false}, {"ПриветМир", "has", "привет", false},
		{"Привет Мир", "has", "привет", true},
		{"МИР привет", "has", "привет", true},
		{"a b", "has", " ", true}, {"a\tb", "has", " ", false}, {"ab", "has", " ", false},
		{"gci -r", "has", "gci ", true}, {"gci\t-r", "has", "gci ", false},
		{"Fabrikam", "!startswith", "fab", false}, {"Fabrikam", "!contains_cs", "fab", true},
		{"Fabrikam", "startswith_cs", "fab", false}, {"Fabrikam", "endswith", "KAM", true},
		{"Fabrikam", "hasprefix_cs", "Fab", true}, {"Fabrikam", "hassuffix_cs", "Kam", false},
	}
	for i, c := range cases {
		q := "print r = " + strconv.Quote(c.lhs) + " " + c.op + " " + strconv.Quote(c.rhs)
		want := "r:bool\n" + strconv.FormatBool(c.want)
		if got := evalText(t, q); got != want {
			t.Errorf("#%d %s: got %q, want %v", i, q, got, c.want)
		}
	}
}

func TestListOperators(t *testing.T) {
	runCases(t, []queryCase{
		{"has_all", `print r = "North and South America" has_all ("south","north")`, "r:bool\ntrue"},
		{"has_any", `print r = "North America" has_any ("south","north")`, "r:bool\ntrue"},
		{"has_any dynamic", `let L = dynamic([".exe", "x"]); print r = "a.exe" has_any (L)`,
			"r:bool\ntrue"},
		{"has_any none", `print r = "abc" has_any ("x", "y")`, "r:bool\nfalse"},
		{"!in", `print r = "bca" !in ("123","345","abc")`, "r:bool\ntrue"},
		{"in~", `print r = "Abc" in~ ("123","345","abc")`, "r:bool\ntrue"},
		{"in cs", `print r = "Abc" in ("abc")`, "r:bool\nfalse"},
		{"!in~", `print r = "Abc" !in~ ("abc")`, "r:bool\nfalse"},
		{"in numbers", `print r = 2 in (1, 2)`, "r:bool\ntrue"},
		{"null in", `print r = long(null) in (1), s = long(null) !in (1)`,
			"r:bool,s:bool\nfalse|true"},
		{"in subquery", `let T = datatable(x:string)["a","b"]; print r = "b" in (T)`, "r:bool\ntrue"},
		{"between", `print r = 5 between (1 .. 5), s = 6 !between (1 .. 5)`,
			"r:bool,s:bool\ntrue|true"},
		{"between datetime span", `print r = datetime(2007-07-28) between ` +
			`(datetime(2007-07-27) .. 3d)`, "r:bool\ntrue"},
		{"dynamic =~", `print r = dynamic({"AHB": true}).AHB =~ "true", ` +
			`s = dynamic(null).AHB =~ "true"`, "r:bool,s:bool\ntrue|false"},
	})
}
