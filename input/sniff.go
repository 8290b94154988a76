package input

// FirstObjectKeys returns the top-level keys of the first JSON object in
// head (inside a leading '[' when the text is an array), as far as head
// goes: a truncated head yields the keys seen before the cut. ok is false
// when head does not start with a JSON object.
func FirstObjectKeys(head []byte) (keys []string, ok bool) {
	i := SkipSpace(head, 0)
	if i < len(head) && head[i] == '[' {
		i = SkipSpace(head, i+1)
	}
	if i >= len(head) || head[i] != '{' {
		return nil, false
	}
	ObjectKeys(head, i, func(key, _ []byte) bool {
		keys = append(keys, string(key))
		return len(keys) < 512
	})
	if len(keys) == 0 {
		// A truncated first value: still collect keys seen before the cut.
		keys = partialKeys(head, i)
	}
	return keys, true
}

// partialKeys scans an object cut short, collecting top-level keys.
func partialKeys(b []byte, i int) []string {
	var keys []string
	i = SkipSpace(b, i+1)
	for i < len(b) && b[i] == '"' {
		end, err := ScanString(b, i)
		if err != nil {
			break
		}
		keys = append(keys, Unescape(b[i:end]))
		i = SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			break
		}
		if i, err = SkipValue(b, SkipSpace(b, i+1)); err != nil {
			break
		}
		i = SkipSpace(b, i)
		if i >= len(b) || b[i] != ',' {
			break
		}
		i = SkipSpace(b, i+1)
	}
	return keys
}

// HasKey reports whether keys holds name, ignoring ASCII case.
func HasKey(keys []string, name string) bool {
	for _, k := range keys {
		if len(k) == len(name) && equalFold(k, name) {
			return true
		}
	}
	return false
}

func equalFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
