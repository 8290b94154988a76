package builtin

import (
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/value"
)

// Punycode (RFC 3492) and its use in domain names (labels prefixed xn--).
// Invalid input gives "".

const (
	pcBase = 36
	pcTMin = 1
	pcTMax = 26
	pcSkew = 38
	pcDamp = 700
	pcBias = 72
	pcN    = 128
)

func init() {
	def(names("punycode_from_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			s, _ := punyEncode(argStr(a[0]))
			return str(s)
		})
	def(names("punycode_to_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			s, _ := punyDecode(argStr(a[0]))
			return str(s)
		})
	def(names("punycode_domain_from_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return str(punyDomain(argStr(a[0]), false)) })
	def(names("punycode_domain_to_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return str(punyDomain(argStr(a[0]), true)) })
}

// punyDomain decodes (or, with encode, encodes) each label of a domain.
func punyDomain(s string, encode bool) string {
	// IDNA label separators: full stops of other scripts count as dots.
	s = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(s)
	labels := strings.Split(s, ".")
	for i, l := range labels {
		var ok bool
		switch {
		case encode && !isASCII(l):
			l, ok = punyEncode(l)
			l = "xn--" + l
		case !encode && len(l) > 4 && strings.EqualFold(l[:4], "xn--"):
			l, ok = punyDecode(l[4:])
		default:
			ok = true
		}
		if !ok {
			return ""
		}
		labels[i] = l
	}
	return strings.Join(labels, ".")
}

func punyAdapt(delta, numPoints int, first bool) int {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := 0
	for delta > (pcBase-pcTMin)*pcTMax/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func punyDigit(d int) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func punyThreshold(k, bias int) int {
	switch {
	case k <= bias:
		return pcTMin
	case k >= bias+pcTMax:
		return pcTMax
	}
	return k - bias
}

func punyEncode(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := pcN, 0, pcBias
	for h < len(runes) {
		m := int(^uint(0) >> 1)
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if int(r) < n {
				delta++
			}
			if int(r) != n {
				continue
			}
			q := delta
			for k := pcBase; ; k += pcBase {
				t := punyThreshold(k, bias)
				if q < t {
					break
				}
				out = append(out, punyDigit(t+(q-t)%(pcBase-t)))
				q = (q - t) / (pcBase - t)
			}
			out = append(out, punyDigit(q))
			bias = punyAdapt(delta, h+1, h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return string(out), true
}

func punyDecode(s string) (string, bool) {
	var out []rune
	rest := s
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		for _, c := range s[:i] {
			if c >= 0x80 {
				return "", false
			}
			out = append(out, c)
		}
		rest = s[i+1:]
	}
	n, i, bias := pcN, 0, pcBias
	for p := 0; p < len(rest); {
		old, w := i, 1
		for k := pcBase; ; k += pcBase {
			if p >= len(rest) {
				return "", false
			}
			c := rest[p]
			p++
			var d int
			switch {
			case c >= 'a' && c <= 'z':
				d = int(c - 'a')
			case c >= 'A' && c <= 'Z':
				d = int(c - 'A')
			case c >= '0' && c <= '9':
				d = int(c-'0') + 26
			default:
				return "", false
			}
			i += d * w
			t := punyThreshold(k, bias)
			if d < t {
				break
			}
			w *= pcBase - t
			if i > 1<<30 || w > 1<<30 {
				return "", false
			}
		}
		bias = punyAdapt(i-old, len(out)+1, old == 0)
		n += i / (len(out) + 1)
		i %= len(out) + 1
		if n > utf8.MaxRune {
			return "", false
		}
		out = append(out[:i], append([]rune{rune(n)}, out[i:]...)...)
		i++
	}
	return string(out), true
}
