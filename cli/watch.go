package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch"
	"github.com/kqlhunt/kqlhunt/watch/decode"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kqlengine"
	"github.com/kqlhunt/kqlhunt/watch/source"
)

// watchFlags are watch's flags that are not fields of watch.Config.
type watchFlags struct {
	rules   ruleFlags
	config  string
	memory  string
	headers []string
	stdout  bool
	kafka   watch.KafkaInput
}

// watchCommand is kqlhunt watch: continuous detection on live streams.
func watchCommand(e *env, code *int) *cobra.Command {
	var f watchFlags
	var cfg watch.Config
	cmd := &cobra.Command{
		Use:   "watch [flags] [SOURCE...]",
		Short: "Run rules continuously over live streams: files, folders, stdin, Kafka",
		Long: "watch runs detection rules continuously, as Sentinel runs analytics rules:\n" +
			"Scheduled rules every queryFrequency over the events that arrived in the last\n" +
			"queryPeriod, NRT rules every minute, and with --realtime, rules that only\n" +
			"filter and reshape rows per event as it arrives.\n\n" +
			"A SOURCE is - (standard input, one event per line), a file of lines (followed\n" +
			"as it grows, across rotation and truncation), an .evtx or .xml file (read whole\n" +
			"once it stops changing), or a folder (its .jsonl files followed, new .evtx and\n" +
			".xml files read whole). Kafka and Azure Event Hubs are read with --kafka-topic.\n" +
			"Alerts go to standard output (JSON lines) and to --alert-file, --alert-topic\n" +
			"and --webhook, at least once. Every flag but the rule selection can also be set\n" +
			"in the --config YAML file (see README.md).\n\n" +
			"Exit codes: 0 stopped cleanly, 2 bad usage, configuration or start-up failure\n" +
			"(address in use, Kafka client), 4 stopped having lost something (alerts not\n" +
			"delivered or given up by a sink, a source that failed).",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWatch(cmd, e, code, &f, &cfg, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.rules.rules, "rule", nil, "a built-in rule id or a rule file (repeatable)")
	fl.StringArrayVar(&f.rules.dirs, "rules", nil, "a folder of rule files (repeatable)")
	fl.Var(&oneString{p: &f.rules.query}, "query", "a `KQL` query to run as a rule")
	fl.StringVar(&f.config, "config", "", "a YAML configuration file (flags override it)")
	fl.BoolVar(&cfg.Realtime, "realtime", false, "evaluate filter-only rules per event on arrival")
	fl.BoolVar(&cfg.NoMerge, "no-merge", false, "keep Sysmon 1 and Security 4688 events of the "+
		"same process as two rows")
	fl.DurationVar(&cfg.MergeWait, "merge-wait", 0, "how long realtime rules hold a Sysmon 1 or "+
		"4688 row for its partner (0: no wait)")
	fl.StringVar(&cfg.Key, "key", "DeviceId", "column that keys repartitioning")
	fl.StringVar(&f.memory, "memory-limit", "1GiB", "memory cap of the window store")
	fl.BoolVar(&cfg.FromEnd, "from-end", false, "start files at their end, skip existing files")
	fl.StringVar(&cfg.State, "state", "", "keep file positions and files read in this file "+
		"across restarts")
	fl.BoolVar(&f.stdout, "stdout", true, "write alerts to standard output")
	fl.StringVar(&cfg.AlertFile, "alert-file", "", "append alerts to this JSON-lines file")
	fl.StringVar(&cfg.AlertTopic, "alert-topic", "", "produce alerts to this Kafka topic")
	fl.StringVar(&cfg.Webhook, "webhook", "", "post alerts to this URL")
	fl.StringArrayVar(&f.headers, "webhook-header-env", nil,
		"NAME=VAR: webhook header NAME from environment variable VAR (repeatable)")
	fl.StringVar(&cfg.Listen, "listen", "127.0.0.1:9464", "address of /healthz and /metrics "+
		"(off: none)")
	fl.DurationVar(&cfg.CommitInterval, "commit-interval", 5*time.Second, "Kafka commit interval")
	k := &f.kafka
	fl.StringSliceVar(&k.Brokers, "kafka-brokers", nil, "Kafka brokers host:port, comma-separated")
	fl.StringVar(&k.Topic, "kafka-topic", "", "Kafka topic or event hub to read")
	fl.StringVar(&k.Group, "kafka-group", "kqlhunt", "consumer group")
	fl.StringVar(&k.Start, "kafka-start", "earliest", "where a new group starts: earliest, latest")
	fl.BoolVar(&k.TLS, "kafka-tls", false, "connect with TLS")
	fl.StringVar(&k.CAFile, "kafka-ca", "", "PEM file of CAs to trust")
	fl.StringVar(&k.SASL, "kafka-sasl", "", "SASL mechanism: plain, scram-sha-256, scram-sha-512")
	fl.StringVar(&k.User, "kafka-user", "", "SASL user")
	fl.StringVar(&k.PasswordEnv, "kafka-password-env", "",
		"environment variable holding the SASL password or Event Hubs connection string")
	fl.StringVar(&k.PasswordFile, "kafka-password-file", "",
		"file holding the SASL password or Event Hubs connection string")
	fl.BoolVar(&k.EventHubs, "eventhubs", false, "Azure Event Hubs: TLS, port 9093, SASL PLAIN "+
		"as $ConnectionString (broker from the connection string)")
	fl.StringVar(&k.Repartition, "repartition", "", "repartition the input into this topic, "+
		"keyed by --key")
	fl.StringVar(&k.InstanceID, "instance-id", "", "static group member id of this instance")
	return cmd
}

// runWatch builds the configuration and runs the service until a signal.
func runWatch(cmd *cobra.Command, e *env, code *int, f *watchFlags, flags *watch.Config,
	args []string) error {
	cfg := &watch.Config{}
	if f.config != "" {
		c, err := watch.LoadConfig(f.config)
		if err != nil {
			return usageError("%v", err)
		}
		cfg = c
	}
	if err := mergeWatchFlags(cmd, f, flags, cfg, args); err != nil {
		return err
	}
	rs, errs, err := f.rules.selectRules()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	for _, err := range errs {
		log.Error("rule not loaded", "err", err)
	}
	cfg.Rules, cfg.Engine, cfg.ReadFile = rs, kqlengine.Engine{}, fileReader(cfg.NoMerge)
	cfg.Stdin, cfg.Out, cfg.Log = e.stdin, e.stdout, log
	cfg.Fallback = decode.Events() // event XML, winlogbeat, OTRF... through input
	svc, err := watch.New(cfg)
	if err != nil {
		return usageError("%v", err)
	}
	for _, err := range svc.Skipped() {
		se, isSkip := errors.AsType[*detect.SkipError](err)
		if _, ok := errors.AsType[syntax.ErrorList](err); ok && isSkip {
			// Positions in the rule's file, with the line and a caret.
			log.Warn("rule skipped: its query does not compile", "id", se.Rule.ID)
			fmt.Fprint(e.stderr, renderDiagnostics(se.Rule, se.Err))
			continue
		}
		log.Warn("rule skipped", "err", err)
	}
	if len(svc.Skipped()) == len(rs) {
		return usageError("no rule can run")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := svc.Run(ctx); err != nil {
		if _, ok := errors.AsType[*watch.StartError](err); ok {
			return usageError("%v", err)
		}
		return &exitError{code: ExitPartial, msg: err.Error()}
	}
	if len(errs) > 0 || len(svc.Skipped()) > 0 {
		*code = max(*code, ExitPartial)
	}
	return nil
}

// mergeWatchFlags lays the flags given on the command line over cfg.
func mergeWatchFlags(cmd *cobra.Command, f *watchFlags, flags, cfg *watch.Config,
	args []string) error {
	set := cmd.Flags().Changed
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			cfg.Folders = append(cfg.Folders, a)
		} else {
			cfg.Files = append(cfg.Files, a)
		}
	}
	if set("realtime") {
		cfg.Realtime = flags.Realtime
	}
	if set("no-merge") {
		cfg.NoMerge = flags.NoMerge
	}
	if set("merge-wait") {
		cfg.MergeWait = flags.MergeWait
	}
	if set("key") || cfg.Key == "" {
		cfg.Key = flags.Key
	}
	if set("memory-limit") || cfg.MemoryLimit == 0 {
		n, err := watch.ParseByteSize(f.memory)
		if err != nil {
			return usageError("--memory-limit: %v", err)
		}
		cfg.MemoryLimit = n
	}
	if set("from-end") {
		cfg.FromEnd = flags.FromEnd
	}
	cfg.Stdout = cfg.Stdout || f.stdout
	if set("stdout") {
		cfg.Stdout = f.stdout
	}
	pick := func(name string, dst *string, src string) {
		if set(name) || *dst == "" {
			*dst = src
		}
	}
	pick("state", &cfg.State, flags.State)
	pick("alert-file", &cfg.AlertFile, flags.AlertFile)
	pick("alert-topic", &cfg.AlertTopic, flags.AlertTopic)
	pick("webhook", &cfg.Webhook, flags.Webhook)
	pick("listen", &cfg.Listen, flags.Listen)
	if set("commit-interval") || cfg.CommitInterval == 0 {
		cfg.CommitInterval = flags.CommitInterval
	}
	for _, h := range f.headers {
		name, env, ok := strings.Cut(h, "=")
		if !ok {
			return usageError("--webhook-header-env %q: want NAME=VARIABLE", h)
		}
		if cfg.WebhookHeaderEnv == nil {
			cfg.WebhookHeaderEnv = map[string]string{}
		}
		cfg.WebhookHeaderEnv[name] = env
	}
	if f.kafka.Topic != "" || f.kafka.EventHubs {
		if cfg.Kafka == nil {
			cfg.Kafka = &watch.KafkaInput{}
		}
		mergeKafka(cmd, &f.kafka, cfg.Kafka)
	}
	return nil
}

// mergeKafka lays the --kafka-* flags given over the file's settings.
func mergeKafka(cmd *cobra.Command, fl, k *watch.KafkaInput) {
	set := cmd.Flags().Changed
	pick := func(name string, dst *string, src string) {
		if set(name) || *dst == "" {
			*dst = src
		}
	}
	pick("kafka-topic", &k.Topic, fl.Topic)
	pick("kafka-group", &k.Group, fl.Group)
	pick("kafka-start", &k.Start, fl.Start)
	pick("kafka-ca", &k.CAFile, fl.CAFile)
	pick("kafka-sasl", &k.SASL, fl.SASL)
	pick("kafka-user", &k.User, fl.User)
	pick("kafka-password-env", &k.PasswordEnv, fl.PasswordEnv)
	pick("kafka-password-file", &k.PasswordFile, fl.PasswordFile)
	pick("repartition", &k.Repartition, fl.Repartition)
	pick("instance-id", &k.InstanceID, fl.InstanceID)
	if set("kafka-brokers") || len(k.Brokers) == 0 {
		k.Brokers = fl.Brokers
	}
	if set("kafka-tls") {
		k.TLS = fl.TLS
	}
	if set("eventhubs") {
		k.EventHubs = fl.EventHubs
	}
}

// fileReader returns a reader of whole files (EVTX, event XML) found in a
// watched folder: through the input package, as hunt reads them, merging
// the Sysmon 1 and 4688 rows of one process within a file unless noMerge.
func fileReader(noMerge bool) source.FileReader {
	return func(ctx context.Context, path string, tables map[string][]schema.Column,
		emit func(table string, rows [][]value.Value)) error {
		_, err := input.Read(ctx, []string{path}, input.Request{Tables: tables, NoMerge: noMerge},
			func(table string, rows [][]value.Value) { emit(table, rows) })
		return err
	}
}
