package export

import (
	"bytes"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// sentinelYAML writes the rule as the Azure-Sentinel repository writes an
// analytics rule: its keys in that repository's order, the description
// and query as literal blocks, durations as 1h / 1d.
func sentinelYAML(p *prepared) ([]byte, error) {
	r := p.r
	doc := mapping()
	add(doc, "id", str(p.guid))
	add(doc, "name", str(r.Name))
	add(doc, "description", block(r.Description))
	add(doc, "severity", str(p.severity))
	conns := seq()
	byConn := map[string]*yaml.Node{}
	for _, t := range p.tables {
		id := connectorOf(t)
		if id == "" {
			continue
		}
		if types, ok := byConn[id]; ok {
			types.Content = append(types.Content, str(t))
			continue
		}
		c := mapping()
		add(c, "connectorId", str(id))
		types := seq(str(t))
		add(c, "dataTypes", types)
		byConn[id] = types
		conns.Content = append(conns.Content, c)
	}
	add(doc, "requiredDataConnectors", conns)
	add(doc, "queryFrequency", str(kqlDuration(p.freq)))
	add(doc, "queryPeriod", str(kqlDuration(p.period)))
	add(doc, "triggerOperator", str(p.op))
	add(doc, "triggerThreshold", num(r.TriggerThreshold))
	if r.SuppressionEnabled {
		add(doc, "suppressionEnabled", boolean(true))
		add(doc, "suppressionDuration", str(kqlDuration(p.suppress)))
	}
	add(doc, "tactics", strs(p.tactics))
	add(doc, "relevantTechniques", strs(p.relevants))
	add(doc, "query", block(r.Query))
	if len(p.mappings) > 0 {
		ms := seq()
		for _, m := range p.mappings {
			e := mapping()
			add(e, "entityType", str(m.EntityType))
			fs := seq()
			for _, f := range m.FieldMappings {
				fm := mapping()
				add(fm, "identifier", str(f.Identifier))
				add(fm, "columnName", str(f.ColumnName))
				fs.Content = append(fs.Content, fm)
			}
			add(e, "fieldMappings", fs)
			ms.Content = append(ms.Content, e)
		}
		add(doc, "entityMappings", ms)
	}
	if len(p.details) > 0 {
		d := mapping()
		for _, kv := range p.details {
			add(d, kv[0], str(kv[1]))
		}
		add(doc, "customDetails", d)
	}
	version := r.Version
	if version == "" {
		version = "1.0.0"
	}
	add(doc, "version", str(version))
	add(doc, "kind", str("Scheduled"))
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func num(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func strs(ss []string) *yaml.Node {
	n := seq()
	for _, s := range ss {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// block is a literal block scalar (|), as the repository writes queries.
// Text with trailing spaces on a line cannot be a literal block in YAML;
// the encoder then falls back to a quoted string by itself.
func block(s string) *yaml.Node {
	s = strings.TrimRight(s, "\n") + "\n"
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.LiteralStyle}
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}
