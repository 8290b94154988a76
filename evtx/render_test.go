package evtx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONRoundTrip(t *testing.T) {
	data := buildFile(append(recordChunks(t), synthChunk()))
	recs, _ := decodeFile(t, data, Options{})
	for i := range recs {
		r := &recs[i]
		line := AppendJSON(nil, r)
		var got struct {
			RecordID uint64
			EventID  int
			Computer string
			Data     []struct{ Name, Value string }
		}
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("record %d: %v\n%s", r.RecordID, err, line)
		}
		if got.RecordID != r.RecordID || got.EventID != r.Event.EventID ||
			got.Computer != r.Event.Computer || len(got.Data) != len(r.Event.Data) {
			t.Fatalf("record %d: JSON differs: %s", r.RecordID, line)
		}
		for j, f := range got.Data {
			if f.Name != r.Event.Data[j].Name || f.Value != r.Event.Data[j].Value {
				t.Fatalf("record %d field %d: %q, want %q", r.RecordID, j, f, r.Event.Data[j])
			}
		}
	}
}

func TestWriteXMLFromEvent(t *testing.T) {
	recs, _ := decodeFile(t, buildFile(recordChunks(t)[:1]), Options{})
	var b bytes.Buffer
	if err := WriteXML(&b, &recs[0]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<EventID>", "<EventRecordID>", "<Data Name="} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("XML rebuilt from the Event lacks %s:\n%s", want, b.String())
		}
	}
}
