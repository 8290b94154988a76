package export

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
)

// seedColumns are the result columns of the seed query (its final project).
var seedColumns = []string{"Timestamp", "DeviceName", "AccountName", "FileName",
	"ProcessCommandLine", "InitiatingProcessFileName", "InitiatingProcessCommandLine",
	"AutoColl_RecursiveSearch", "AutoColl_SensitiveExt", "AutoColl_ArchiveTool",
	"AutoColl_MassCopy", "AutoColl_CredentialFiles"}

func seed(t *testing.T) *rules.Rule {
	t.Helper()
	r, ok := rules.BuiltinByID("T1119")
	if !ok {
		t.Fatal("built-in rule T1119 missing")
	}
	return r
}

// isoDuration is ISO 8601's duration form as ARM wants it.
var isoDuration = regexp.MustCompile(`^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$`)

// checkARM asserts what Microsoft documents for a scheduled alert rule
// resource: the fields it requires and the values it allows.
func checkARM(t *testing.T, text []byte, cols []string) map[string]any {
	t.Helper()
	var doc struct {
		Schema    string `json:"$schema"`
		Resources []struct {
			Type, APIVersion, Name, Scope, Kind string
			Properties                          map[string]any
		}
	}
	if err := json.Unmarshal(text, &doc); err != nil {
		t.Fatalf("ARM template is not JSON: %v\n%s", err, text)
	}
	if !strings.Contains(doc.Schema, "deploymentTemplate.json") {
		t.Errorf("$schema = %q", doc.Schema)
	}
	if len(doc.Resources) != 1 {
		t.Fatalf("%d resources, want 1", len(doc.Resources))
	}
	res := doc.Resources[0]
	if res.Type != "Microsoft.SecurityInsights/alertRules" {
		t.Errorf("type = %q", res.Type)
	}
	if res.APIVersion != APIVersion || strings.Contains(res.APIVersion, "preview") {
		t.Errorf("apiVersion = %q, want the stable %s", res.APIVersion, APIVersion)
	}
	if res.Kind != "Scheduled" {
		t.Errorf("kind = %q", res.Kind)
	}
	if !isGUID(res.Name) {
		t.Errorf("name %q is not a GUID", res.Name)
	}
	if !strings.Contains(res.Scope, "Microsoft.OperationalInsights/workspaces/") {
		t.Errorf("scope = %q", res.Scope)
	}
	p := res.Properties
	// Required by the resource's schema.
	for _, k := range []string{"displayName", "enabled", "suppressionDuration",
		"suppressionEnabled"} {
		if _, ok := p[k]; !ok {
			t.Errorf("required property %s missing", k)
		}
	}
	// What a scheduled rule needs to run.
	for _, k := range []string{"query", "queryFrequency", "queryPeriod", "severity",
		"triggerOperator", "triggerThreshold"} {
		if _, ok := p[k]; !ok {
			t.Errorf("property %s missing", k)
		}
	}
	if _, ok := p["enabled"].(bool); !ok {
		t.Errorf("enabled = %v, want a bool", p["enabled"])
	}
	if !slices.Contains(Severities, p["severity"].(string)) {
		t.Errorf("severity %v not allowed", p["severity"])
	}
	ops := []string{"GreaterThan", "LessThan", "Equal", "NotEqual"}
	if !slices.Contains(ops, p["triggerOperator"].(string)) {
		t.Errorf("triggerOperator %v not allowed", p["triggerOperator"])
	}
	for _, k := range []string{"queryFrequency", "queryPeriod", "suppressionDuration"} {
		if s, _ := p[k].(string); !isoDuration.MatchString(s) {
			t.Errorf("%s = %q, not an ISO 8601 duration", k, s)
		}
	}
	for _, tac := range p["tactics"].([]any) {
		if !slices.Contains(Tactics, tac.(string)) {
			t.Errorf("tactic %v not allowed", tac)
		}
	}
	for _, tech := range p["techniques"].([]any) {
		if !regexp.MustCompile(`^T\d{4}$`).MatchString(tech.(string)) {
			t.Errorf("technique %v: want T and four digits", tech)
		}
	}
	ems, _ := p["entityMappings"].([]any)
	for _, em := range ems {
		m := em.(map[string]any)
		typ := m["entityType"].(string)
		if !slices.Contains(EntityTypes, typ) {
			t.Errorf("entityType %q not allowed", typ)
		}
		for _, fm := range m["fieldMappings"].([]any) {
			f := fm.(map[string]any)
			if ids, ok := Identifiers[typ]; ok && !slices.Contains(ids, f["identifier"].(string)) {
				t.Errorf("%s identifier %v not allowed", typ, f["identifier"])
			}
			if cols != nil && !slices.Contains(cols, f["columnName"].(string)) {
				t.Errorf("entity column %v is not a result column", f["columnName"])
			}
		}
	}
	if g, _ := p["eventGroupingSettings"].(map[string]any); g != nil &&
		!slices.Contains(EventGroupings, g["aggregationKind"].(string)) {
		t.Errorf("aggregationKind %v not allowed", g["aggregationKind"])
	}
	return p
}

func TestExportSeedARM(t *testing.T) {
	r := seed(t)
	res, err := Export(r, "arm", Options{Columns: seedColumns, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	p := checkARM(t, res.Text, seedColumns)
	want := map[string]any{
		"displayName": r.Name, "severity": "Medium", "enabled": true,
		"queryFrequency": "PT1H", "queryPeriod": "P1D", "triggerOperator": "GreaterThan",
		"triggerThreshold": float64(0), "suppressionEnabled": false, "query": r.Query,
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %#v, want %#v", k, p[k], v)
		}
	}
	var got []string
	for _, em := range p["entityMappings"].([]any) {
		m := em.(map[string]any)
		f := m["fieldMappings"].([]any)[0].(map[string]any)
		got = append(got, m["entityType"].(string)+"="+f["columnName"].(string))
	}
	wantMap := []string{"Host=DeviceName", "Account=AccountName", "Process=ProcessCommandLine"}
	if !slices.Equal(got, wantMap) {
		t.Errorf("entity mappings %v, want %v", got, wantMap)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestExportSentinelYAMLRoundTrip(t *testing.T) {
	r := seed(t)
	res, err := Export(r, "sentinel-yaml", Options{Columns: seedColumns})
	if err != nil {
		t.Fatal(err)
	}
	back, err := rules.Parse(res.Text, "export")
	if err != nil {
		t.Fatalf("exported YAML does not load: %v\n%s", err, res.Text)
	}
	if back.Query != r.Query {
		t.Errorf("query changed:\n%q\nwant\n%q", back.Query, r.Query)
	}
	checks := []struct{ name, got, want string }{
		{"id", back.GUID, r.GUID},
		{"name", back.Name, r.Name},
		{"severity", back.Severity, r.Severity},
		{"kind", back.Kind, "Scheduled"},
		{"triggerOperator", back.TriggerOperator, "gt"},
		{"tactics", strings.Join(back.Tactics, ","), "Collection"},
		{"techniques", strings.Join(back.Techniques, ","), "T1119"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if back.QueryFrequency != time.Hour || back.QueryPeriod != 24*time.Hour {
		t.Errorf("schedule %v/%v", back.QueryFrequency, back.QueryPeriod)
	}
	if len(back.EntityMappings) != 3 {
		t.Errorf("entity mappings %v", back.EntityMappings)
	}
	for _, key := range []string{"requiredDataConnectors:", "connectorId: MicrosoftThreatProtection",
		"- DeviceProcessEvents", "query: |", "version: 1.0.0"} {
		if !strings.Contains(string(res.Text), key) {
			t.Errorf("YAML lacks %q:\n%s", key, res.Text)
		}
	}
}

func TestExportDropsMappingsOnMissingColumns(t *testing.T) {
	r := *seed(t)
	r.EntityMappings = append(slices.Clone(r.EntityMappings), rules.EntityMapping{
		EntityType:    "File",
		FieldMappings: []rules.FieldMapping{{Identifier: "Name", ColumnName: "FolderPath"}}})
	r.CustomDetails = map[string]string{"Parent": "InitiatingProcessFileName",
		"Folder": "FolderPath"}
	res, err := Export(&r, "arm", Options{Columns: seedColumns})
	if err != nil {
		t.Fatal(err)
	}
	p := checkARM(t, res.Text, seedColumns)
	if n := len(p["entityMappings"].([]any)); n != 3 {
		t.Errorf("%d entity mappings, want 3 (File on FolderPath dropped)", n)
	}
	cd := p["customDetails"].(map[string]any)
	if len(cd) != 1 || cd["Parent"] != "InitiatingProcessFileName" {
		t.Errorf("customDetails = %v", cd)
	}
	if len(res.Warnings) != 2 {
		t.Errorf("warnings %q, want 2", res.Warnings)
	}
}

func TestExportErrorsAndDefaults(t *testing.T) {
	base := func() *rules.Rule {
		return &rules.Rule{ID: "x", Name: "x", Query: "DeviceProcessEvents | take 1"}
	}
	cases := []struct {
		name    string
		edit    func(r *rules.Rule)
		wantErr string
		check   func(t *testing.T, p map[string]any)
	}{
		{name: "defaults", edit: func(*rules.Rule) {}, check: func(t *testing.T, p map[string]any) {
			if p["queryFrequency"] != "PT1H" || p["queryPeriod"] != "P1D" ||
				p["suppressionDuration"] != "PT5H" || p["severity"] != "Medium" {
				t.Errorf("defaults: %v", p)
			}
		}},
		{name: "lt 5", edit: func(r *rules.Rule) { r.TriggerOperator, r.TriggerThreshold = "lt", 5 },
			check: func(t *testing.T, p map[string]any) {
				if p["triggerOperator"] != "LessThan" || p["triggerThreshold"] != float64(5) {
					t.Errorf("trigger: %v %v", p["triggerOperator"], p["triggerThreshold"])
				}
			}},
		{name: "suppression", edit: func(r *rules.Rule) {
			r.SuppressionEnabled, r.SuppressionDuration = true, 90*time.Minute
		}, check: func(t *testing.T, p map[string]any) {
			if p["suppressionEnabled"] != true || p["suppressionDuration"] != "PT1H30M" {
				t.Errorf("suppression: %v %v", p["suppressionEnabled"], p["suppressionDuration"])
			}
		}},
		{name: "sub-technique", edit: func(r *rules.Rule) {
			r.Techniques = []string{"T1560.001", "T1560", "t1005"}
		}, check: func(t *testing.T, p map[string]any) {
			got := p["techniques"].([]any)
			if len(got) != 2 || got[0] != "T1560" || got[1] != "T1005" {
				t.Errorf("techniques %v", got)
			}
		}},
		{name: "query starting with [", edit: func(r *rules.Rule) { r.Query = "[x]" },
			check: func(t *testing.T, p map[string]any) {
				if p["query"] != "[[x]" {
					t.Errorf("query %q not escaped", p["query"])
				}
			}},
		{name: "frequency too short", edit: func(r *rules.Rule) { r.QueryFrequency = time.Minute },
			wantErr: "outside Sentinel's 5m..14d"},
		{name: "period too long", edit: func(r *rules.Rule) { r.QueryPeriod = 15 * 24 * time.Hour },
			wantErr: "queryPeriod 15d"},
		{name: "frequency over period", edit: func(r *rules.Rule) {
			r.QueryFrequency, r.QueryPeriod = 2*time.Hour, time.Hour
		}, wantErr: "longer than queryPeriod"},
		{name: "bad operator", edit: func(r *rules.Rule) { r.TriggerOperator = "ge" },
			wantErr: "unknown triggerOperator"},
		{name: "no query", edit: func(r *rules.Rule) { r.Query = " " }, wantErr: "no query"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := base()
			c.edit(r)
			res, err := Export(r, "arm", Options{})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, checkARM(t, res.Text, nil))
		})
	}
}

func TestNameGUIDStable(t *testing.T) {
	a, b := NameGUID("my-rule"), NameGUID("my-rule")
	if a != b || !isGUID(a) || a == NameGUID("other") || a[14] != '5' {
		t.Errorf("NameGUID: %s %s", a, b)
	}
}

func TestTablesOf(t *testing.T) {
	cases := []struct{ query, want string }{
		{"DeviceProcessEvents | where X has 'SecurityEvent'", "DeviceProcessEvents"},
		{"// DeviceFileEvents\nunion SecurityEvent, DeviceProcessEvents",
			"SecurityEvent,DeviceProcessEvents"},
		{`let x = @'c:\DeviceFileEvents'; DeviceFileEvents | take 1`, "DeviceFileEvents"},
	}
	for _, c := range cases {
		got := strings.Join(TablesOf(c.query, schema.Builtin()), ",")
		if got != c.want {
			t.Errorf("TablesOf(%q) = %s, want %s", c.query, got, c.want)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := Export(seed(t), "bicep", Options{}); err == nil {
		t.Error("want an error for an unknown format")
	}
}
