package builtin

import (
	"unicode"
	"unicode/utf8"
)

// Case folding and term characters shared by every string operator.
//
// Case-insensitive operators compare folded text: ASCII letters fold to
// lower case by table; any other rune r folds to ToLower(ToUpper(r)), which
// mirrors .NET's ordinal-ignore-case (upper-case invariant) comparison while
// keeping ASCII text in lower case. Folding is rune by rune, so term
// boundaries of the folded text are those of the original.

// lowerASCII maps every byte to its ASCII lower case; bytes >= 0x80 map to
// themselves.
var lowerASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

// termASCII reports the ASCII term characters [A-Za-z0-9].
var termASCII = func() (t [256]bool) {
	for i := '0'; i <= '9'; i++ {
		t[i] = true
	}
	for i := 'a'; i <= 'z'; i++ {
		t[i] = true
		t[i-'a'+'A'] = true
	}
	return t
}()

// foldRune folds one rune for case-insensitive comparison.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return rune(lowerASCII[r])
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// isTermRune reports whether r is a term character: a letter or a decimal
// digit (underscore and every punctuation or space character separate
// terms).
func isTermRune(r rune) bool {
	if r < utf8.RuneSelf {
		return termASCII[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasUpperASCII reports whether an ASCII string holds an upper-case letter.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// Fold returns s case-folded as the case-insensitive operators compare it.
// It returns s itself (no allocation) when s is already folded ASCII.
func Fold(s string) string {
	if isASCII(s) {
		if !hasUpperASCII(s) {
			return s
		}
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			b[i] = lowerASCII[s[i]]
		}
		return string(b)
	}
	return string(appendFold(make([]byte, 0, len(s)), s))
}

// appendFold appends the folded form of s to b.
func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, lowerASCII[c])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, c) // keep invalid bytes as they are
		} else {
			b = utf8.AppendRune(b, foldRune(r))
		}
		i += size
	}
	return b
}

// termBefore reports whether the rune ending at byte i of s is a term
// character (false at the start).
func termBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return termASCII[c]
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isTermRune(r)
}

// termAt reports whether the rune starting at byte i of s is a term
// character (false at the end).
func termAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return termASCII[c]
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isTermRune(r)
}

// firstTerm and lastTerm report whether a needle starts or ends with a term
// character.
func firstTerm(s string) bool { return termAt(s, 0) }
func lastTerm(s string) bool  { return termBefore(s, len(s)) }
