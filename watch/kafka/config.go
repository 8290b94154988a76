// Package kafka connects kqlhunt watch to Kafka and to Azure Event Hubs
// through its Kafka endpoint, with franz-go: client options from a Config
// (brokers, TLS, SASL PLAIN or SCRAM, Event Hubs connection strings), a
// group balancer that gives every partition to one member (for rules that
// must see the whole stream), and offset commits that carry kqlhunt's
// checkpoint (each scheduled rule's resume time) as commit metadata.
package kafka

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Config is how to reach a Kafka cluster or an Event Hubs namespace.
type Config struct {
	Brokers []string `yaml:"brokers"`
	// TLS turns TLS on (Event Hubs always needs it).
	TLS bool `yaml:"tls"`
	// CAFile is a PEM file of CAs to trust instead of the system's.
	CAFile string `yaml:"caFile"`
	// SASL is "", "plain", "scram-sha-256" or "scram-sha-512".
	SASL string `yaml:"sasl"`
	User string `yaml:"user"`
	// Password is the SASL password; never logged. Prefer PasswordEnv or
	// PasswordFile.
	Password     string `yaml:"-"`
	PasswordEnv  string `yaml:"passwordEnv"`
	PasswordFile string `yaml:"passwordFile"`
	// EventHubs, when true, configures the Event Hubs Kafka endpoint from the
	// connection string held in the password (env or file): broker
	// NAMESPACE.servicebus.windows.net:9093, TLS, SASL PLAIN with user
	// $ConnectionString.
	EventHubs bool `yaml:"eventHubs"`
	// ClientID names this instance to the brokers.
	ClientID string `yaml:"clientId"`
}

// Secret resolves the password from Password, PasswordEnv or PasswordFile.
func (c *Config) Secret() (string, error) {
	switch {
	case c.Password != "":
		return c.Password, nil
	case c.PasswordEnv != "":
		v, ok := os.LookupEnv(c.PasswordEnv)
		if !ok {
			return "", fmt.Errorf("environment variable %s is not set", c.PasswordEnv)
		}
		return v, nil
	case c.PasswordFile != "":
		b, err := os.ReadFile(c.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

// EventHubsBroker returns the Kafka endpoint of the namespace a connection
// string (Endpoint=sb://NS.servicebus.windows.net/;SharedAccessKeyName=...)
// names.
func EventHubsBroker(conn string) (string, error) {
	for _, part := range strings.Split(conn, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(k, "Endpoint") {
			continue
		}
		host := strings.TrimPrefix(v, "sb://")
		host = strings.TrimSuffix(host, "/")
		if host == "" || strings.ContainsAny(host, "/ ") {
			break
		}
		return host + ":9093", nil
	}
	return "", errors.New("event hubs connection string has no Endpoint=sb://NAMESPACE...")
}

// Options returns the franz-go client options for c.
func (c *Config) Options() ([]kgo.Opt, error) {
	secret, err := c.Secret()
	if err != nil {
		return nil, err
	}
	brokers := c.Brokers
	mech, user, useTLS := strings.ToLower(c.SASL), c.User, c.TLS
	if c.EventHubs {
		if secret == "" {
			return nil, errors.New("event hubs needs the connection string (passwordEnv " +
				"or passwordFile)")
		}
		if len(brokers) == 0 {
			b, err := EventHubsBroker(secret)
			if err != nil {
				return nil, err
			}
			brokers = []string{b}
		}
		mech, user, useTLS = "plain", "$ConnectionString", true
	}
	if len(brokers) == 0 {
		return nil, errors.New("no Kafka brokers given")
	}
	opts := []kgo.Opt{kgo.SeedBrokers(brokers...)}
	if c.ClientID != "" {
		opts = append(opts, kgo.ClientID(c.ClientID))
	}
	if useTLS || c.CAFile != "" {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if c.CAFile != "" {
			pem, err := os.ReadFile(c.CAFile)
			if err != nil {
				return nil, fmt.Errorf("CA file: %w", err)
			}
			tc.RootCAs = x509.NewCertPool()
			if !tc.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA file %s holds no PEM certificate", c.CAFile)
			}
		}
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	switch mech {
	case "":
	case "plain":
		auth := plain.Auth{User: user, Pass: secret}
		opts = append(opts, kgo.SASL(plain.Plain(func(context.Context) (plain.Auth, error) {
			return auth, nil
		})))
	case "scram-sha-256", "scram-sha-512":
		auth := scram.Auth{User: user, Pass: secret}
		if mech == "scram-sha-256" {
			opts = append(opts, kgo.SASL(auth.AsSha256Mechanism()))
		} else {
			opts = append(opts, kgo.SASL(auth.AsSha512Mechanism()))
		}
	default:
		return nil, fmt.Errorf("unknown SASL mechanism %q (want plain, scram-sha-256, "+
			"scram-sha-512)", c.SASL)
	}
	return opts, nil
}
