package builtin

// TermMatcher tests a string against many has needles at once (has_any,
// has_all) in one pass over the string, whatever the number of needles.
//
// It is an Aho-Corasick automaton over the bytes of the folded needles,
// compiled to a dense transition table over byte classes (the bytes that
// occur in some needle, plus one class for all others). Every match the
// automaton reports is checked against the term-boundary rules of Has at
// that position. ASCII text is folded on the fly, without allocating;
// non-ASCII text is folded into a copy first when matching ignores case.
type TermMatcher struct {
	fold     bool
	anyEmpty bool // an empty needle matches everything
	n        int  // distinct needles
	nclass   int
	class    [256]uint16
	// foldClass is class indexed through ASCII lower-casing.
	foldClass [256]uint16
	delta     []int32 // state*nclass+class -> state
	out       []int32 // state -> needle id ending here, or -1
	dict      []int32 // state -> nearest proper suffix state with output, or -1
	pats      []pattern
}

type pattern struct {
	len         int
	left, right bool // edge must be on a term boundary
}

// NewTermMatcher builds a matcher for needles with has semantics
// (has_cs semantics when caseSensitive). Duplicate needles count once.
func NewTermMatcher(needles []string, caseSensitive bool) *TermMatcher {
	m := &TermMatcher{fold: !caseSensitive}
	seen := make(map[string]bool, len(needles))
	var keys []string
	for _, nd := range needles {
		k := nd
		if m.fold {
			k = Fold(nd)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		if k == "" {
			m.anyEmpty = true
			continue
		}
		keys = append(keys, k)
	}
	m.n = len(keys)
	m.build(keys)
	return m
}

// Len returns the number of distinct non-empty needles.
func (m *TermMatcher) Len() int { return m.n }

func (m *TermMatcher) build(keys []string) {
	// Byte classes: 0 for bytes in no needle.
	for _, k := range keys {
		for i := 0; i < len(k); i++ {
			if m.class[k[i]] == 0 {
				m.nclass++
				m.class[k[i]] = uint16(m.nclass)
			}
		}
	}
	m.nclass++
	nc := m.nclass
	for b := range m.foldClass {
		m.foldClass[b] = m.class[lowerASCII[b]]
	}
	// Trie; -1 marks a missing edge until the failure pass fills it.
	m.delta = make([]int32, nc)
	m.out = []int32{-1}
	for i := range m.delta {
		m.delta[i] = -1
	}
	for id, k := range keys {
		s := int32(0)
		for i := 0; i < len(k); i++ {
			c := int(m.class[k[i]])
			nx := m.delta[int(s)*nc+c]
			if nx < 0 {
				nx = int32(len(m.out))
				m.delta[int(s)*nc+c] = nx
				m.out = append(m.out, -1)
				for j := 0; j < nc; j++ {
					m.delta = append(m.delta, -1)
				}
			}
			s = nx
		}
		m.out[s] = int32(id)
		m.pats = append(m.pats, pattern{
			len:   len(k),
			left:  firstTerm(k),
			right: lastTerm(k),
		})
	}
	// Breadth-first failure links, turning the trie into a full DFA.
	states := len(m.out)
	fail := make([]int32, states)
	m.dict = make([]int32, states)
	m.dict[0] = -1
	queue := make([]int32, 0, states)
	for c := 0; c < nc; c++ {
		nx := m.delta[c]
		if nx < 0 {
			m.delta[c] = 0
			continue
		}
		fail[nx] = 0
		m.dict[nx] = -1
		queue = append(queue, nx)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := 0; c < nc; c++ {
			nx := m.delta[int(s)*nc+c]
			f := m.delta[int(fail[s])*nc+c]
			if nx < 0 {
				m.delta[int(s)*nc+c] = f
				continue
			}
			fail[nx] = f
			if m.out[f] >= 0 {
				m.dict[nx] = f
			} else {
				m.dict[nx] = m.dict[f]
			}
			queue = append(queue, nx)
		}
	}
}

// Any reports whether s has at least one needle (has_any). An empty
// needle list matches nothing.
func (m *TermMatcher) Any(s string) bool {
	if m.anyEmpty {
		return true
	}
	if m.n == 0 {
		return false
	}
	return m.scan(s, nil)
}

// All reports whether s has every needle (has_all). An empty needle list
// matches everything.
func (m *TermMatcher) All(s string) bool {
	if m.n == 0 {
		return true
	}
	var small [4]uint64
	var seen []uint64
	if m.n <= 256 {
		seen = small[:(m.n+63)/64]
	} else {
		seen = make([]uint64, (m.n+63)/64)
	}
	return m.scan(s, seen)
}

// scan runs the automaton over s. With seen nil it stops at the first
// valid match; otherwise it marks matched needles and stops when all are.
func (m *TermMatcher) scan(s string, seen []uint64) bool {
	if m.fold && !isASCII(s) {
		s = string(appendFold(make([]byte, 0, len(s)+8), s))
		return m.run(s, seen, false)
	}
	return m.run(s, seen, m.fold)
}

func (m *TermMatcher) run(s string, seen []uint64, lower bool) bool {
	// Fold the class table once instead of folding every byte.
	class := &m.class
	if lower {
		class = &m.foldClass
	}
	nc := m.nclass
	delta := m.delta
	left := m.n
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = delta[int(st)*nc+int(class[s[i]])]
		if m.out[st] < 0 && m.dict[st] < 0 {
			continue
		}
		for o := st; o >= 0; o = m.dict[o] {
			id := m.out[o]
			if id < 0 {
				continue
			}
			p := &m.pats[id]
			e := i + 1
			b := e - p.len
			if p.left && termBefore(s, b) || p.right && termAt(s, e) {
				continue
			}
			if seen == nil {
				return true
			}
			w, bit := id>>6, uint64(1)<<(id&63)
			if seen[w]&bit == 0 {
				seen[w] |= bit
				left--
				if left == 0 {
					return true
				}
			}
		}
	}
	return false
}
