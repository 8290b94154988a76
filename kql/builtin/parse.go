package builtin

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Parsers of command lines, paths, URLs, CSV records and versions.

func init() {
	register(bindParseCommandLine, "parse_command_line")
	def(names("parse_path"), tDyn, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		return ParsePath(argStr(a[0]))
	})
	def(names("parse_url", "parseurl"), tDyn, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return parseURL(argStr(a[0])) })
	def(names("parse_urlquery"), tDyn, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		b := &value.Bag{}
		b.Set("Query Parameters", queryBag(strings.TrimPrefix(argStr(a[0]), "?")))
		return value.NewBag(b)
	})
	def(names("parse_csv"), tDyn, ks(kStrDyn), 0, func(_ *Env, a []value.Value) value.Value {
		return parseCSV(argStr(a[0]))
	})
	def(names("parse_version"), value.Decimal, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return parseVersion(argStr(a[0])) })
}

func bindParseCommandLine(args []Arg) (value.Type, Impl, error) {
	if err := checkArgs("parse_command_line", args, ks(kText, kStr), 0, false); err != nil {
		return value.Invalid, nil, err
	}
	if k, ok := constStr(args[1]); ok && !strings.EqualFold(k, "windows") {
		return value.Invalid, nil, errBadConst("parse_command_line", 1,
			"the only supported parser is \"windows\"")
	}
	return tDyn, func(_ *Env, a []value.Value) value.Value {
		out := value.Array{}
		for _, s := range SplitCommandLine(argStr(a[0])) {
			out = append(out, str(s))
		}
		return value.NewArray(out)
	}, nil
}

// SplitCommandLine splits a Windows command line as CommandLineToArgvW
// does: the program name runs to the first space, or between quotes with
// no escapes; after it, 2n backslashes before a quote give n backslashes
// and toggle quoting, 2n+1 give n backslashes and a literal quote, other
// backslashes are literal, and "" inside quotes is a literal quote.
func SplitCommandLine(s string) []string {
	var args []string
	i := 0
	// Program name.
	if s == "" {
		return nil
	}
	var b strings.Builder
	if s[0] == '"' {
		j := strings.IndexByte(s[1:], '"')
		if j < 0 {
			args = append(args, s[1:])
			return args
		}
		b.WriteString(s[1 : 1+j])
		i = j + 2
	}
	for i < len(s) && s[i] != ' ' && s[i] != '\t' {
		b.WriteByte(s[i])
		i++
	}
	args = append(args, b.String())
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return args
		}
		b.Reset()
		inQuote := false
		for i < len(s) {
			c := s[i]
			if (c == ' ' || c == '\t') && !inQuote {
				break
			}
			switch c {
			case '\\':
				n := 0
				for i < len(s) && s[i] == '\\' {
					n++
					i++
				}
				if i < len(s) && s[i] == '"' {
					b.WriteString(strings.Repeat(`\`, n/2))
					if n%2 == 1 {
						b.WriteByte('"')
						i++
					}
				} else {
					b.WriteString(strings.Repeat(`\`, n))
				}
				continue
			case '"':
				if inQuote && i+1 < len(s) && s[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				inQuote = !inQuote
			default:
				b.WriteByte(c)
			}
			i++
		}
		args = append(args, b.String())
	}
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// ParsePath splits a file path as parse_path does.
func ParsePath(p string) value.Value {
	scheme := ""
	rest := p
	if m := schemeRE.FindStringSubmatch(p); m != nil {
		scheme, rest = m[1], p[len(m[0]):]
	}
	root := ""
	if len(rest) >= 2 && rest[1] == ':' && isLetter(rest[0]) {
		root = rest[:2]
		if len(rest) > 2 && (rest[2] == '\\' || rest[2] == '/') {
			root = rest[:3]
		}
	}
	sep := strings.LastIndexAny(rest, `\/`)
	dir, file := "", rest
	if sep >= 0 {
		dir, file = rest[:sep], rest[sep+1:]
		if dir+rest[sep:sep+1] == root {
			dir = root
		}
	}
	ads := ""
	if c := strings.IndexByte(file, ':'); c >= 0 && !(sep < 0 && c == 1 && root != "") {
		file, ads = file[:c], file[c+1:]
	}
	dirName := dir
	if k := strings.LastIndexAny(dir, `\/`); k >= 0 {
		dirName = dir[k+1:]
	}
	ext := ""
	if d := strings.LastIndexByte(file, '.'); d >= 0 {
		ext = file[d+1:]
	}
	b := &value.Bag{}
	for _, kv := range [][2]string{{"Scheme", scheme}, {"RootPath", root},
		{"DirectoryPath", dir}, {"DirectoryName", dirName}, {"Filename", file},
		{"Extension", ext}, {"AlternateDataStreamName", ads}} {
		b.Set(kv[0], str(kv[1]))
	}
	return value.NewBag(b)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func parseURL(s string) value.Value {
	b := &value.Bag{}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return value.NewBag(b)
	}
	pass, _ := u.User.Password()
	b.Set("Scheme", str(u.Scheme))
	b.Set("Host", str(u.Hostname()))
	b.Set("Port", str(u.Port()))
	b.Set("Path", str(u.EscapedPath()))
	b.Set("Username", str(u.User.Username()))
	b.Set("Password", str(pass))
	b.Set("Query Parameters", queryBag(u.RawQuery))
	b.Set("Fragment", str(u.Fragment))
	return value.NewBag(b)
}

// queryBag turns k1=v1&k2=v2 into a bag, values URL-decoded.
func queryBag(q string) value.Value {
	b := &value.Bag{}
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		b.Set(urlDecode(k), str(urlDecode(v)))
	}
	return value.NewBag(b)
}

// parseCSV reads the first CSV record of s.
func parseCSV(s string) value.Value {
	out := value.Array{}
	var f strings.Builder
	inQ := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQ && c == '"' && i+1 < len(s) && s[i+1] == '"':
			f.WriteByte('"')
			i++
		case c == '"':
			inQ = !inQ
		case !inQ && c == ',':
			out = append(out, str(f.String()))
			f.Reset()
		case !inQ && (c == '\n' || c == '\r'):
			out = append(out, str(f.String()))
			return value.NewArray(out)
		default:
			f.WriteByte(c)
		}
	}
	out = append(out, str(f.String()))
	return value.NewArray(out)
}

// parseVersion encodes up to four dot-separated parts of up to eight digits
// each as one decimal number (each part padded to eight digits).
func parseVersion(s string) value.Value {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) > 4 || len(parts) == 0 {
		return value.Null(value.Decimal)
	}
	var b strings.Builder
	for i := 0; i < 4; i++ {
		p := "0"
		if i < len(parts) {
			p = parts[i]
		}
		if p == "" || len(p) > 8 || !allDigits(p) {
			return value.Null(value.Decimal)
		}
		b.WriteString(strings.Repeat("0", 8-len(p)) + p)
	}
	t := strings.TrimLeft(b.String(), "0")
	if t == "" {
		t = "0"
	}
	return value.NewDecimal(t)
}
