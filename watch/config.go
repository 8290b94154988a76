package watch

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/watch/clock"
	"github.com/kqlhunt/kqlhunt/watch/decode"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/sink"
	"github.com/kqlhunt/kqlhunt/watch/source"
)

// Config is everything a watch service runs with. Its YAML form is the
// optional configuration file; flags override it field by field.
type Config struct {
	// Files are followed as they grow; "-" is standard input. EVTX and XML
	// files (.evtx, .xml) are read whole once settled, as in Folders.
	Files []string `yaml:"files"`
	// Folders are watched for new .evtx, .xml and .jsonl files.
	Folders []string `yaml:"folders"`
	// FromEnd starts followed files at their current end.
	FromEnd bool `yaml:"fromEnd"`
	// State is a file where the positions in followed files, the files of
	// folders already read and the scheduled rules' next runs are saved
	// (every CommitInterval and at shutdown) and resumed from ("": none).
	State string `yaml:"state"`
	// Kafka is a Kafka or Event Hubs input (nil: none).
	Kafka *KafkaInput `yaml:"kafka"`

	// Realtime evaluates filter-only rules per event as it arrives.
	Realtime bool `yaml:"realtime"`
	// NoMerge keeps the Sysmon 1 and Security 4688 rows of one process
	// apart instead of merging them (see detect.Options).
	NoMerge bool `yaml:"noMerge"`
	// MergeWait is how long realtime rules hold a Sysmon 1 or 4688 row for
	// its partner (0: they do not wait; see detect.Options).
	MergeWait time.Duration `yaml:"mergeWait"`
	// Key is the column keyed repartitioning and keyability use (DeviceId).
	Key string `yaml:"key"`
	// DefaultTable is the table of JSON rows that name none.
	DefaultTable string `yaml:"defaultTable"`
	// MemoryLimit caps the window store, like "512MiB" (0: 1GiB).
	MemoryLimit ByteSize `yaml:"memoryLimit"`

	// Stdout writes alerts as JSON lines to standard output.
	Stdout bool `yaml:"stdout"`
	// AlertFile appends alerts to a JSON-lines file, synced to disk.
	AlertFile string `yaml:"alertFile"`
	// AlertTopic produces alerts to a Kafka topic (the input's cluster,
	// unless AlertKafka is given).
	AlertTopic string        `yaml:"alertTopic"`
	AlertKafka *kafka.Config `yaml:"alertKafka"`
	// Webhook posts alerts to a URL; WebhookHeaderEnv names headers whose
	// values come from environment variables (Authorization: TOKEN_VAR).
	Webhook          string            `yaml:"webhook"`
	WebhookHeaderEnv map[string]string `yaml:"webhookHeaderEnv"`
	// QueueDepth bounds each sink's queue of alert batches (default 256).
	QueueDepth int `yaml:"queueDepth"`

	// Listen is the address of /healthz and /metrics ("" : 127.0.0.1:9464;
	// "off": none).
	Listen string `yaml:"listen"`
	// CommitInterval is how often Kafka offsets are committed and the
	// state file is saved (5s).
	CommitInterval time.Duration `yaml:"commitInterval"`
	// ShutdownTimeout bounds the drain on SIGINT/SIGTERM (30s).
	ShutdownTimeout time.Duration `yaml:"shutdownTimeout"`

	// Rules are the rules to run (set by the caller, not from YAML).
	Rules []*rules.Rule `yaml:"-"`
	// Engine compiles the rules' queries.
	Engine detect.Engine `yaml:"-"`
	// ReadFile reads whole files (EVTX, XML) found in Folders or Files.
	ReadFile source.FileReader `yaml:"-"`
	// Fallback decodes messages that are not JSON rows (event XML, ...).
	Fallback decode.MessageDecoder `yaml:"-"`
	// Stdin is read for the file "-" (default os.Stdin).
	Stdin io.Reader `yaml:"-"`
	// Out receives alerts when Stdout is set (default os.Stdout).
	Out io.Writer `yaml:"-"`
	// Sinks are extra sinks (tests).
	Sinks []sink.Sink `yaml:"-"`
	// Clock is the time source (default the wall clock).
	Clock clock.Clock `yaml:"-"`
	// Log receives the service's log lines (default discard).
	Log *slog.Logger `yaml:"-"`
	// Tick is how often scheduled rules are checked (default 1s).
	Tick time.Duration `yaml:"-"`
	// RetryMin and RetryMax bound sink retry backoff (100ms, 30s).
	RetryMin, RetryMax time.Duration `yaml:"-"`
}

// KafkaInput is a Kafka topic read through a consumer group.
type KafkaInput struct {
	kafka.Config `yaml:",inline"`
	Topic        string `yaml:"topic"`
	Group        string `yaml:"group"`
	// Start is where a group with no committed offset starts: "earliest"
	// (default) or "latest".
	Start string `yaml:"start"`
	// Repartition, when set, names a topic this instance fills with the
	// input's events keyed by Key, and from which its rules then read, so
	// that every instance owns whole keys.
	Repartition string `yaml:"repartition"`
	// InstanceID makes the member static: a restarted instance takes its
	// partitions back without waiting for a rebalance.
	InstanceID string `yaml:"instanceId"`
	// SessionTimeout is how long the group waits for a silent member.
	SessionTimeout time.Duration `yaml:"sessionTimeout"`
}

// LoadConfig reads a YAML configuration file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// validate checks the configuration and fills defaults.
// onceEach drops paths given twice (by another spelling too) and those
// inside one of the folders in, which reads them already: a file read
// twice raises every alert twice.
func onceEach(paths, in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		abs := absPath(p)
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real // a link names the file it points to
		}
		if p == "-" {
			abs = p
		}
		inside := false
		for _, d := range in {
			if !source.FolderReads(p) {
				break
			}
			dir := absPath(d)
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				dir = real
			}
			if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." &&
				!strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				inside = true
			}
		}
		if !seen[abs] && !inside {
			seen[abs] = true
			out = append(out, p)
		}
	}
	return out
}

func (c *Config) validate() error {
	if len(c.Files) == 0 && len(c.Folders) == 0 && c.Kafka == nil {
		return errors.New("no source: give files, folders, - (standard input) or a Kafka topic")
	}
	c.Files, c.Folders = onceEach(c.Files, nil), onceEach(c.Folders, nil)
	c.Files = onceEach(c.Files, c.Folders)
	if c.Kafka != nil {
		if c.Kafka.Topic == "" || c.Kafka.Group == "" {
			return errors.New("a Kafka source needs a topic and a consumer group")
		}
		switch c.Kafka.Start {
		case "", "earliest", "latest":
		default:
			return fmt.Errorf("kafka start %q: want earliest or latest", c.Kafka.Start)
		}
	}
	if c.AlertTopic != "" && c.Kafka == nil && c.AlertKafka == nil {
		return errors.New("an alert topic needs a Kafka cluster (alertKafka or a Kafka source)")
	}
	if c.Engine == nil {
		return errors.New("no query engine")
	}
	if c.RetryMin <= 0 {
		c.RetryMin = 100 * time.Millisecond
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 30 * time.Second
	}
	if c.Webhook != "" {
		if err := sink.CheckURL(c.Webhook); err != nil {
			return err
		}
	}
	if c.MergeWait < 0 {
		return fmt.Errorf("merge wait %s: want 0 (no wait) or more", c.MergeWait)
	}
	if c.Key == "" {
		c.Key = "DeviceId"
	}
	if c.DefaultTable == "" {
		c.DefaultTable = "DeviceProcessEvents"
	}
	if c.MemoryLimit == 0 {
		c.MemoryLimit = 1 << 30
	}
	if c.Listen == "" {
		c.Listen = "127.0.0.1:9464"
	}
	if c.CommitInterval <= 0 {
		c.CommitInterval = 5 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.Tick <= 0 {
		c.Tick = time.Second
	}
	if c.Clock == nil {
		c.Clock = clock.Real()
	}
	if c.Stdin == nil {
		c.Stdin = os.Stdin
	}
	if c.Out == nil {
		c.Out = os.Stdout
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return nil
}

// ByteSize is a size in bytes written as 512MiB, 2GB, 100000 ...
type ByteSize int64

// ParseByteSize reads a size with an optional unit (KB, MB, GB, KiB, MiB,
// GiB; B).
func ParseByteSize(text string) (ByteSize, error) {
	s := strings.TrimSpace(text)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6},
		{"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(num), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q (want a number and KiB, MiB, GiB, KB, MB or GB)", text)
	}
	return ByteSize(n * float64(mult)), nil
}

// UnmarshalYAML reads a size with a unit or a plain number.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return err
	}
	*b = v
	return nil
}
