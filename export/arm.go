package export

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/kqlhunt/kqlhunt/rules"
)

// armDeploymentSchema is the $schema of a resource-group deployment
// template.
const armDeploymentSchema = "https://schema.management.azure.com/schemas/2019-04-01/" +
	"deploymentTemplate.json#"

// The ARM template, as ordered structs so the output is stable.
type (
	armTemplateDoc struct {
		Schema         string                  `json:"$schema"`
		ContentVersion string                  `json:"contentVersion"`
		Parameters     map[string]armParameter `json:"parameters"`
		Resources      []armResource           `json:"resources"`
	}
	armParameter struct {
		Type     string            `json:"type"`
		Metadata map[string]string `json:"metadata,omitempty"`
	}
	armResource struct {
		Type       string        `json:"type"`
		APIVersion string        `json:"apiVersion"`
		Name       string        `json:"name"`
		Scope      string        `json:"scope"`
		Kind       string        `json:"kind"`
		Properties armProperties `json:"properties"`
	}
	armProperties struct {
		DisplayName           string              `json:"displayName"`
		Description           string              `json:"description,omitempty"`
		Severity              string              `json:"severity"`
		Enabled               bool                `json:"enabled"`
		Query                 string              `json:"query"`
		QueryFrequency        string              `json:"queryFrequency"`
		QueryPeriod           string              `json:"queryPeriod"`
		TriggerOperator       string              `json:"triggerOperator"`
		TriggerThreshold      int                 `json:"triggerThreshold"`
		SuppressionDuration   string              `json:"suppressionDuration"`
		SuppressionEnabled    bool                `json:"suppressionEnabled"`
		Tactics               []string            `json:"tactics"`
		Techniques            []string            `json:"techniques"`
		EntityMappings        []armEntityMapping  `json:"entityMappings,omitempty"`
		CustomDetails         map[string]string   `json:"customDetails,omitempty"`
		EventGroupingSettings armEventGrouping    `json:"eventGroupingSettings"`
		IncidentConfiguration armIncidentSettings `json:"incidentConfiguration"`
	}
	armEntityMapping struct {
		EntityType    string            `json:"entityType"`
		FieldMappings []armFieldMapping `json:"fieldMappings"`
	}
	armFieldMapping struct {
		Identifier string `json:"identifier"`
		ColumnName string `json:"columnName"`
	}
	armEventGrouping struct {
		AggregationKind string `json:"aggregationKind"`
	}
	armIncidentSettings struct {
		CreateIncident        bool             `json:"createIncident"`
		GroupingConfiguration armGroupSettings `json:"groupingConfiguration"`
	}
	armGroupSettings struct {
		Enabled              bool   `json:"enabled"`
		ReopenClosedIncident bool   `json:"reopenClosedIncident"`
		LookbackDuration     string `json:"lookbackDuration"`
		MatchingMethod       string `json:"matchingMethod"`
	}
)

// armTemplate writes a deployment template with one parameter, the
// workspace name, and one resource: the scheduled analytics rule, an
// extension resource scoped to that workspace.
func armTemplate(p *prepared) ([]byte, error) {
	r := p.r
	props := armProperties{
		DisplayName:         armString(r.Name),
		Description:         armString(r.Description),
		Severity:            p.severity,
		Enabled:             p.enabled,
		Query:               armString(r.Query),
		QueryFrequency:      rules.FormatISODuration(p.freq),
		QueryPeriod:         rules.FormatISODuration(p.period),
		TriggerOperator:     TriggerOperators[p.op],
		TriggerThreshold:    r.TriggerThreshold,
		SuppressionDuration: rules.FormatISODuration(p.suppress),
		SuppressionEnabled:  r.SuppressionEnabled,
		Tactics:             nonNil(p.tactics),
		Techniques:          nonNil(p.techIDs),
		// One alert per result row, as kqlhunt reports them.
		EventGroupingSettings: armEventGrouping{AggregationKind: "AlertPerResult"},
		IncidentConfiguration: armIncidentSettings{
			CreateIncident: true,
			GroupingConfiguration: armGroupSettings{
				LookbackDuration: "PT5H",
				MatchingMethod:   "AllEntities",
			},
		},
	}
	if props.DisplayName == "" {
		props.DisplayName = r.ID
	}
	for _, m := range p.mappings {
		am := armEntityMapping{EntityType: m.EntityType}
		for _, f := range m.FieldMappings {
			am.FieldMappings = append(am.FieldMappings, armFieldMapping(f))
		}
		props.EntityMappings = append(props.EntityMappings, am)
	}
	if len(p.details) > 0 {
		props.CustomDetails = map[string]string{}
		for _, kv := range p.details {
			props.CustomDetails[kv[0]] = kv[1]
		}
	}
	doc := armTemplateDoc{
		Schema:         armDeploymentSchema,
		ContentVersion: "1.0.0.0",
		Parameters: map[string]armParameter{
			"workspace": {Type: "string", Metadata: map[string]string{
				"description": "Name of the Log Analytics workspace Microsoft Sentinel runs on"}},
		},
		Resources: []armResource{{
			Type:       "Microsoft.SecurityInsights/alertRules",
			APIVersion: APIVersion,
			Name:       p.guid,
			Scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', " +
				"parameters('workspace'))]",
			Kind:       "Scheduled",
			Properties: props,
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// armString escapes a literal string for an ARM template: a value that
// starts with "[" would be read as a template expression; "[[" keeps it
// literal.
func armString(s string) string {
	if strings.HasPrefix(s, "[") {
		return "[" + s
	}
	return s
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
