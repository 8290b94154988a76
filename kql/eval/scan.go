package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/value"
)

// scanOp runs the scan operator. Each step k keeps the state of the
// sequence that last reached it: one extended row per step 0..k. A row is
// tried against the steps from the last to the first: it advances the
// sequence of step k-1 into step k when its predicate holds there (check
// 1), else it updates step k's own active sequence, or starts a sequence
// at the first step (check 2).
type scanOp struct {
	width    int // input columns + declared columns
	in       int // input columns
	matchID  bool
	defaults Row // a state row when a step's state is empty
	steps    []scanStepC
}

type scanStepC struct {
	output  string
	pred    Cond
	assigns []Scalar
	targets []int
}

// scanSeq is the state of a step: the rows of the steps reached so far
// and the sequence's match id.
type scanSeq struct {
	rows []Row
	id   int64
}

func (r *Run) compileScanOp(c *compiler, s *bind.ScanOp, l *layout) (op, *layout, error) {
	names := append([]string(nil), l.names...)
	types := append([]value.Type(nil), l.types...)
	for _, d := range s.Declare {
		names, types = append(names, d.Name), append(types, d.Type)
	}
	o := &scanOp{width: len(names), in: len(l.names), matchID: s.MatchID != ""}
	o.defaults = make(Row, o.width)
	for i, t := range types {
		o.defaults[i] = value.Null(t)
	}
	copy(o.defaults[o.in:], s.Defaults)
	// Step expressions see the row, then every step's state row.
	en, et := append([]string(nil), names...), append([]value.Type(nil), types...)
	for _, st := range s.Steps {
		for i, n := range names {
			en, et = append(en, bind.ScanStateName(st.Name, n)), append(et, types[i])
		}
	}
	el := newLayout(en, et)
	for _, st := range s.Steps {
		cc, err := c.cond(st.Pred, el)
		if err != nil {
			return nil, nil, err
		}
		sc := scanStepC{output: st.Output, pred: cc.fn, targets: st.Targets}
		for _, a := range st.Assigns {
			x, err := c.expr(a, el)
			if err != nil {
				return nil, nil, err
			}
			sc.assigns = append(sc.assigns, x.fn)
		}
		o.steps = append(o.steps, sc)
	}
	if o.matchID {
		names, types = append(names, s.MatchID), append(types, value.Long)
	}
	return o, newLayout(names, types), nil
}

func (o *scanOp) apply(f *Frame, rows []Row) ([]Row, error) {
	n := len(o.steps)
	seq := make([]*scanSeq, n)
	pending := make([]Row, n)
	var out []Row
	nextID := int64(0)
	eval := make(Row, o.width*(n+1))
	emit := func(k int, row Row, id int64) {
		if o.matchID {
			row = append(row[:o.width:o.width], value.NewLong(id))
		}
		switch o.steps[k].output {
		case "all":
			out = append(out, row)
		case "last":
			pending[k] = row
		}
	}
	flush := func(k int) {
		if pending[k] != nil {
			out = append(out, pending[k])
			pending[k] = nil
		}
	}
	for _, in := range rows {
		base := make(Row, o.width)
		copy(base, o.defaults)
		copy(base, in[:o.in])
		for k := n - 1; k >= 0; k-- {
			st := &o.steps[k]
			if k > 0 && seq[k-1] != nil {
				o.fill(eval, base, seq[k-1])
				if st.pred(f, eval) == True {
					ext := o.assign(f, st, base, eval)
					rs := append(append([]Row(nil), seq[k-1].rows...), ext)
					flush(k)
					flush(k - 1)
					seq[k] = &scanSeq{rows: rs, id: seq[k-1].id}
					seq[k-1] = nil
					emit(k, ext, seq[k].id)
					continue
				}
			}
			if seq[k] == nil && k > 0 {
				continue
			}
			o.fill(eval, base, seq[k])
			if st.pred(f, eval) != True {
				continue
			}
			ext := o.assign(f, st, base, eval)
			if seq[k] == nil {
				seq[k] = &scanSeq{rows: []Row{ext}, id: nextID}
				nextID++
			} else {
				rs := append([]Row(nil), seq[k].rows...)
				rs[k] = ext
				seq[k] = &scanSeq{rows: rs, id: seq[k].id}
			}
			emit(k, ext, seq[k].id)
		}
	}
	for k := range pending {
		flush(k)
	}
	return out, nil
}

// fill lays out the row a step expression sees: the current row, then
// each step's state row (defaults where the state has none).
func (o *scanOp) fill(eval, base Row, s *scanSeq) {
	copy(eval, base)
	for j := range o.steps {
		src := o.defaults
		if s != nil && j < len(s.rows) {
			src = s.rows[j]
		}
		copy(eval[(j+1)*o.width:], src[:o.width])
	}
}

// assign returns base extended with a step's assignments, all computed
// over the same evaluation row.
func (o *scanOp) assign(f *Frame, st *scanStepC, base, eval Row) Row {
	ext := make(Row, o.width)
	copy(ext, base)
	for i, x := range st.assigns {
		ext[o.in+st.targets[i]] = x(f, eval)
	}
	return ext
}
