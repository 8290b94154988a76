package kafka

import (
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// SingleOwner returns a group balancer that assigns every partition to one
// member, the one with the smallest member id: rules whose results need
// the whole stream (a global count) run on one instance, and another takes
// over when it leaves.
func SingleOwner() kgo.GroupBalancer { return singleOwner{} }

type singleOwner struct{}

func (singleOwner) ProtocolName() string { return "kqlhunt-single-owner" }
func (singleOwner) IsCooperative() bool  { return false }

func (singleOwner) JoinGroupMetadata(topics []string, _ map[string][]int32, gen int32) []byte {
	meta := kmsg.NewConsumerMemberMetadata()
	meta.Version = 3
	meta.Topics = topics
	meta.Generation = gen
	return meta.AppendTo(nil)
}

func (singleOwner) ParseSyncAssignment(assignment []byte) (map[string][]int32, error) {
	return kgo.ParseConsumerSyncAssignment(assignment)
}

func (s singleOwner) MemberBalancer(members []kmsg.JoinGroupResponseMember) (
	kgo.GroupMemberBalancer, map[string]struct{}, error) {
	b, err := kgo.NewConsumerBalancer(s, members)
	if err != nil {
		return nil, nil, err
	}
	return b, b.MemberTopics(), nil
}

// Balance gives all partitions of all topics to the first member by id.
func (singleOwner) Balance(b *kgo.ConsumerBalancer,
	topics map[string]int32) kgo.IntoSyncAssignment {
	plan := b.NewPlan()
	members := b.Members()
	if len(members) == 0 {
		return plan
	}
	first := &members[0]
	for i := range members {
		if members[i].MemberID < first.MemberID {
			first = &members[i]
		}
	}
	for topic, n := range topics {
		parts := make([]int32, n)
		for i := range parts {
			parts[i] = int32(i)
		}
		plan.AddPartitions(first, topic, parts)
	}
	return plan
}
