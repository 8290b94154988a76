package eval

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// bagUnpackOp spreads a bag column into one column per property, sorted
// by name; a column's type is its values' type when they agree, else
// dynamic. It then compiles and runs the rest of the pipeline over the
// layout it found, and records the final layout for Finish.
type bagUnpackOp struct {
	run      *Run
	col      int
	in       *layout
	prefix   string
	conflict string
	ignored  map[string]bool
	tail     []bind.Op
}

func (r *Run) compileBagUnpack(u *bind.BagUnpack, l *layout, tail []bind.Op) (op, error) {
	o := &bagUnpackOp{run: r, col: l.find(u.Col), in: l, prefix: u.Prefix,
		conflict: u.Conflict, ignored: map[string]bool{}, tail: tail}
	if o.col < 0 {
		return nil, internalf("bag_unpack column %s not in the layout", u.Col)
	}
	for _, k := range u.Ignored {
		o.ignored[k] = true
	}
	return o, nil
}

func (o *bagUnpackOp) apply(f *Frame, rows []Row) ([]Row, error) {
	keyType := map[string]value.Type{}
	var keys []string
	for _, r := range rows {
		b, ok := r[o.col].Bag()
		if !ok {
			continue
		}
		for i, k := range b.Keys {
			if o.ignored[k] {
				continue
			}
			t := b.Values[i].Type()
			if _, arr := b.Values[i].Array(); arr || b.Values[i].IsNull() {
				t = value.Dynamic
			} else if _, bag := b.Values[i].Bag(); bag {
				t = value.Dynamic
			}
			old, seen := keyType[k]
			switch {
			case !seen:
				keys = append(keys, k)
				keyType[k] = t
			case old != t:
				keyType[k] = value.Dynamic
			}
		}
	}
	sort.Strings(keys)
	// A property named as the bag column takes the column's place.
	self := -1
	for i, k := range keys {
		if o.prefix+k == o.in.names[o.col] {
			self = i
		}
	}
	var names []string
	var types []value.Type
	var keep []int // input columns kept; -1 is the bag's own-name property
	for i, n := range o.in.names {
		switch {
		case i != o.col:
			keep = append(keep, i)
			names, types = append(names, n), append(types, o.in.types[i])
		case self >= 0:
			keep = append(keep, -1)
			names, types = append(names, n), append(types, keyType[keys[self]])
		}
	}
	var rest []string
	replace := map[int]string{} // kept column position -> property (replace_source)
	for i, k := range keys {
		if i == self {
			continue
		}
		if at := indexOf(names, o.prefix+k); at >= 0 {
			switch o.conflict {
			case "keep_source":
				continue
			case "replace_source":
				replace[at], types[at] = k, keyType[k]
				continue
			}
			return nil, errColumnConflict(o.prefix + k)
		}
		rest = append(rest, k)
		names, types = append(names, o.prefix+k), append(types, keyType[k])
	}
	out := make([]Row, len(rows))
	for j, r := range rows {
		nr := make(Row, 0, len(names))
		b, _ := r[o.col].Bag()
		for at, i := range keep {
			if k, ok := replace[at]; ok {
				nr = append(nr, o.property(b, k, keyType[k]))
				continue
			}
			if i < 0 {
				nr = append(nr, o.property(b, keys[self], keyType[keys[self]]))
				continue
			}
			nr = append(nr, r[i])
		}
		for _, k := range rest {
			nr = append(nr, o.property(b, k, keyType[k]))
		}
		out[j] = nr
	}
	ops, l, err := o.run.compileOps(o.tail, newLayout(names, types))
	if err != nil {
		return nil, err
	}
	if out, err = applyOps(o.run, f, ops, out); err != nil {
		return nil, err
	}
	if l != nil {
		o.run.openOut = l
	}
	return out, nil
}

// property returns the value of key k of bag b as a value of type t.
func (o *bagUnpackOp) property(b *value.Bag, k string, t value.Type) value.Value {
	if b != nil {
		if got, ok := b.Get(k); ok {
			if t == value.Dynamic {
				return value.ToDynamic(got)
			}
			return got
		}
	}
	return value.Null(t)
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}
