package builtin

import (
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/value"
)

// String functions. Strings are never null: a null input reads as "".

var (
	tString = value.String
	tLong   = value.Long
	tInt    = value.Int
	tBool   = value.Bool
	tDyn    = value.Dynamic
	tReal   = value.Real
	tDate   = value.DateTime
	tSpan   = value.Timespan
)

func str(s string) value.Value { return value.NewString(s) }

func init() {
	def(names("tolower"), tString, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		return str(strings.ToLower(argStr(a[0])))
	})
	def(names("toupper"), tString, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		return str(strings.ToUpper(argStr(a[0])))
	})
	def(names("strlen"), tLong, ks(kStrDyn), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewLong(int64(utf8.RuneCountInString(argStr(a[0]))))
	})
	def(names("string_size"), tLong, ks(kStrDyn), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewLong(int64(len(argStr(a[0]))))
	})
	register(bindStrcat, "strcat")
	register(bindStrcatDelim, "strcat_delim")
	def(names("strcat_array"), tString, ks(kArr, kText), 0, implStrcatArray)
	def(names("substring"), tString, ks(kText, kInt, kInt), 1, implSubstring)
	def(names("split"), tDyn, ks(kText, kStr, kInt), 1, implSplit)
	def(names("replace_string"), tString, ks(kStr, kStr, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			lookup := argStr(a[1])
			if lookup == "" {
				return str(argStr(a[0]))
			}
			return str(strings.ReplaceAll(argStr(a[0]), lookup, argStr(a[2])))
		})
	def(names("indexof"), tLong, ks(kText, kText, kInt, kInt, kInt), 3, implIndexOf)
	def(names("reverse"), tString, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		r := []rune(argStr(a[0]))
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return str(string(r))
	})
	def(names("translate"), tString, ks(kStr, kStr, kStr), 0, implTranslate)
	def(names("isascii"), tBool, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(isASCII(argStr(a[0])))
	})
	def(names("isutf8"), tBool, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(utf8.ValidString(argStr(a[0])))
	})
	def(names("strcmp"), tLong, ks(kText, kText), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewLong(int64(strings.Compare(argStr(a[0]), argStr(a[1]))))
	})
	def(names("strrep"), tString, ks(kText, kInt, kText), 1, implStrrep)
	def(names("isempty"), tBool, ks(kAny), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(IsEmpty(a[0]))
	})
	def(names("isnotempty", "notempty"), tBool, ks(kAny), 0,
		func(_ *Env, a []value.Value) value.Value { return value.NewBool(!IsEmpty(a[0])) })
	def(names("isnull"), tBool, ks(kAny), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(IsNull(a[0]))
	})
	def(names("isnotnull", "notnull"), tBool, ks(kAny), 0,
		func(_ *Env, a []value.Value) value.Value { return value.NewBool(!IsNull(a[0])) })
	def(names("unicode_codepoints_from_string"), tDyn, ks(kText), 0,
		func(_ *Env, a []value.Value) value.Value {
			var out value.Array
			for _, r := range argStr(a[0]) {
				out = append(out, value.NewLong(int64(r)))
			}
			return value.NewArray(out)
		})
	register(bindCodepointsToString, "unicode_codepoints_to_string")
}

// IsEmpty is isempty(): true for "" and for null (a dynamic null or an
// empty dynamic string included).
func IsEmpty(v value.Value) bool {
	if v.IsNull() {
		return true
	}
	if v.Type() == value.String {
		return v.Str() == ""
	}
	if s, ok := v.Scalar(); ok && s.Type() == value.String {
		return s.Str() == ""
	}
	return false
}

// IsNull is isnull(): strings are never null.
func IsNull(v value.Value) bool {
	if v.Type() == value.String {
		return false
	}
	return v.IsNull()
}

func bindStrcat(args []Arg) (value.Type, Impl, error) {
	if len(args) < 1 || len(args) > 64 {
		return value.Invalid, nil, errArgCount("strcat", 1, 64, len(args))
	}
	return tString, func(_ *Env, a []value.Value) value.Value {
		var b []byte
		for _, v := range a {
			b = AppendString(b, v)
		}
		return str(string(b))
	}, nil
}

func bindStrcatDelim(args []Arg) (value.Type, Impl, error) {
	if len(args) < 3 || len(args) > 65 {
		return value.Invalid, nil, errArgCount("strcat_delim", 3, 65, len(args))
	}
	return tString, func(_ *Env, a []value.Value) value.Value {
		delim := argStr(a[0])
		var b []byte
		for i, v := range a[1:] {
			if i > 0 {
				b = append(b, delim...)
			}
			b = AppendString(b, v)
		}
		return str(string(b))
	}, nil
}

func implStrcatArray(_ *Env, a []value.Value) value.Value {
	arr, ok := a[0].Array()
	if !ok {
		return str("")
	}
	delim := argStr(a[1])
	var b []byte
	for i, v := range arr {
		if i > 0 {
			b = append(b, delim...)
		}
		b = AppendString(b, v)
	}
	return str(string(b))
}

// implSubstring: substring(s, start [, length]) over code points; a
// negative start counts from the end and the window [start, start+length)
// is clipped to the string.
func implSubstring(_ *Env, a []value.Value) value.Value {
	s := argStr(a[0])
	start, ok := argLong(a[1])
	if !ok {
		return str("")
	}
	r := []rune(s)
	n := int64(len(r))
	if start < 0 {
		start += n
	}
	end := n
	if len(a) > 2 {
		l, ok := argLong(a[2])
		if ok {
			if l < 0 {
				return str("")
			}
			if start+l < end {
				end = start + l
			}
		}
	}
	start = max(start, 0)
	if start >= end {
		return str("")
	}
	return str(string(r[start:end]))
}

func implSplit(_ *Env, a []value.Value) value.Value {
	s, delim := argStr(a[0]), argStr(a[1])
	var parts []string
	if delim == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, delim)
	}
	if len(a) > 2 {
		i, ok := argLong(a[2])
		if !ok || i < 0 || i >= int64(len(parts)) {
			return value.NewArray(value.Array{})
		}
		return value.NewArray(value.Array{str(parts[i])})
	}
	out := make(value.Array, len(parts))
	for i, p := range parts {
		out[i] = str(p)
	}
	return value.NewArray(out)
}

// implIndexOf: indexof(source, lookup [, start [, length [, occurrence]]]),
// in code points; -1 when absent, null for a negative start or occurrence.
func implIndexOf(_ *Env, a []value.Value) value.Value {
	src := []rune(argStr(a[0]))
	look := []rune(argStr(a[1]))
	start, length, occ := int64(0), int64(-1), int64(1)
	var ok bool
	if len(a) > 2 {
		if start, ok = argLong(a[2]); !ok {
			return value.Null(tLong)
		}
	}
	if len(a) > 3 {
		if length, ok = argLong(a[3]); !ok {
			return value.Null(tLong)
		}
	}
	if len(a) > 4 {
		if occ, ok = argLong(a[4]); !ok {
			return value.Null(tLong)
		}
	}
	n := int64(len(src))
	if start < 0 || occ < 0 || length < -1 {
		return value.Null(tLong)
	}
	if start > n {
		return value.NewLong(-1)
	}
	end := n
	if length >= 0 && start+length < n {
		end = start + length
	}
	if occ == 0 {
		occ = 1
	}
	for i := start; i+int64(len(look)) <= end; i++ {
		if string(src[i:i+int64(len(look))]) == string(look) {
			occ--
			if occ == 0 {
				return value.NewLong(i)
			}
		}
	}
	return value.NewLong(-1)
}

// implTranslate: translate(searchList, replacementList, source). Characters
// past the end of a shorter replacement list map to its last character; an
// empty replacement list deletes the searched characters.
func implTranslate(_ *Env, a []value.Value) value.Value {
	from, to := []rune(argStr(a[0])), []rune(argStr(a[1]))
	src := argStr(a[2])
	m := make(map[rune]int, len(from))
	for i, r := range from {
		if _, dup := m[r]; !dup {
			m[r] = i
		}
	}
	var b strings.Builder
	for _, r := range src {
		i, ok := m[r]
		switch {
		case !ok:
			b.WriteRune(r)
		case len(to) == 0:
		case i < len(to):
			b.WriteRune(to[i])
		default:
			b.WriteRune(to[len(to)-1])
		}
	}
	return str(b.String())
}

func implStrrep(_ *Env, a []value.Value) value.Value {
	n, ok := argLong(a[1])
	if !ok || n <= 0 || n > 1024 {
		return str("")
	}
	delim := ""
	if len(a) > 2 {
		delim = argStr(a[2])
	}
	s := argStr(a[0])
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s
	}
	return str(strings.Join(parts, delim))
}

func bindCodepointsToString(args []Arg) (value.Type, Impl, error) {
	if len(args) < 1 {
		return value.Invalid, nil, errArgCount("unicode_codepoints_to_string", 1, -1, 0)
	}
	for i, a := range args {
		if err := checkArg("unicode_codepoints_to_string", i, a, kIntArr); err != nil {
			return value.Invalid, nil, err
		}
	}
	return tString, func(_ *Env, a []value.Value) value.Value {
		var b strings.Builder
		var add func(v value.Value)
		add = func(v value.Value) {
			if arr, ok := v.Array(); ok {
				for _, e := range arr {
					add(e)
				}
				return
			}
			if n, ok := argLong(v); ok && n >= 0 && n <= utf8.MaxRune {
				b.WriteRune(rune(n))
			}
		}
		for _, v := range a {
			add(v)
		}
		return str(b.String())
	}, nil
}
