package input

// Progress tells Request.Progress that n more bytes of the source are
// decoded. Formats that read their input in blocks call it per block; for
// the others the runner reports the whole source when it is done.
func (e *Emitter) Progress(n int64) {
	if p := e.run.req.Progress; p != nil && n > 0 {
		e.progressed.Add(n)
		p(n)
	}
}

// progressRest reports what is left of the source's size once decoding
// ends, so the bytes reported add up to the input's size.
func (e *Emitter) progressRest() {
	if rest := e.src.Size - e.progressed.Load(); rest > 0 {
		e.Progress(rest)
	}
}
