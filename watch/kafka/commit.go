package kafka

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metaPrefix marks commit metadata written by kqlhunt.
const metaPrefix = "kqlhunt1 "

// maxMeta keeps metadata under Kafka's default offset.metadata.max.bytes.
const maxMeta = 4000

// allRules is the metadata key that stands for every rule.
const allRules = "*"

// Commit is one partition's checkpoint.
type Commit struct {
	// Offset is the first record to read after a restart.
	Offset int64
	// Resume maps scheduled rule ids to the run time to resume from.
	Resume map[string]time.Time
}

// EncodeResume writes resume times as commit metadata. When there are too
// many to fit, the earliest stands for all rules.
func EncodeResume(resume map[string]time.Time) string {
	var b strings.Builder
	b.WriteString(metaPrefix)
	var earliest time.Time
	first := true
	for id, t := range resume {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(url.QueryEscape(id))
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(t.UnixMilli(), 10))
		if earliest.IsZero() || t.Before(earliest) {
			earliest = t
		}
	}
	if b.Len() > maxMeta {
		return metaPrefix + allRules + "=" + strconv.FormatInt(earliest.UnixMilli(), 10)
	}
	return b.String()
}

// DecodeResume reads metadata written by EncodeResume; other metadata
// gives nil. A "*" entry applies to the rules without their own.
func DecodeResume(meta string, ids []string) map[string]time.Time {
	body, ok := strings.CutPrefix(meta, metaPrefix)
	if !ok {
		return nil
	}
	out := map[string]time.Time{}
	for _, kv := range strings.Split(body, ",") {
		k, v, ok := strings.Cut(kv, "=")
		ms, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil {
			continue
		}
		if id, err := url.QueryUnescape(k); err == nil {
			out[id] = time.UnixMilli(ms).UTC()
		}
	}
	if all, ok := out[allRules]; ok {
		delete(out, allRules)
		for _, id := range ids {
			if _, ok := out[id]; !ok {
				out[id] = all
			}
		}
	}
	return out
}

// CommitSync commits the checkpoints of the group member cl for topic,
// with the resume times as metadata.
func CommitSync(ctx context.Context, cl *kgo.Client, topic string, cps map[int32]Commit) error {
	if len(cps) == 0 {
		return nil
	}
	offsets := map[string]map[int32]kgo.EpochOffset{topic: {}}
	meta := map[int32]string{}
	for p, c := range cps {
		offsets[topic][p] = kgo.EpochOffset{Epoch: -1, Offset: c.Offset}
		meta[p] = EncodeResume(c.Resume)
	}
	ctx = kgo.PreCommitFnContext(ctx, func(req *kmsg.OffsetCommitRequest) error {
		for i := range req.Topics {
			for j := range req.Topics[i].Partitions {
				part := &req.Topics[i].Partitions[j]
				if m, ok := meta[part.Partition]; ok && req.Topics[i].Topic == topic {
					part.Metadata = &m
				}
			}
		}
		return nil
	})
	var err error
	cl.CommitOffsetsSync(ctx, offsets, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest,
		resp *kmsg.OffsetCommitResponse, e error) {
		if e != nil {
			err = e
			return
		}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				if e := kerr.ErrorForCode(p.ErrorCode); e != nil {
					err = errors.Join(err, fmt.Errorf("commit %s/%d: %w", t.Topic, p.Partition, e))
				}
			}
		}
	})
	return err
}

// FetchCommitted returns the committed offsets and metadata of group for
// the given partitions of topic (partitions never committed are absent).
func FetchCommitted(ctx context.Context, cl *kgo.Client, group, topic string,
	parts []int32) (map[int32]int64, map[int32]string, error) {
	req := kmsg.NewPtrOffsetFetchRequest()
	req.Group = group
	rt := kmsg.NewOffsetFetchRequestTopic()
	rt.Topic, rt.Partitions = topic, parts
	req.Topics = []kmsg.OffsetFetchRequestTopic{rt}
	rg := kmsg.NewOffsetFetchRequestGroup()
	rg.Group = group
	gt := kmsg.NewOffsetFetchRequestGroupTopic()
	gt.Topic, gt.Partitions = topic, parts
	rg.Topics = []kmsg.OffsetFetchRequestGroupTopic{gt}
	req.Groups = []kmsg.OffsetFetchRequestGroup{rg}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, nil, err
	}
	offs, metas := map[int32]int64{}, map[int32]string{}
	add := func(p int32, off int64, meta *string, code int16) error {
		if e := kerr.ErrorForCode(code); e != nil {
			return e
		}
		if off >= 0 {
			offs[p] = off
			if meta != nil {
				metas[p] = *meta
			}
		}
		return nil
	}
	if e := kerr.ErrorForCode(resp.ErrorCode); e != nil {
		return nil, nil, e
	}
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if err := add(p.Partition, p.Offset, p.Metadata, p.ErrorCode); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, g := range resp.Groups {
		if e := kerr.ErrorForCode(g.ErrorCode); e != nil {
			return nil, nil, e
		}
		for _, t := range g.Topics {
			for _, p := range t.Partitions {
				if err := add(p.Partition, p.Offset, p.Metadata, p.ErrorCode); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return offs, metas, nil
}
