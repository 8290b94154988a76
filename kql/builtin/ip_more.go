package builtin

import (
	"fmt"
	"math/bits"
	"net/netip"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// ipv6_is_in_range, ipv6_is_in_any_range, parse_ipv6_mask and
// ipv4_range_to_cidr_list.

func init() {
	def(names("ipv6_is_in_range"), tBool, ks(kStr, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			ip, _, ok1 := parseV6(argStr(a[0]))
			r, p, ok2 := parseV6(argStr(a[1]))
			if !ok1 || !ok2 {
				return value.Null(tBool)
			}
			return value.NewBool(maskV6(ip, p) == maskV6(r, p))
		})
	register(bindVariadic("ipv6_is_in_any_range", 2, tBool, kStrDyn,
		func(a []value.Value) value.Value {
			ip, _, ok := parseV6(argStr(a[0]))
			if !ok {
				return value.Null(tBool)
			}
			for _, r := range flatStrings(a[1:]) {
				if rip, p, ok := parseV6(r); ok && maskV6(ip, p) == maskV6(rip, p) {
					return value.NewBool(true)
				}
			}
			return value.NewBool(false)
		}), "ipv6_is_in_any_range")
	def(names("parse_ipv6_mask"), tString, ks(kStr, kInt), 0,
		func(_ *Env, a []value.Value) value.Value {
			ad, p, ok := parseV6(argStr(a[0]))
			n, ok2 := argLong(a[1])
			if !ok || !ok2 || n < 0 || n > 128 {
				return str("")
			}
			return str(v6Text(maskV6(ad, min(p, int(n)))))
		})
	def(names("ipv4_range_to_cidr_list"), tDyn, ks(kStr, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			lo, _, ok1 := parseV4(argStr(a[0]))
			hi, _, ok2 := parseV4(argStr(a[1]))
			if !ok1 || !ok2 || lo > hi {
				return value.NullDynamic
			}
			return value.NewArray(cidrList(uint64(lo), uint64(hi)))
		})
}

// v6Text writes an address as eight groups of four hex digits.
func v6Text(ad netip.Addr) string {
	b := ad.As16()
	var sb strings.Builder
	for i := 0; i < 16; i += 2 {
		if i > 0 {
			sb.WriteByte(':')
		}
		fmt.Fprintf(&sb, "%02x%02x", b[i], b[i+1])
	}
	return sb.String()
}

// cidrList covers lo..hi with the fewest CIDR blocks, in order.
func cidrList(lo, hi uint64) value.Array {
	out := value.Array{}
	for lo <= hi {
		size := 32
		if lo != 0 {
			size = min(32, bits.TrailingZeros64(lo)) // largest aligned block at lo
		}
		for size > 0 && lo+(uint64(1)<<size)-1 > hi {
			size--
		}
		out = append(out, str(fmt.Sprintf("%s/%d", v4Text(uint32(lo)), 32-size)))
		lo += uint64(1) << size
	}
	return out
}
