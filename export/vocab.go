package export

import (
	"crypto/sha1"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kqlhunt/kqlhunt/schema"
)

// The values Microsoft documents for a Microsoft.SecurityInsights alert
// rule of kind Scheduled: the ARM template reference for API version
// 2022-11-01 (learn.microsoft.com/azure/templates/microsoft.securityinsights/
// 2022-11-01/alertrules) and the REST reference of the same version.
// Tests assert that exports use nothing else.

// APIVersion is the stable API version of Microsoft.SecurityInsights
// alertRules the ARM export targets.
const APIVersion = "2022-11-01"

// Severities are the allowed values of properties.severity.
var Severities = []string{"High", "Medium", "Low", "Informational"}

// TriggerOperators maps the YAML trigger operators to the ARM ones
// (properties.triggerOperator).
var TriggerOperators = map[string]string{
	"gt": "GreaterThan", "lt": "LessThan", "eq": "Equal", "ne": "NotEqual",
}

// Tactics are the allowed values of properties.tactics.
var Tactics = []string{
	"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
	"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery",
	"LateralMovement", "Collection", "Exfiltration", "CommandAndControl", "Impact",
	"PreAttack", "ImpairProcessControl", "InhibitResponseFunction",
}

// EntityTypes are the allowed values of entityMappings[].entityType.
var EntityTypes = []string{
	"Account", "Host", "IP", "Malware", "File", "Process", "CloudApplication", "DNS",
	"AzureResource", "FileHash", "RegistryKey", "RegistryValue", "SecurityGroup", "URL",
	"Mailbox", "MailCluster", "MailMessage", "SubmissionMail",
}

// Identifiers lists, for the entity types kqlhunt's rules map, the field
// identifiers Sentinel accepts.
var Identifiers = map[string][]string{
	"Account": {"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid",
		"AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
	"Host": {"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID",
		"OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
	"Process":  {"ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"},
	"File":     {"Directory", "Name"},
	"FileHash": {"Algorithm", "Value"},
	"IP":       {"Address"},
}

// EventGroupings are the allowed values of
// properties.eventGroupingSettings.aggregationKind.
var EventGroupings = []string{"SingleAlert", "AlertPerResult"}

// MatchingMethods are the allowed values of
// incidentConfiguration.groupingConfiguration.matchingMethod.
var MatchingMethods = []string{"AllEntities", "AnyAlert", "Selected"}

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-` +
	`[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isGUID(s string) bool { return guidRe.MatchString(s) }

// kqlhuntNamespace is the namespace of the name-based GUIDs kqlhunt gives
// rules without one (a random UUID fixed once for kqlhunt).
var kqlhuntNamespace = [16]byte{0x6b, 0x71, 0x6c, 0x68, 0x75, 0x6e, 0x74, 0x2d,
	0x8e, 0x1f, 0x4c, 0x2a, 0x9b, 0x03, 0x5d, 0x71}

// NameGUID returns a stable name-based (version 5) GUID for a rule id, so
// a rule without a GUID exports to the same Sentinel rule every time.
func NameGUID(id string) string {
	h := sha1.New()
	h.Write(kqlhuntNamespace[:])
	h.Write([]byte(id))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// connectors names the Sentinel data connector and data type that feed a
// table, for requiredDataConnectors.
var connectors = map[string]string{
	"SecurityEvent":       "SecurityEvents",
	"WindowsEvent":        "WindowsForwardedEvents",
	"Event":               "", // the Log Analytics agent's Windows event logs: no connector id
	"SecurityAlert":       "",
	"CommonSecurityLog":   "CEF",
	"Syslog":              "Syslog",
	"SigninLogs":          "AzureActiveDirectory",
	"AuditLogs":           "AzureActiveDirectory",
	"OfficeActivity":      "Office365",
	"AzureActivity":       "AzureActivity",
	"IdentityLogonEvents": "MicrosoftThreatProtection",
}

// connectorOf returns the connector id for a table ("" when none is known).
func connectorOf(table string) string {
	if strings.HasPrefix(table, "Device") || strings.HasPrefix(table, "Email") ||
		strings.HasPrefix(table, "Identity") || strings.HasPrefix(table, "CloudApp") {
		return "MicrosoftThreatProtection"
	}
	return connectors[table]
}

// TablesOf returns the known tables a query names, in order of first use.
// It scans identifiers outside string literals and comments; a column or
// let name that happens to equal a table name is rare in practice and
// only adds a connector.
func TablesOf(query string, set *schema.Set) []string {
	var out []string
	for _, w := range identifiers(query) {
		if _, ok := set.Lookup(w); ok && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// identifiers returns the identifiers of a KQL text, skipping string
// literals ('…', "…", @'…', ```…```) and // comments.
func identifiers(q string) []string {
	var out []string
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case strings.HasPrefix(q[i:], "//"):
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case strings.HasPrefix(q[i:], "```"):
			end := strings.Index(q[i+3:], "```")
			if end < 0 {
				return out
			}
			i += end + 6
		case c == '\'' || c == '"':
			i = skipString(q, i, i > 0 && q[i-1] == '@')
		case isIdentStart(c):
			j := i
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			out = append(out, q[i:j])
			i = j
		default:
			i++
		}
	}
	return out
}

// skipString returns the offset after the string literal starting at i.
func skipString(q string, i int, verbatim bool) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		switch {
		case q[j] == '\\' && !verbatim:
			j++
		case q[j] == quote:
			return j + 1
		case q[j] == '\n' && !verbatim:
			return j
		}
	}
	return len(q)
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }
