package builtin

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/kqlhunt/kqlhunt/value"
)

// Regular expressions follow RE2 syntax (Go's regexp), except that the
// classes \s \d \w and their negations are Unicode-aware as in the engine
// (trim(@"\s", s) removes a no-break space).

const (
	classSpace = `\s\x{85}\p{Z}`
	classDigit = `\p{Nd}`
	classWord  = `\p{L}\p{Mn}\p{Nd}\p{Pc}`
)

// translateRegex rewrites \s \d \w (and \S \D \W outside classes) into
// their Unicode forms.
func translateRegex(p string) string {
	if !strings.Contains(p, `\`) {
		return p
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			e := p[i+1]
			i++
			cls := ""
			switch e {
			case 's', 'S':
				cls = classSpace
			case 'd', 'D':
				cls = classDigit
			case 'w', 'W':
				cls = classWord
			}
			switch {
			case cls == "":
				b.WriteByte('\\')
				b.WriteByte(e)
			case inClass && e >= 'a':
				b.WriteString(cls)
			case inClass:
				b.WriteByte('\\')
				b.WriteByte(e)
			case e >= 'a':
				b.WriteString("[" + cls + "]")
			default:
				b.WriteString("[^" + cls + "]")
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var regexCache struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

// CompileRegex compiles a KQL regular expression (matches regex, extract,
// ...). Results are cached, so calling it per row with the same pattern is
// cheap; it is safe for concurrent use.
func CompileRegex(pattern string) (*regexp.Regexp, error) {
	regexCache.Lock()
	re, ok := regexCache.m[pattern]
	regexCache.Unlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile(translateRegex(pattern))
	if err != nil {
		return nil, errBadRegex(pattern, err)
	}
	regexCache.Lock()
	if regexCache.m == nil || len(regexCache.m) > 4096 {
		regexCache.m = make(map[string]*regexp.Regexp)
	}
	regexCache.m[pattern] = re
	regexCache.Unlock()
	return re, nil
}

// regexArg checks a regex argument at bind time: a constant is compiled
// once (a bad one is an error); otherwise the pattern is compiled per row.
func regexArg(name string, args []Arg, i int) (func(v value.Value) *regexp.Regexp, error) {
	if p, ok := constStr(args[i]); ok {
		re, err := CompileRegex(p)
		if err != nil {
			return nil, errBadConst(name, i, err.Error())
		}
		return func(value.Value) *regexp.Regexp { return re }, nil
	}
	return func(v value.Value) *regexp.Regexp {
		re, err := CompileRegex(argStr(v))
		if err != nil {
			return nil
		}
		return re
	}, nil
}

// convertRewrite turns \N group references of a rewrite into Go's ${N}.
func convertRewrite(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteString("${" + s[i+1:i+2] + "}")
			i++
		case c == '$':
			b.WriteString("$$")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func init() {
	register(bindExtract, "extract")
	register(bindExtractAll, "extract_all")
	register(bindReplaceRegex("replace_regex", 1, 0, 2), "replace_regex")
	register(bindReplaceRegex("replace", 0, 2, 1), "replace")
	register(bindTrim("trim", true, true), "trim")
	register(bindTrim("trim_start", true, false), "trim_start")
	register(bindTrim("trim_end", false, true), "trim_end")
	register(bindCountof, "countof")
	def(names("regex_quote"), tString, ks(kText), 0, func(_ *Env, a []value.Value) value.Value {
		return str(regexp.QuoteMeta(argStr(a[0])))
	})
}

// bindExtract: extract(regex, group, source [, typeof(T)]). The binder
// passes typeof(T) as an Arg whose Type is T.
func bindExtract(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("extract", args, ks(kStr, kInt, kStr, kAny), 1, false); err != nil {
		return value.Invalid, nil, err
	}
	re, err := regexArg("extract", args, 0)
	if err != nil {
		return value.Invalid, nil, err
	}
	t := tString
	if len(args) == 4 {
		t = args[3].Type
	}
	return t, func(_ *Env, a []value.Value) value.Value {
		r := re(a[0])
		g, ok := argLong(a[1])
		if r == nil || !ok || g < 0 || int(g) > r.NumSubexp() {
			return value.Null(t)
		}
		src := argStr(a[2])
		m := r.FindStringSubmatchIndex(src)
		if m == nil || m[2*g] < 0 {
			return value.Null(t)
		}
		return ConvertTo(str(src[m[2*g]:m[2*g+1]]), t)
	}, nil
}

// bindExtractAll: extract_all(regex, [groups,] source) -> dynamic; null
// when nothing matches. With one group (or none) each match gives a
// string, with several an array of the groups.
func bindExtractAll(args []Arg) (value.Type, Impl, error) {
	if len(args) != 2 && len(args) != 3 {
		return value.Invalid, nil, errArgCount("extract_all", 2, 3, len(args))
	}
	re, err := regexArg("extract_all", args, 0)
	if err != nil {
		return value.Invalid, nil, err
	}
	if p, ok := constStr(args[0]); ok && re(value.Value{}).NumSubexp() == 0 {
		return value.Invalid, nil, errNoCaptureGroup("extract_all", p)
	}
	srcIdx := len(args) - 1
	if err := checkArg("extract_all", srcIdx, args[srcIdx], kStr); err != nil {
		return value.Invalid, nil, err
	}
	return tDyn, func(_ *Env, a []value.Value) value.Value {
		r := re(a[0])
		if r == nil {
			return value.NullDynamic
		}
		groups := groupList(r, a, srcIdx)
		src := argStr(a[srcIdx])
		ms := r.FindAllStringSubmatchIndex(src, -1)
		if len(ms) == 0 {
			return value.NullDynamic
		}
		out := make(value.Array, 0, len(ms))
		for _, m := range ms {
			get := func(g int) value.Value {
				if g < 0 || 2*g+1 >= len(m) || m[2*g] < 0 {
					return str("")
				}
				return str(src[m[2*g]:m[2*g+1]])
			}
			if len(groups) == 1 {
				out = append(out, get(groups[0]))
				continue
			}
			row := make(value.Array, len(groups))
			for i, g := range groups {
				row[i] = get(g)
			}
			out = append(out, value.NewArray(row))
		}
		return value.NewArray(out)
	}, nil
}

// groupList returns the groups extract_all reports: those listed (by
// number or name) in the optional argument, else every group (or the whole
// match when the regex has none).
func groupList(r *regexp.Regexp, a []value.Value, srcIdx int) []int {
	if srcIdx == 2 {
		if arr, ok := a[1].Array(); ok {
			var gs []int
			for _, e := range arr {
				if e.Type() == value.String {
					gs = append(gs, r.SubexpIndex(e.Str()))
				} else if n, ok := argLong(e); ok {
					gs = append(gs, int(n))
				}
			}
			return gs
		}
	}
	if r.NumSubexp() == 0 {
		return []int{0}
	}
	gs := make([]int, r.NumSubexp())
	for i := range gs {
		gs[i] = i + 1
	}
	return gs
}

// bindReplaceRegex binds replace_regex(source, regex, rewrite) and the
// legacy replace(regex, rewrite, source) by argument positions.
func bindReplaceRegex(name string, reIdx, srcIdx, rwIdx int) func([]Arg) (value.Type, Impl,
	error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(kStr, kStr, kStr), 0, false); err != nil {
			return value.Invalid, nil, err
		}
		re, err := regexArg(name, args, reIdx)
		if err != nil {
			return value.Invalid, nil, err
		}
		return tString, func(_ *Env, a []value.Value) value.Value {
			r := re(a[reIdx])
			src := argStr(a[srcIdx])
			if r == nil {
				return str(src)
			}
			return str(r.ReplaceAllString(src, convertRewrite(argStr(a[rwIdx]))))
		}, nil
	}
}

// bindTrim binds trim(regex, source) and its one-sided forms: one match of
// the regex is removed at each trimmed end.
func bindTrim(name string, start, end bool) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(kStr, kStr), 0, false); err != nil {
			return value.Invalid, nil, err
		}
		var pre, suf func(value.Value) *regexp.Regexp
		mk := func(wrap string) (func(value.Value) *regexp.Regexp, error) {
			if p, ok := constStr(args[0]); ok {
				re, err := CompileRegex(strings.Replace(wrap, "R", p, 1))
				if err != nil {
					return nil, errBadConst(name, 0, err.Error())
				}
				return func(value.Value) *regexp.Regexp { return re }, nil
			}
			return func(v value.Value) *regexp.Regexp {
				re, _ := CompileRegex(strings.Replace(wrap, "R", argStr(v), 1))
				return re
			}, nil
		}
		var err error
		if pre, err = mk(`^(?:R)`); err != nil {
			return value.Invalid, nil, err
		}
		if suf, err = mk(`(?:R)$`); err != nil {
			return value.Invalid, nil, err
		}
		return tString, func(_ *Env, a []value.Value) value.Value {
			s := argStr(a[1])
			if r := pre(a[0]); start && r != nil {
				if m := r.FindStringIndex(s); m != nil {
					s = s[m[1]:]
				}
			}
			if r := suf(a[0]); end && r != nil {
				if m := r.FindStringIndex(s); m != nil {
					s = s[:m[0]]
				}
			}
			return str(s)
		}, nil
	}
}

func bindCountof(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("countof", args, ks(kStr, kStr, kConstStr), 1, false); err != nil {
		return value.Invalid, nil, err
	}
	regexKind := false
	if len(args) == 3 {
		k, _ := constStr(args[2])
		switch k {
		case "normal":
		case "regex":
			regexKind = true
		default:
			return value.Invalid, nil, errBadConst("countof", 2,
				"kind must be \"normal\" or \"regex\", got "+strconv.Quote(k))
		}
	}
	if regexKind {
		re, err := regexArg("countof", args, 1)
		if err != nil {
			return value.Invalid, nil, err
		}
		return tLong, func(_ *Env, a []value.Value) value.Value {
			r := re(a[1])
			if r == nil {
				return value.Null(tLong)
			}
			return value.NewLong(int64(len(r.FindAllStringIndex(argStr(a[0]), -1))))
		}, nil
	}
	return tLong, func(_ *Env, a []value.Value) value.Value {
		s, sub := argStr(a[0]), argStr(a[1])
		if sub == "" {
			return value.NewLong(0)
		}
		n := int64(0)
		for i := 0; ; {
			p := strings.Index(s[i:], sub)
			if p < 0 {
				break
			}
			n++
			i += p + 1
		}
		return value.NewLong(n)
	}, nil
}
