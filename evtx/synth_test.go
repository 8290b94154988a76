package evtx

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kqlhunt/kqlhunt/winevent"
)

var minus5e10 = int64(-50000000000)

// valueCases lists one substitution of every value type and its text.
var valueCases = []struct {
	name string
	typ  byte
	data []byte
	want string
}{
	{"String", vtString, utf16le("trailing  \x00"), "trailing  "},
	{"ANSI", vtANSI, []byte("caf\xe9 \x80\x00"), "café €"},
	{"Int8", vtInt8, []byte{0xfb}, "-5"},
	{"UInt8", vtUint8, []byte{200}, "200"},
	{"Int16", vtInt16, le16(0xfed4), "-300"},
	{"UInt16", vtUint16, le16(65000), "65000"},
	{"Int32", vtInt32, le32(0xfffeee90), "-70000"},
	{"UInt32", vtUint32, le32(4000000000), "4000000000"},
	{"Int64", vtInt64, le64(uint64(minus5e10)), "-50000000000"},
	{"UInt64", vtUint64, le64(18000000000000000000), "18000000000000000000"},
	{"Float", vtFloat, le32(math.Float32bits(1.5)), "1.5"},
	{"Double", vtDouble, le64(math.Float64bits(-2.25)), "-2.25"},
	{"Bool", vtBool, le32(1), "true"},
	{"Binary", vtBinary, []byte{0xde, 0xad, 0x01}, "DEAD01"},
	{"GUID", vtGUID, []byte{0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49,
		0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d},
		"{54849625-5478-4994-A5BA-3E3B0328C30D}"},
	{"SizeT", vtSizeT, le64(0x1234), "0x1234"},
	{"FileTime", vtFileTime, le64(132000000000000000), "2019-04-17T18:40:00.0000000Z"},
	{"SysTime", vtSysTime, words(2020, 2, 6, 29, 23, 59, 58, 123),
		"2020-02-29T23:59:58.1230000Z"},
	{"SID", vtSID, append([]byte{1, 4, 0, 0, 0, 0, 0, 5}, append(append(append(
		le32(21), le32(1)...), le32(2)...), le32(1000)...)...), "S-1-5-21-1-2-1000"},
	{"Hex32", vtHex32, le32(0x3e7), "0x3e7"},
	{"Hex64", vtHex64, le64(0x8000000000000000), "0x8000000000000000"},
	{"Unknown", 0x30, []byte{1, 2}, "0102"},
}

// synthChunk builds a chunk with three records: one without templates
// using every markup token, one template with every value type (and
// arrays, a null optional attribute, a normal and an optional
// substitution), and one whose UserData is a nested BinXml value.
func synthChunk() []byte {
	b := newChunkBuilder()

	b.beginRecord()
	b.open("Event", false, true)
	b.u8(0x02)
	b.open("System", false, true)
	b.u8(0x02)
	b.open("Provider", true, true)
	b.attr("Name", false)
	b.text("Raw")
	b.u8(0x03)
	b.open("EventID", false, true)
	b.u8(0x02)
	b.text("7")
	b.u8(0x04)
	b.open("Computer", false, true)
	b.u8(0x02)
	b.text("host ")
	b.u8(0x04)
	b.u8(0x04)
	b.open("EventData", false, true)
	b.u8(0x02)
	b.open("Data", true, true)
	b.attr("Name", false)
	b.text("A")
	b.u8(0x02)
	b.u8(0x45)
	b.u8(0x01)
	b.u16(1)
	b.raw(utf16le("x"))
	b.u8(0x49) // entity reference
	b.name("amp")
	b.u8(0x47) // CDATA
	b.u16(3)
	b.raw(utf16le("<c>"))
	b.u8(0x08) // character reference
	b.u16(65)
	b.u8(0x04)
	b.u8(0x04)
	b.u8(0x0a) // processing instruction
	b.name("pi")
	b.u8(0x0b)
	b.u16(4)
	b.raw(utf16le("data"))
	b.u8(0x04)
	b.endRecord()

	var vals []tval
	vals = append(vals, tval{typ: vtString, data: utf16le("Synth")}, tval{typ: vtNull},
		tval{typ: vtUint16, data: le16(4688)})
	for _, vc := range valueCases {
		vals = append(vals, tval{typ: vc.typ, data: vc.data})
	}
	strArr := append(append(utf16le("a"), 0, 0), append(utf16le("b c"), 0, 0)...)
	vals = append(vals, tval{typ: vtString | vtArray, data: strArr},
		tval{typ: vtUint32 | vtArray, data: append(le32(1), le32(2)...)})
	b.beginRecord()
	b.template(func() {
		b.open("Event", false, true)
		b.u8(0x02)
		b.open("System", false, true)
		b.u8(0x02)
		b.open("Provider", true, true)
		b.attr("Name", false)
		b.subst(0, vtString, false)
		b.u8(0x03)
		b.open("EventID", true, true)
		b.attr("Qualifiers", false)
		b.subst(1, vtUint16, true)
		b.u8(0x02)
		b.subst(2, vtUint16, false)
		b.u8(0x04)
		b.u8(0x04)
		b.open("EventData", false, true)
		b.u8(0x02)
		for i, vc := range valueCases {
			b.open("Data", true, true)
			b.attr("Name", false)
			b.text(vc.name)
			b.u8(0x02)
			b.subst(uint16(3+i), vc.typ, i%2 == 0)
			b.u8(0x04)
		}
		for i, n := range []string{"Strings", "Numbers"} {
			b.open("Data", true, true)
			b.attr("Name", false)
			b.text(n)
			b.u8(0x02)
			b.subst(uint16(3+len(valueCases)+i), vals[3+len(valueCases)+i].typ, false)
			b.u8(0x04)
		}
		b.u8(0x04)
		b.u8(0x04)
	}, vals)
	b.endRecord()

	// Nested BinXml: the element start inside it has no dependency id.
	nested := newChunkBuilder()
	b.beginRecord()
	b.template(func() {
		b.open("Event", false, true)
		b.u8(0x02)
		b.open("UserData", false, true)
		b.u8(0x02)
		b.subst(0, vtBinXML, false)
		b.u8(0x04)
		b.u8(0x04)
	}, []tval{{typ: vtBinXML, data: nil}})
	// The nested value goes where the (empty) value data starts; its size
	// is patched into the descriptor once known, since its names are
	// chunk offsets.
	valAt := b.pos
	nested.pos = valAt
	nested.c = b.c
	nested.open("Op", false, false)
	nested.u8(0x02)
	nested.open("Leaf", false, false)
	nested.u8(0x02)
	nested.text("v1")
	nested.u8(0x04)
	nested.open("Leaf2", false, false)
	nested.u8(0x03)
	nested.u8(0x04)
	binary.LittleEndian.PutUint16(b.c[valAt-4:], uint16(nested.pos-valAt))
	b.pos = nested.pos
	b.endRecord()
	return b.finish()
}

func TestSynthetic(t *testing.T) {
	data := buildFile([][]byte{synthChunk()})
	recs, st := decodeFile(t, data, Options{XML: true})
	if len(st.Faults) != 1 || !strings.Contains(st.Faults[0].Reason, "unknown value type 0x30") {
		t.Errorf("faults: %v", st.Faults)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}

	raw := recs[0].Event
	if raw.Provider != "Raw" || raw.EventID != 7 || raw.Computer != "host " ||
		len(raw.Data) != 1 || raw.Data[0] != (winevent.Field{Name: "A", Value: "x&<c>A"}) {
		t.Errorf("record without template: %+v", raw)
	}
	const dataXML = `<Data Name="A">x&amp;<![CDATA[<c>]]>&#65;</Data>`
	if x := string(recs[0].XML); !strings.Contains(x, dataXML) ||
		!strings.Contains(x, "<?pi data?>") {
		t.Errorf("record without template, XML:\n%s", x)
	}

	ev := recs[1].Event
	if ev.Provider != "Synth" || ev.EventID != 4688 || ev.Qualifiers != -1 {
		t.Errorf("template System: %+v", ev)
	}
	if strings.Contains(string(recs[1].XML), "Qualifiers") {
		t.Errorf("null optional attribute rendered:\n%s", recs[1].XML)
	}
	want := []winevent.Field{}
	for _, vc := range valueCases {
		want = append(want, winevent.Field{Name: vc.name, Value: vc.want})
	}
	want = append(want, winevent.Field{Name: "Strings", Value: "a"},
		winevent.Field{Name: "Strings", Value: "b c"},
		winevent.Field{Name: "Numbers", Value: "1"}, winevent.Field{Name: "Numbers", Value: "2"})
	if len(ev.Data) != len(want) {
		t.Fatalf("fields:\n got %q\nwant %q", ev.Data, want)
	}
	for i := range want {
		if ev.Data[i] != want[i] {
			t.Errorf("field %d: got %q, want %q", i, ev.Data[i], want[i])
		}
	}
	if recs[1].Flags&FlagPartial == 0 {
		t.Errorf("unknown value type not flagged: %v", recs[1].Flags)
	}

	ud := recs[2].Event
	if !ud.UserData || len(ud.Data) != 2 ||
		ud.Data[0] != (winevent.Field{Name: "Leaf", Value: "v1"}) ||
		ud.Data[1] != (winevent.Field{Name: "Leaf2", Value: ""}) {
		t.Errorf("nested BinXml UserData: %+v", ud)
	}
}

// TestTemplateBomb: a template that uses its BinXml value 100 times, whose
// value instantiates the same template again, ten levels deep, would
// expand to 100^10 items; the work limit stops it at once.
func TestTemplateBomb(t *testing.T) {
	b := newChunkBuilder()
	b.beginRecord()
	defOff := b.pos + 10 // the definition follows the instance header
	b.template(func() {
		b.open("E", false, true)
		b.u8(0x02)
		for i := 0; i < 100; i++ {
			b.subst(0, vtBinXML, false)
		}
		b.u8(0x04)
	}, []tval{{typ: vtString, data: utf16le("x")}})
	b.endRecord()

	inner, typ := utf16le("x"), byte(vtString)
	for level := 0; level < 10; level++ {
		var v []byte
		v = append(v, 0x0c, 0x01)
		v = append(v, le32(0x1234)...)
		v = append(v, le32(uint32(defOff))...)
		v = append(v, le32(1)...)
		v = append(v, le16(uint16(len(inner)))...)
		v = append(v, typ, 0)
		inner, typ = append(v, inner...), vtBinXML
	}
	b.beginRecord()
	b.raw(inner)
	b.endRecord()

	start := time.Now()
	_, st := decodeFile(t, buildFile([][]byte{b.finish()}), Options{})
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("decoding took %v", el)
	}
	found := false
	for _, f := range st.Faults {
		found = found || strings.Contains(f.Reason, "work limit")
	}
	if !found || st.Records+st.Skipped != 2 {
		t.Errorf("stats %+v", st)
	}
}
