package builtin

import (
	"strings"
	"unicode/utf8"
)

// The has family implements model H of SEMANTICS.md §1.3: the needle must
// occur literally (every character, spaces and punctuation included); an
// occurrence may not start inside a term when the needle starts with a term
// character, and may not end inside a term when the needle ends with one.
// A term character is a letter or a decimal digit (Unicode-aware); the
// underscore separates terms. An empty needle matches every string, as the
// engine does.
//
// On ASCII input none of these functions allocates.

// Has reports whether hay has needle as a term or term-aligned phrase,
// ignoring case (the has operator).
func Has(hay, needle string) bool { return termSearchFold(hay, needle, true, true) }

// HasCS is Has with case-sensitive comparison (has_cs).
func HasCS(hay, needle string) bool { return termSearch(hay, needle, true, true) }

// HasPrefix reports whether some occurrence of needle in hay starts on a
// term boundary, ignoring case (hasprefix).
func HasPrefix(hay, needle string) bool { return termSearchFold(hay, needle, true, false) }

// HasPrefixCS is HasPrefix with case-sensitive comparison (hasprefix_cs).
func HasPrefixCS(hay, needle string) bool { return termSearch(hay, needle, true, false) }

// HasSuffix reports whether some occurrence of needle in hay ends on a term
// boundary, ignoring case (hassuffix).
func HasSuffix(hay, needle string) bool { return termSearchFold(hay, needle, false, true) }

// HasSuffixCS is HasSuffix with case-sensitive comparison (hassuffix_cs).
func HasSuffixCS(hay, needle string) bool { return termSearch(hay, needle, false, true) }

// Contains reports whether needle occurs in hay, ignoring case (contains).
func Contains(hay, needle string) bool {
	if isASCII(hay) && isASCII(needle) {
		return indexFoldASCII(hay, needle) >= 0
	}
	return termSearchFold(hay, needle, false, false)
}

// ContainsCS reports whether needle occurs in hay (contains_cs).
func ContainsCS(hay, needle string) bool { return strings.Contains(hay, needle) }

// StartsWith reports whether hay starts with prefix, ignoring case.
func StartsWith(hay, prefix string) bool {
	_, ok := prefixFold(hay, prefix)
	return ok
}

// StartsWithCS reports whether hay starts with prefix (startswith_cs).
func StartsWithCS(hay, prefix string) bool { return strings.HasPrefix(hay, prefix) }

// EndsWith reports whether hay ends with suffix, ignoring case.
func EndsWith(hay, suffix string) bool {
	i, j := len(hay), len(suffix)
	for j > 0 {
		if i == 0 {
			return false
		}
		a, b := hay[i-1], suffix[j-1]
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			if lowerASCII[a] != lowerASCII[b] {
				return false
			}
			i--
			j--
			continue
		}
		ra, na := utf8.DecodeLastRuneInString(hay[:i])
		rb, nb := utf8.DecodeLastRuneInString(suffix[:j])
		if !runeEqFold(ra, na, rb, nb, hay[i-na:i], suffix[j-nb:j]) {
			return false
		}
		i -= na
		j -= nb
	}
	return true
}

// EndsWithCS reports whether hay ends with suffix (endswith_cs).
func EndsWithCS(hay, suffix string) bool { return strings.HasSuffix(hay, suffix) }

// EqualFold reports whether a and b are equal ignoring case (=~).
func EqualFold(a, b string) bool {
	n, ok := prefixFold(a, b)
	return ok && n == len(a)
}

// termSearch finds a case-sensitive occurrence of needle in hay whose left
// (right) edge is on a term boundary when left (right) is set and the
// needle starts (ends) with a term character.
func termSearch(hay, needle string, left, right bool) bool {
	if needle == "" {
		return true
	}
	nl := left && firstTerm(needle)
	nr := right && lastTerm(needle)
	for i := 0; i+len(needle) <= len(hay); {
		p := strings.Index(hay[i:], needle)
		if p < 0 {
			return false
		}
		p += i
		e := p + len(needle)
		if (!nl || !termBefore(hay, p)) && (!nr || !termAt(hay, e)) {
			return true
		}
		i = p + 1
	}
	return false
}

// termSearchFold is termSearch ignoring case.
func termSearchFold(hay, needle string, left, right bool) bool {
	if needle == "" {
		return true
	}
	nl := left && firstTerm(needle)
	nr := right && lastTerm(needle)
	if isASCII(hay) && isASCII(needle) {
		for i := 0; i+len(needle) <= len(hay); {
			p := indexFoldASCII(hay[i:], needle)
			if p < 0 {
				return false
			}
			p += i
			e := p + len(needle)
			if (!nl || !termBefore(hay, p)) && (!nr || !termAt(hay, e)) {
				return true
			}
			i = p + 1
		}
		return false
	}
	for i := 0; i < len(hay); {
		if n, ok := prefixFold(hay[i:], needle); ok {
			if (!nl || !termBefore(hay, i)) && (!nr || !termAt(hay, i+n)) {
				return true
			}
		}
		_, size := utf8.DecodeRuneInString(hay[i:])
		i += size
	}
	return false
}

// indexFoldASCII returns the first index of sub in s ignoring ASCII case,
// or -1. Both must be ASCII.
func indexFoldASCII(s, sub string) int {
	n := len(sub)
	if n == 0 {
		return 0
	}
	lo := lowerASCII[sub[0]]
	up := lo
	if lo >= 'a' && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	rest := sub[1:]
	last := len(s) - n
	for i := 0; i <= last; i++ {
		if lo == up {
			p := strings.IndexByte(s[i:last+1], lo)
			if p < 0 {
				return -1
			}
			i += p
		} else if c := s[i]; c != lo && c != up {
			continue
		}
		if eqFoldASCII(s[i+1:i+n], rest) {
			return i
		}
	}
	return -1
}

// eqFoldASCII compares two equal-length ASCII strings ignoring case.
func eqFoldASCII(a, b string) bool {
	for i := 0; i < len(b); i++ {
		if lowerASCII[a[i]] != lowerASCII[b[i]] {
			return false
		}
	}
	return true
}

// prefixFold reports whether s starts with p ignoring case, and how many
// bytes of s the match covers.
func prefixFold(s, p string) (int, bool) {
	i, j := 0, 0
	for j < len(p) {
		if i >= len(s) {
			return 0, false
		}
		a, b := s[i], p[j]
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			if lowerASCII[a] != lowerASCII[b] {
				return 0, false
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(s[i:])
		rb, nb := utf8.DecodeRuneInString(p[j:])
		if !runeEqFold(ra, na, rb, nb, s[i:i+na], p[j:j+nb]) {
			return 0, false
		}
		i += na
		j += nb
	}
	return i, true
}

// runeEqFold compares two decoded runes ignoring case; invalid bytes
// compare by their raw bytes.
func runeEqFold(ra rune, na int, rb rune, nb int, rawA, rawB string) bool {
	if ra == utf8.RuneError && na == 1 || rb == utf8.RuneError && nb == 1 {
		return rawA == rawB
	}
	return ra == rb || foldRune(ra) == foldRune(rb)
}
