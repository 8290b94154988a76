package value

// Array is the payload of a dynamic array: its elements are scalar values
// of any non-dynamic type, or dynamic values (nested arrays, bags, null).
type Array []Value

// Bag is the payload of a dynamic property bag: keys in insertion order.
type Bag struct {
	Keys   []string
	Values []Value
}

// Get returns the value of key and whether it is present.
func (b *Bag) Get(key string) (Value, bool) {
	for i, k := range b.Keys {
		if k == key {
			return b.Values[i], true
		}
	}
	return Value{}, false
}

// Set adds or replaces key. It must only be used while building a bag.
func (b *Bag) Set(key string, v Value) {
	for i, k := range b.Keys {
		if k == key {
			b.Values[i] = v
			return
		}
	}
	b.Keys = append(b.Keys, key)
	b.Values = append(b.Values, v)
}

// Len returns the number of slots.
func (b *Bag) Len() int { return len(b.Keys) }

// NullDynamic is dynamic(null).
var NullDynamic = Value{t: Dynamic}

// NewArray returns a dynamic array.
func NewArray(elems Array) Value {
	if elems == nil {
		elems = Array{}
	}
	return Value{t: Dynamic, ok: true, d: elems}
}

// NewBag returns a dynamic property bag.
func NewBag(b *Bag) Value {
	if b == nil {
		b = &Bag{}
	}
	return Value{t: Dynamic, ok: true, d: b}
}

// ToDynamic wraps a scalar as a dynamic scalar. A dynamic value is returned
// as it is; a null scalar becomes dynamic(null).
func ToDynamic(s Value) Value {
	if s.t == Dynamic {
		return s
	}
	if !s.ok || s.t == Invalid {
		return NullDynamic
	}
	return Value{t: Dynamic, ok: true, d: s}
}

// Array returns a dynamic value's elements when it is an array.
func (v Value) Array() (Array, bool) {
	a, ok := v.d.(Array)
	return a, ok && v.t == Dynamic
}

// Bag returns a dynamic value's property bag when it is one.
func (v Value) Bag() (*Bag, bool) {
	b, ok := v.d.(*Bag)
	return b, ok && v.t == Dynamic
}

// Scalar returns the scalar inside a dynamic scalar (such as the long in
// dynamic(1)). For a non-dynamic value it returns the value itself. For
// arrays, bags and null it returns false.
func (v Value) Scalar() (Value, bool) {
	if v.t != Dynamic {
		return v, v.t != Invalid
	}
	s, ok := v.d.(Value)
	return s, ok
}

// Unwrap returns the scalar inside a dynamic scalar, or v itself.
func (v Value) Unwrap() Value {
	if s, ok := v.d.(Value); ok && v.t == Dynamic {
		return s
	}
	return v
}
