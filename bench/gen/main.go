// Command gen writes synthetic Defender DeviceProcessEvents rows for
// benchmarking kqlhunt.
//
//	go run ./bench/gen -n 1000000 -o bench/out/dpe-1m.jsonl [-seed 1]
//
// Each line is one advanced-hunting JSON row with the full 68-column
// Defender set (compact JSON, about 2.0-2.6 KB per line), timestamps spread
// over 2025-03-14, 250 invented hosts and 400 invented users of
// contoso.example. About 0.1% of rows come from templates on which the seed
// T1119 query fires; their count is printed to stderr. Output is
// deterministic for a given -n and -seed. All data is invented.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// gen holds the generator state.
type gen struct {
	r     *rand.Rand
	hosts []host
	users []user
	sys   user
	neg   []int // template indices, repeated by weight
	pos   []int // positive template indices
	pre   [][]byte
	ppre  [][]byte
}

type host struct{ name, id string }

// user holds pre-rendered JSON for the account columns.
type user struct {
	acct, iacct []byte // "AccountDomain":...,"LogonId":n, and the Initiating* twin
	level, elev string // integrity level and token elevation
	session     int64  // session id (0 for SYSTEM)
}

func main() {
	n := flag.Int("n", 1000000, "number of rows")
	out := flag.String("o", "", "output file (default stdout)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	pos, err := newGen(*seed).write(w, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "rows=%d expected_positives=%d\n", *n, pos)
}

// hexOf derives n deterministic hex digits from s.
func hexOf(s string, n int) string {
	var out []byte
	for i := 0; len(out) < n; i++ {
		sum := sha256.Sum256([]byte(strconv.Itoa(i) + ":" + s))
		out = append(out, hex.EncodeToString(sum[:])...)
	}
	return string(out[:n])
}

// guid derives a GUID-shaped string from s.
func guid(s string) string {
	h := hexOf(s, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

func base(p string) string { return p[strings.LastIndexAny(p, `\/`)+1:] }

// kv appends "key":"value", with value JSON-escaped.
func kv(b []byte, key, v string) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `":`...)
	b = appendJSONString(b, v)
	return append(b, ',')
}

// kn appends "key":n,.
func kn(b []byte, key string, v int64) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `":`...)
	b = strconv.AppendInt(b, v, 10)
	return append(b, ',')
}

func newGen(seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for i := 0; i < 250; i++ {
		name := fmt.Sprintf("wks-%04d.contoso.example", 100+i*7)
		if i%10 == 0 {
			name = fmt.Sprintf("srv-%03d.contoso.example", i/10)
		}
		g.hosts = append(g.hosts, host{name, hexOf("dev:"+name, 40)})
	}
	for i := 0; i < 400; i++ {
		name := fmt.Sprintf("user%03d", i)
		sid := fmt.Sprintf("S-1-5-21-1004336348-1177238915-682003330-%d", 1100+i)
		g.users = append(g.users, mkUser(name, "contoso", sid, name+"@contoso.example",
			guid("obj:"+name), int64(0x3c0000+i*4099), false))
	}
	g.sys = mkUser("system", "nt authority", "S-1-5-18", "", "", 999, true)
	for i, t := range templates {
		if t.positive {
			g.pos = append(g.pos, i)
		}
		for j := 0; j < t.weight; j++ {
			g.neg = append(g.neg, i)
		}
		g.pre = append(g.pre, imageCols(nil, "", t.image))
		g.ppre = append(g.ppre, imageCols(nil, "InitiatingProcess", t.parent))
	}
	return g
}

// mkUser pre-renders the account columns of one user.
func mkUser(name, dom, sid, upn, obj string, logon int64, system bool) user {
	var u user
	for _, p := range []string{"", "InitiatingProcess"} {
		b := kv(nil, p+"AccountDomain", dom)
		b = kv(b, p+"AccountName", name)
		b = kv(b, p+"AccountSid", sid)
		b = kv(b, p+"AccountUpn", upn)
		b = kv(b, p+"AccountObjectId", obj)
		b = kn(b, p+"LogonId", logon)
		if p == "" {
			u.acct = b
		} else {
			u.iacct = b
		}
	}
	u.level, u.elev, u.session = "Medium", "TokenElevationTypeLimited", 1
	if system {
		u.level, u.elev, u.session = "System", "TokenElevationTypeDefault", 0
	}
	return u
}

// imageCols pre-renders the hash and version columns of an image. With
// prefix "" it renders FileName..ProcessVersionInfoFileDescription; with
// "InitiatingProcess" the SHA1..VersionInfoFileDescription block.
func imageCols(b []byte, prefix, path string) []byte {
	lb := strings.ToLower(base(path))
	co, prod, ver := "Microsoft Corporation", "Microsoft® Windows® Operating System",
		"10.0.19041.3636"
	if !strings.HasPrefix(strings.ToLower(path), `c:\windows\`) {
		co, prod, ver = "Contoso Software", strings.TrimSuffix(base(path), ".exe"), "1.4.2.0"
	}
	size := int64(40960 + len(path)*8192)
	if prefix == "" {
		b = kv(b, "FileName", base(path))
		b = kv(b, "FolderPath", path)
	}
	b = kv(b, prefix+"SHA1", hexOf("sha1:"+lb, 40))
	b = kv(b, prefix+"SHA256", hexOf("sha256:"+lb, 64))
	b = kv(b, prefix+"MD5", hexOf("md5:"+lb, 32))
	if prefix != "" {
		b = kv(b, prefix+"FileName", base(path))
	}
	b = kn(b, prefix+"FileSize", size)
	vp := "ProcessVersionInfo"
	if prefix != "" {
		vp = prefix + "VersionInfo"
	}
	b = kv(b, vp+"CompanyName", co)
	b = kv(b, vp+"ProductName", prod)
	b = kv(b, vp+"ProductVersion", ver)
	b = kv(b, vp+"InternalFileName", strings.TrimSuffix(base(path), ".exe"))
	b = kv(b, vp+"OriginalFileName", base(path))
	return kv(b, vp+"FileDescription", strings.TrimSuffix(base(path), ".exe"))
}
