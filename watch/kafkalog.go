package watch

import (
	"log/slog"

	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaLog hands the Kafka client's warnings and errors (a broker that
// cannot be reached, credentials refused, a topic that does not exist) to
// the service log, each message at most once per limiter interval: without
// it a consumer that never connects says nothing at all.
type kafkaLog struct {
	log   *slog.Logger
	lim   *limiter
	group string
}

// Level asks the client for warnings and errors only.
func (k kafkaLog) Level() kgo.LogLevel { return kgo.LogLevelWarn }

// Log logs one client message.
func (k kafkaLog) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	if level > kgo.LogLevelWarn || !k.lim.allow("kafka:"+msg) {
		return
	}
	args := append([]any{"group", k.group}, keyvals...)
	if level == kgo.LogLevelError {
		k.log.Error("kafka: "+msg, args...)
		return
	}
	k.log.Warn("kafka: "+msg, args...)
}
