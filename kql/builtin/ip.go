package builtin

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// IPv4 and IPv6 functions. An IPv4 argument may carry a /prefix.

// parseV4 reads a.b.c.d[/n] into the address and prefix length.
func parseV4(s string) (uint32, int, bool) {
	s = strings.TrimSpace(s)
	prefix := 32
	if i := strings.IndexByte(s, '/'); i >= 0 {
		n, err := strconv.Atoi(s[i+1:])
		if err != nil || n < 0 || n > 32 {
			return 0, 0, false
		}
		prefix, s = n, s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return 0, 0, false
	}
	var ip uint32
	for _, p := range parts {
		if p == "" || len(p) > 3 || !allDigits(p) {
			return 0, 0, false
		}
		n, _ := strconv.Atoi(p)
		if n > 255 {
			return 0, 0, false
		}
		ip = ip<<8 | uint32(n)
	}
	return ip, prefix, true
}

func maskV4(ip uint32, prefix int) uint32 {
	if prefix <= 0 {
		return 0
	}
	return ip & (^uint32(0) << (32 - prefix))
}

func v4Text(ip uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", ip>>24, ip>>16&255, ip>>8&255, ip&255)
}

// v4Arg reads an address argument with an optional extra prefix argument.
func v4Arg(v value.Value, extra []value.Value) (uint32, int, bool) {
	ip, p, ok := parseV4(argStr(v))
	if !ok {
		return 0, 0, false
	}
	if len(extra) > 0 {
		n, ok := argLong(extra[0])
		if !ok || n < 0 || n > 32 {
			return 0, 0, false
		}
		if int(n) < p {
			p = int(n)
		}
	}
	return ip, p, true
}

func init() {
	def(names("parse_ipv4"), tLong, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		ip, p, ok := v4Arg(a[0], nil)
		if !ok {
			return value.Null(tLong)
		}
		return value.NewLong(int64(maskV4(ip, p)))
	})
	def(names("parse_ipv4_mask"), tLong, ks(kStr, kInt), 0,
		func(_ *Env, a []value.Value) value.Value {
			ip, p, ok := v4Arg(a[0], a[1:])
			if !ok {
				return value.Null(tLong)
			}
			return value.NewLong(int64(maskV4(ip, p)))
		})
	def(names("ipv4_is_private"), tBool, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		ip, _, ok := parseV4(argStr(a[0]))
		if !ok {
			return value.Null(tBool)
		}
		return value.NewBool(ip>>24 == 10 || ip>>20 == 0xac1 || ip>>16 == 0xc0a8)
	})
	def(names("ipv4_is_in_range"), tBool, ks(kStr, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			ip, _, ok1 := parseV4(argStr(a[0]))
			r, p, ok2 := parseV4(argStr(a[1]))
			if !ok1 || !ok2 {
				return value.Null(tBool)
			}
			return value.NewBool(maskV4(ip, p) == maskV4(r, p))
		})
	register(bindVariadic("ipv4_is_in_any_range", 2, tBool, kStrDyn, implInAnyRange),
		"ipv4_is_in_any_range")
	cmp := func(name string, match bool) {
		ret := tLong
		if match {
			ret = tBool
		}
		def(names(name), ret, ks(kStr, kStr, kInt), 1, func(_ *Env, a []value.Value) value.Value {
			x, p1, ok1 := parseV4(argStr(a[0]))
			y, p2, ok2 := parseV4(argStr(a[1]))
			if !ok1 || !ok2 {
				return value.Null(ret)
			}
			p := min(p1, p2)
			if len(a) > 2 {
				if n, ok := argLong(a[2]); ok && n >= 0 && n <= 32 {
					p = min(p, int(n))
				}
			}
			c := cmpInt(int64(maskV4(x, p)), int64(maskV4(y, p)))
			if match {
				return value.NewBool(c == 0)
			}
			return value.NewLong(int64(c))
		})
	}
	cmp("ipv4_compare", false)
	cmp("ipv4_is_match", true)
	def(names("format_ipv4"), tString, ks(kAny, kInt), 1, func(_ *Env, a []value.Value) value.Value {
		ip, p, ok := v4OrLong(a[0], a[1:])
		if !ok {
			return str("")
		}
		return str(v4Text(maskV4(ip, p)))
	})
	def(names("format_ipv4_mask"), tString, ks(kAny, kInt), 0,
		func(_ *Env, a []value.Value) value.Value {
			ip, p, ok := v4OrLong(a[0], a[1:])
			if !ok {
				return str("")
			}
			return str(v4Text(maskV4(ip, p)) + "/" + strconv.Itoa(p))
		})
	def(names("ipv4_netmask_suffix"), tLong, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		_, p, ok := parseV4(argStr(a[0]))
		if !ok {
			return value.Null(tLong)
		}
		return value.NewLong(int64(p))
	})
	def(names("has_ipv4"), tBool, ks(kStrDyn, kStr), 0, func(_ *Env, a []value.Value) value.Value {
		return value.NewBool(hasIPv4(argStr(a[0]), []string{argStr(a[1])}, false))
	})
	def(names("has_ipv4_prefix"), tBool, ks(kStrDyn, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			return value.NewBool(hasIPv4(argStr(a[0]), []string{argStr(a[1])}, true))
		})
	register(bindVariadic("has_any_ipv4", 2, tBool, kStrDyn, func(a []value.Value) value.Value {
		return value.NewBool(hasIPv4(argStr(a[0]), flatStrings(a[1:]), false))
	}), "has_any_ipv4")
	register(bindVariadic("has_any_ipv4_prefix", 2, tBool, kStrDyn, func(a []value.Value) value.Value {
		return value.NewBool(hasIPv4(argStr(a[0]), flatStrings(a[1:]), true))
	}), "has_any_ipv4_prefix")
	ipv6Funcs()
	def(names("geo_info_from_ip_address"), tDyn, ks(kStr), 0,
		func(*Env, []value.Value) value.Value { return value.NewBag(nil) })
}

// v4OrLong reads an address given as text or as a long.
func v4OrLong(v value.Value, extra []value.Value) (uint32, int, bool) {
	if n := v.Unwrap(); isInteger(n.Type()) {
		if n.IsNull() || n.Long() < 0 || n.Long() > 0xffffffff {
			return 0, 0, false
		}
		return v4Arg(str(v4Text(uint32(n.Long()))), extra)
	}
	return v4Arg(v, extra)
}

func flatStrings(vs []value.Value) []string {
	var out []string
	for _, v := range vs {
		if arr, ok := v.Array(); ok {
			for _, e := range arr {
				out = append(out, ToString(e))
			}
			continue
		}
		out = append(out, argStr(v))
	}
	return out
}

func implInAnyRange(a []value.Value) value.Value {
	ip, _, ok := parseV4(argStr(a[0]))
	if !ok {
		return value.Null(tBool)
	}
	for _, r := range flatStrings(a[1:]) {
		if rip, p, ok := parseV4(r); ok && maskV4(ip, p) == maskV4(rip, p) {
			return value.NewBool(true)
		}
	}
	return value.NewBool(false)
}

// hasIPv4 looks for valid IPv4 addresses in text, delimited by anything but
// digits and dots, equal to (or, with prefix, starting with) a needle.
func hasIPv4(text string, needles []string, prefix bool) bool {
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.')
	}) {
		tok = strings.TrimRight(tok, ".")
		if _, _, ok := parseV4(tok); !ok {
			continue
		}
		for _, n := range needles {
			switch {
			case !prefix && tok == n:
				return true
			case prefix && strings.HasPrefix(tok, n) &&
				(strings.HasSuffix(n, ".") || tok == n):
				return true
			}
		}
	}
	return false
}

func parseV6(s string) (netip.Addr, int, bool) {
	s = strings.TrimSpace(s)
	bitsLen := -1
	if i := strings.IndexByte(s, '/'); i >= 0 {
		n, err := strconv.Atoi(s[i+1:])
		if err != nil || n < 0 || n > 128 {
			return netip.Addr{}, 0, false
		}
		bitsLen, s = n, s[:i]
	}
	ad, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, 0, false
	}
	// A prefix on an IPv4 address counts IPv4 bits.
	if ad.Is4() {
		ad = netip.AddrFrom16(ad.As16())
		if bitsLen >= 0 {
			bitsLen = min(bitsLen+96, 128)
		}
	}
	if bitsLen < 0 {
		bitsLen = 128
	}
	return ad, bitsLen, true
}

func maskV6(ad netip.Addr, n int) netip.Addr {
	p, _ := ad.Prefix(n)
	return p.Addr()
}

func ipv6Funcs() {
	cmp := func(name string, match bool) {
		ret := tLong
		if match {
			ret = tBool
		}
		def(names(name), ret, ks(kStr, kStr, kInt), 1, func(_ *Env, a []value.Value) value.Value {
			x, p1, ok1 := parseV6(argStr(a[0]))
			y, p2, ok2 := parseV6(argStr(a[1]))
			if !ok1 || !ok2 {
				return value.Null(ret)
			}
			p := min(p1, p2)
			if len(a) > 2 {
				if n, ok := argLong(a[2]); ok && n >= 0 && n <= 128 {
					p = min(p, int(n))
				}
			}
			c := maskV6(x, p).Compare(maskV6(y, p))
			if match {
				return value.NewBool(c == 0)
			}
			return value.NewLong(int64(c))
		})
	}
	cmp("ipv6_compare", false)
	cmp("ipv6_is_match", true)
	def(names("parse_ipv6"), tString, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		ad, p, ok := parseV6(argStr(a[0]))
		if !ok {
			return str("")
		}
		b := maskV6(ad, p).As16()
		var sb strings.Builder
		for i := 0; i < 16; i += 2 {
			if i > 0 {
				sb.WriteByte(':')
			}
			fmt.Fprintf(&sb, "%02x%02x", b[i], b[i+1])
		}
		return str(sb.String())
	})
}
