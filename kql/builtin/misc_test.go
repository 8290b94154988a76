package builtin

import (
	"testing"

	"github.com/kqlhunt/kqlhunt/value"
)

func TestRegexFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "extract", args: a(S(`x=([0-9.]+)`), L(1), S("hello x=45.6|wo")), want: `"45.6"`},
		{fn: "extract", args: a(S(`x=([0-9.]+)`), L(1), S("hello")), want: `""`},
		{fn: "extract", args: a(S(`x=([0-9.]+)`), L(1), S("x=45.6"), typeOf(value.Real)),
			want: "45.6", typ: value.Real},
		{fn: "extract", args: a(S(`(\d+)`), L(0), S("ab 12")), want: `"12"`},
		{fn: "extract", args: a(S(`(`), L(0), S("ab")), want: "error"},
		{fn: "extract_all", args: a(S(`(\d+)`), S("a set of numbers: 123, 567 and 789")),
			want: `["123","567","789"]`},
		{fn: "extract_all", args: a(S(`(\w)(\w+)(\w)`), S("82b8be2d-dfa7")),
			want: `[["8","2b8be2","d"],["d","fa","7"]]`},
		{fn: "extract_all", args: a(S(`(?P<first>\w)(?P<middle>\w+)(?P<last>\w)`),
			J(`["first",2,"last"]`), S("82b8be2d-dfa7")),
			want: `[["8","2b8be2","d"],["d","fa","7"]]`},
		{fn: "extract_all", args: a(S(`(\d+)`), S("none")), want: "null"},
		{fn: "replace_regex", args: a(S("abcXYZabc"), S("abc"), S("#")), want: `"#XYZ#"`},
		{fn: "replace_regex", args: a(S("cat dog"), S(`(\w+) (\w+)`), S(`\2 \1`)),
			want: `"dog cat"`},
		{fn: "replace", args: a(S(`is (\w+)`), S(`was \1$`), S("it is big")),
			want: `"it was big$"`},
		{fn: "trim", args: a(S(`\s`), S("  spaced  ")), want: `" spaced "`},
		{fn: "trim", args: a(S(`\s`), S("\u00a0nbsp\u00a0")), want: `"nbsp"`},
		{fn: "trim", args: a(S(`[^\w]+`), S("--abc.-")), want: `"abc"`},
		{fn: "trim_start", args: a(S(`x+`), S("xxaxx")), want: `"axx"`},
		{fn: "trim_end", args: a(S(`x+`), S("xxaxx")), want: `"xxa"`},
		{fn: "trim", args: a(S(" "), S(" a ")), want: `"a"`},
	})
}

func TestDynamicFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "array_length", args: a(J(`[1,2,3]`)), want: "3"},
		{fn: "array_length", args: a(J(`{"a":1}`)), want: "error"},
		{fn: "array_length", args: a(N(value.Dynamic)), want: "null"},
		{fn: "array_length", args: a(S("[1]")), want: "error"},
		{fn: "pack_array", args: a(L(1), S("a"), N(value.Long), J(`{"k":1}`)),
			want: `[1,"a",null,{"k":1}]`},
		{fn: "pack", args: a(S("a"), L(1), S("b"), J(`[2]`)), want: `{"a":1,"b":[2]}`},
		{fn: "bag_pack", args: a(S("a")), want: "error"},
		{fn: "array_concat", args: a(J(`[1,2]`), N(value.Dynamic)), want: `[1,2]`},
		{fn: "array_concat", args: a(J(`[1]`), J(`["x"]`)), want: `[1,"x"]`},
		{fn: "set_union", args: a(J(`[1,2,3]`), J(`[3,4]`), J(`[5]`)), want: `[1,2,3,4,5]`},
		{fn: "set_intersect", args: a(J(`[1,2,3]`), J(`[3,4,5]`)), want: `[3]`},
		{fn: "set_difference", args: a(J(`[1,2,3]`), J(`[3,4,5]`)), want: `[1,2]`},
		{fn: "set_difference", args: a(J(`[null,1,null,2,null]`), J(`[null]`)), want: `[1,2]`},
		{fn: "set_has_element", args: a(J(`[1,2,3]`), L(2)), want: "true"},
		{fn: "set_has_element", args: a(J(`[1,2,3]`), S("2")), want: "false"},
		{fn: "array_index_of", args: a(J(`[1,2,3]`), L(2)), want: "1"},
		{fn: "array_index_of", args: a(J(`[1,2,3]`), L(99)), want: "-1"},
		{fn: "array_slice", args: a(J(`[1,2,3]`), L(1), L(2)), want: `[2,3]`},
		{fn: "array_slice", args: a(J(`[1,2,3,4,5]`), L(2), L(-1)), want: `[3,4,5]`},
		{fn: "array_sort_asc", args: a(J(`[null,"blue","yellow","green",null]`)),
			want: `["blue","green","yellow",null,null]`},
		{fn: "array_sort_asc", args: a(J(`[null,"blue","yellow","green",null]`), B(false)),
			want: `[null,null,"blue","green","yellow"]`},
		{fn: "array_sort_desc", args: a(J(`[null,"blue","yellow","green",null]`), B(false)),
			want: `[null,null,"yellow","green","blue"]`},
		{fn: "array_sort_desc", args: a(J(`[5,2,8,1,9,3]`)), want: `[9,8,5,3,2,1]`},
		{fn: "array_sum", args: a(J(`[1,2,3,4]`)), want: "10"},
		{fn: "array_rotate_left", args: a(J(`[1,2,3,4,5]`), L(2)), want: `[3,4,5,1,2]`},
		{fn: "array_rotate_right", args: a(J(`[1,2,3,4,5]`), L(-2)), want: `[3,4,5,1,2]`},
		{fn: "array_rotate_right", args: a(J(`[10,20,30]`), L(1)), want: `[30,10,20]`},
		{fn: "array_shift_left", args: a(J(`[1,2,3,4,5]`), L(2)), want: `[3,4,5,null,null]`},
		{fn: "array_shift_left", args: a(J(`[1,2,3,4,5]`), L(2), L(-1)), want: `[3,4,5,-1,-1]`},
		{fn: "array_shift_left", args: a(J(`[1,2,3,4,5]`), L(-2), L(-1)),
			want: `[-1,-1,1,2,3]`},
		{fn: "array_shift_right", args: a(J(`[1,2,3,4,5]`), L(2), L(-1)),
			want: `[-1,-1,1,2,3]`},
		{fn: "array_shift_right", args: a(J(`[10,20,30]`), L(1)), want: `[null,10,20]`},
		{fn: "array_split", args: a(J(`[1,2,3,4,5]`), L(2)), want: `[[1,2],[3,4,5]]`},
		{fn: "array_split", args: a(J(`[1,2,3,4,5]`), J(`[1,3]`)), want: `[[1],[2,3],[4,5]]`},
		{fn: "array_iff", args: a(J(`[true,false,true]`), J(`[1,2,3]`), J(`[4,5,6]`)),
			want: `[1,5,3]`},
		{fn: "array_iff", args: a(J(`["some string value",null]`), L(1), L(0)),
			want: `[null,null]`},
		{fn: "array_reverse", args: a(J(`["this","is","an","example"]`)),
			want: `["example","an","is","this"]`},
		{fn: "bag_keys", args: a(J(`{"a":1,"b":2}`)), want: `["a","b"]`},
		{fn: "bag_keys", args: a(J(`{}`)), want: `[]`},
		{fn: "bag_merge", args: a(J(`{"a":1,"b":2}`), J(`{"b":3,"c":4}`)),
			want: `{"a":1,"b":2,"c":4}`},
		{fn: "bag_merge", args: a(J(`{"k":1}`), N(value.Dynamic)), want: `{"k":1}`},
		{fn: "zip", args: a(J(`[1,2,3]`), J(`[4,5,6]`)), want: `[[1,4],[2,5],[3,6]]`},
		{fn: "zip", args: a(J(`[1,2]`), J(`[4]`)), want: `[[1,4],[2,null]]`},
		{fn: "jaccard_index", args: a(J(`[1,2,3,4]`), J(`[3,4,5,6]`)),
			want: "0.3333333333333333"},
		{fn: "repeat", args: a(S("a"), L(3)), want: `["a","a","a"]`},
		{fn: "bag_has_key", args: a(J(`{"a":1}`), S("a")), want: "true"},
		{fn: "bag_remove_keys", args: a(J(`{"a":1,"b":2}`), J(`["a"]`)), want: `{"b":2}`},
		{fn: "dynamic_to_json", args: a(J(`{"a":1,"b":"text","c":true,"d":[1,2],"g":null}`)),
			want: `"{"a":1,"b":"text","c":true,"d":[1,2],"g":null}"`},
	})
}

func TestMathFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "abs", args: a(L(-1)), want: "1", typ: value.Long},
		{fn: "abs", args: a(I(-1)), want: "1", typ: value.Long},
		{fn: "abs", args: a(R(-1.5)), want: "1.5"},
		{fn: "abs", args: a(T("-1d")), want: "1.00:00:00"},
		{fn: "round", args: a(R(2.98765), L(3)), want: "2.988"},
		{fn: "round", args: a(R(2.15), L(1)), want: "2.2"},
		{fn: "round", args: a(R(2.15)), want: "2"},
		{fn: "round", args: a(R(-50.55), L(-2)), want: "-100"},
		{fn: "round", args: a(R(21.5), L(-1)), want: "20"},
		{fn: "round", args: a(L(7)), want: "7", typ: value.Long},
		{fn: "sqrt", args: a(R(-1)), want: "NaN"},
		{fn: "log", args: a(R(-1)), want: "null"},
		{fn: "log", args: a(R(0)), want: "-Infinity"},
		{fn: "exp", args: a(R(1000)), want: "Infinity"},
		{fn: "log10", args: a(L(100)), want: "2"},
		{fn: "log2", args: a(L(8)), want: "3"},
		{fn: "exp2", args: a(L(3)), want: "8"},
		{fn: "exp10", args: a(L(2)), want: "100"},
		{fn: "pow", args: a(L(2), L(10)), want: "1024"},
		{fn: "isnan", args: a(R(0).Unwrap()), want: "false"},
		{fn: "isinf", args: a(ToReal(S("Infinity"))), want: "true"},
		{fn: "isfinite", args: a(R(0)), want: "true"},
		{fn: "sign", args: a(L(-5)), want: "-1"},
		{fn: "ceiling", args: a(R(1.2)), want: "2"},
		{fn: "tohex", args: a(L(256)), want: `"100"`},
		{fn: "tohex", args: a(L(-1)), want: `"ffffffffffffffff"`},
		{fn: "tohex", args: a(L(255), L(4)), want: `"00ff"`},
		{fn: "binary_and", args: a(L(6), L(3)), want: "2"},
		{fn: "bitset_count_ones", args: a(L(42)), want: "3"},
	})
}

func TestEncodingFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "hash", args: a(S("World")), want: "1846988464401551951"},
		{fn: "hash", args: a(S("World"), L(100)), want: "51"},
		{fn: "hash_xxhash64", args: a(D("2015-01-01")), want: "1380966698541616202"},
		{fn: "hash_xxhash64", args: a(S("a string longer than thirty-two bytes for sure")),
			want: show(value.NewLong(int64(XXHash64([]byte(
				"a string longer than thirty-two bytes for sure")))))},
		{fn: "hash_sha256", args: a(S("World")),
			want: `"78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524"`},
		{fn: "hash_sha256", args: a(D("2020-01-01")),
			want: `"ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d"`},
		{fn: "hash_sha1", args: a(S("World")),
			want: `"70c07ec18ef89c5309bbb0937f3a6342411e1fdd"`},
		{fn: "hash_sha1", args: a(D("2020-01-01")),
			want: `"e903e533f4d636b4fc0dcf3cf81e7b7f330de776"`},
		{fn: "hash_md5", args: a(S("World")), want: `"f5a7924e621e84c9280a9a27e1bcb7f6"`},
		{fn: "base64_encode_tostring", args: a(S("Kusto")), want: `"S3VzdG8="`},
		{fn: "base64_decode_tostring", args: a(S("S3VzdG8=")), want: `"Kusto"`},
		{fn: "base64_decodestring", args: a(S("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")), want: `""`},
		{fn: "base64_decode_toarray", args: a(S("S3VzdG8=")), want: "[75,117,115,116,111]"},
		{fn: "base64_decode_toguid", args: a(S("JpbpECu8dUy7Pv5gbeJXAA==")),
			want: "10e99626-bc2b-4c75-bb3e-fe606de25700"},
		{fn: "base64_decode_toguid", args: a(S("abcd1231")), want: "null"},
		{fn: "base64_encode_fromguid", args: a(ToGuid(S("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"))),
			want: `"8jMxriJurkmwahbmqbIS6w=="`},
		{fn: "url_encode", args: a(S("https://www.bing.com/hello world")),
			want: `"https%3a%2f%2fwww.bing.com%2fhello+world"`},
		{fn: "url_decode", args: a(S("https%3a%2f%2fwww.bing.com%2f")),
			want: `"https://www.bing.com/"`},
	})
}

func TestParseFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "parse_command_line", args: a(S(`echo "hello world!"`), S("windows")),
			want: `["echo","hello world!"]`},
		{fn: "parse_command_line", args: a(S(`"C:\Program Files\a.exe" /c "x y" a\"b`+
			` c\\"d e"`), S("windows")),
			want: `["C:\\Program Files\\a.exe","/c","x y","a\"b","c\\d e"]`},
		{fn: "parse_command_line", args: a(S(`a "b""c" d`), S("windows")),
			want: `["a","b\"c","d"]`},
		{fn: "parse_command_line", args: a(S(`a \\server\share`), S("windows")),
			want: `["a","\\\\server\\share"]`},
		{fn: "parse_command_line", args: a(S("x"), S("linux")), want: "error"},
		{fn: "parse_path", args: a(S(`C:\temp\file.txt`)),
			want: `{"Scheme":"","RootPath":"C:\\","DirectoryPath":"C:\\temp",` +
				`"DirectoryName":"temp","Filename":"file.txt","Extension":"txt",` +
				`"AlternateDataStreamName":""}`},
		{fn: "parse_path", args: a(S(`temp\file.txt`)),
			want: `{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp",` +
				`"Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{fn: "parse_path", args: a(S(`file://C:/temp/file.txt:some.exe`)),
			want: `{"Scheme":"file","RootPath":"C:/","DirectoryPath":"C:/temp",` +
				`"DirectoryName":"temp","Filename":"file.txt","Extension":"txt",` +
				`"AlternateDataStreamName":"some.exe"}`},
		{fn: "parse_path", args: a(S(`\\shared\users\temp\file.txt.gz`)),
			want: `{"Scheme":"","RootPath":"","DirectoryPath":"\\\\shared\\users\\temp",` +
				`"DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz",` +
				`"AlternateDataStreamName":""}`},
		{fn: "parse_path", args: a(S(`/usr/lib/temp/file.txt`)),
			want: `{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp",` +
				`"DirectoryName":"temp","Filename":"file.txt","Extension":"txt",` +
				`"AlternateDataStreamName":""}`},
		{fn: "parse_url", args: a(S("scheme://username:password@host:1234/this/is/a/path" +
			"?k1=v1&k2=v2#fragment")),
			want: `{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path",` +
				`"Username":"username","Password":"password",` +
				`"Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}`},
		{fn: "parse_urlquery", args: a(S("k1=v1&k2=v2&k3=v3")),
			want: `{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}`},
		{fn: "parse_csv", args: a(S(`aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1` +
			"\n" + `line2"`)),
			want: `["aa","b,b,b","cc","Escaping quotes: \"Title\"","line1\nline2"]`},
		{fn: "parse_csv", args: a(S("record1,a,b,c\nrecord2,x,y,z")),
			want: `["record1","a","b","c"]`},
		{fn: "parse_version", args: a(S("0.0.0.5")), want: "5"},
		{fn: "parse_version", args: a(S("0.0.7.0")), want: "700000000"},
		{fn: "parse_version", args: a(S("1.2.3.4")), want: "1000000020000000300000004"},
		{fn: "parse_version", args: a(S("1")), want: "1000000000000000000000000"},
		{fn: "parse_version", args: a(S("a.b")), want: "null"},
		{fn: "parse_xml", args: a(S(`<e/>`)), want: `{"e":null}`},
		{fn: "parse_xml", args: a(S(`<e>text</e>`)), want: `{"e":"text"}`},
		{fn: "parse_xml", args: a(S(`<e name="value" />`)), want: `{"e":{"@name":"value"}}`},
		{fn: "parse_xml", args: a(S(`<e name="value">text</e>`)),
			want: `{"e":{"@name":"value","#text":"text"}}`},
		{fn: "parse_xml", args: a(S(`<e> <a>text</a> <b>text</b> </e>`)),
			want: `{"e":{"a":"text","b":"text"}}`},
		{fn: "parse_xml", args: a(S(`<e> <a>text</a> <a>text</a> <a>3</a></e>`)),
			want: `{"e":{"a":["text","text","3"]}}`},
		{fn: "parse_xml", args: a(S(`<e> text <a>text</a> </e>`)),
			want: `{"e":{"#text":"text","a":"text"}}`},
		{fn: "parse_xml", args: a(S(`<Event xmlns="http://schemas.microsoft.com/win/2004/08/` +
			`events/event"><System><EventID>1</EventID></System><EventData>` +
			`<Data Name="Image">C:\a.exe</Data><Data Name="User">x</Data></EventData></Event>`)),
			want: `{"Event":{"@xmlns":"http://schemas.microsoft.com/win/2004/08/events/event",` +
				`"System":{"EventID":"1"},"EventData":{"Data":[{"@Name":"Image",` +
				`"#text":"C:\\a.exe"},{"@Name":"User","#text":"x"}]}}}`},
		{fn: "parse_xml", args: a(S(`<e>`)), want: "null"},
	})
}

func TestIPFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		{fn: "parse_ipv4", args: a(S("192.168.1.1")), want: "3232235777"},
		{fn: "parse_ipv4", args: a(S("192.168.1.1/24")), want: "3232235776"},
		{fn: "parse_ipv4", args: a(S("255.255.255.255/31")), want: "4294967294"},
		{fn: "parse_ipv4", args: a(S("127.0.0.256")), want: "null"},
		{fn: "parse_ipv4_mask", args: a(S("127.0.0.1"), L(24)), want: "2130706432"},
		{fn: "ipv4_is_private", args: a(S("172.16.5.1")), want: "true"},
		{fn: "ipv4_is_private", args: a(S("8.8.8.8")), want: "false"},
		{fn: "ipv4_is_in_range", args: a(S("192.168.1.1"), S("192.168.1.255/24")),
			want: "true"},
		{fn: "ipv4_is_in_any_range", args: a(S("192.168.1.6"), S("192.168.1.1/24"),
			S("10.0.0.1/8")), want: "true"},
		{fn: "ipv4_is_in_any_range", args: a(S("1.1.1.1"), J(`["192.168.1.1/16","10.0.0.1/8"]`)),
			want: "false"},
		{fn: "ipv4_compare", args: a(S("192.168.1.1"), S("192.168.1.255"), L(24)), want: "0"},
		{fn: "ipv4_compare", args: a(S("192.168.1.1"), S("192.168.1.255")), want: "-1"},
		{fn: "format_ipv4", args: a(S("192.168.1.1"), L(24)), want: `"192.168.1.0"`},
		{fn: "format_ipv4_mask", args: a(S("192.168.1.1/24"), L(32)),
			want: `"192.168.1.0/24"`},
		{fn: "format_ipv4_mask", args: a(S("192.168.1.1/24"), L(-1)), want: `""`},
		{fn: "ipv4_netmask_suffix", args: a(S("127.0.0.1/16")), want: "16"},
		{fn: "has_ipv4", args: a(S("05:04:54 127.0.0.1 GET /favicon.ico 404"), S("127.0.0.1")),
			want: "true"},
		{fn: "has_ipv4", args: a(S("05:04:54 127.0.0.256 GET"), S("127.0.0.256")),
			want: "false"},
		{fn: "has_ipv4", args: a(S("05:04:54127.0.0.1 GET"), S("127.0.0.1")), want: "false"},
		{fn: "has_ipv4_prefix", args: a(S("05:04:54 127.0.0.1 GET"), S("127.0.")),
			want: "true"},
		{fn: "has_ipv4_prefix", args: a(S("05:04:54 127.0.0.1 GET"), S("127.0")),
			want: "false"},
		{fn: "has_any_ipv4", args: a(S("05:04:54 127.0.0.1 GET"), J(`["127.0.0.1","1.2.3.4"]`)),
			want: "true"},
		{fn: "has_any_ipv4_prefix", args: a(S("05:04:54127.0.0.1 GET"), S("127.0."), S("192.")),
			want: "false"},
		{fn: "parse_ipv6", args: a(S("192.168.255.255/24")),
			want: `"0000:0000:0000:0000:0000:ffff:c0a8:ff00"`},
		{fn: "ipv6_compare", args: a(S("::ffff:7f00:1"), S("127.0.0.1")), want: "0"},
		{fn: "ipv6_is_match", args: a(S("fe80::85d:e82c:9446:7994"),
			S("fe80::85d:e82c:9446:7995"), L(127)), want: "true"},
		{fn: "geo_info_from_ip_address", args: a(S("1.1.1.1")), want: "{}"},
	})
}
