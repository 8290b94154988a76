package value

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// ParseJSON parses JSON text into a dynamic value, as parse_json does:
// integers become long, other numbers real, objects property bags (keys in
// document order, a repeated key keeps its last value), arrays arrays.
func ParseJSON(text string) (Value, error) { return parseJSON(strings.NewReader(text)) }

// ParseJSONBytes is ParseJSON over bytes.
func ParseJSONBytes(text []byte) (Value, error) { return parseJSON(bytes.NewReader(text)) }

func parseJSON(r io.Reader) (Value, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	v, err := decodeJSON(dec, 0)
	if err != nil {
		return NullDynamic, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return NullDynamic, errors.New("value: trailing data after JSON value")
	}
	return v, nil
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

func decodeJSON(dec *json.Decoder, depth int) (Value, error) {
	if depth > maxJSONDepth {
		return NullDynamic, errors.New("value: JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return NullDynamic, err
	}
	switch t := tok.(type) {
	case nil:
		return NullDynamic, nil
	case bool:
		return ToDynamic(NewBool(t)), nil
	case string:
		return ToDynamic(NewString(t)), nil
	case json.Number:
		return ToDynamic(jsonNumber(string(t))), nil
	case json.Delim:
		switch t {
		case '[':
			arr := Array{}
			for dec.More() {
				e, err := decodeJSON(dec, depth+1)
				if err != nil {
					return NullDynamic, err
				}
				arr = append(arr, elem(e))
			}
			if _, err := dec.Token(); err != nil {
				return NullDynamic, err
			}
			return NewArray(arr), nil
		case '{':
			bag := &Bag{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return NullDynamic, err
				}
				k, _ := kt.(string)
				e, err := decodeJSON(dec, depth+1)
				if err != nil {
					return NullDynamic, err
				}
				bag.Set(k, elem(e))
			}
			if _, err := dec.Token(); err != nil {
				return NullDynamic, err
			}
			return NewBag(bag), nil
		}
	}
	return NullDynamic, errors.New("value: unexpected JSON token")
}

// elem stores scalars inside arrays and bags unwrapped.
func elem(v Value) Value { return v.Unwrap() }

func jsonNumber(s string) Value {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return NewLong(i)
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return NewReal(f)
}
