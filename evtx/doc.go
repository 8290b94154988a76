// Package evtx decodes Windows XML Event Log (EVTX) files into
// winevent.Event values, in pure Go, fast and tolerant of damage.
//
// # Use
//
//	f, err := evtx.Open(r, size)          // r is an io.ReaderAt
//	st, err := f.Records(ctx, func(rec *evtx.Record) error {
//		use(rec.Event)                    // valid during the call only
//		return nil
//	})
//	// st counts records, flagged, recovered and skipped records, empty
//	// chunks, and lists every Fault (chunk, record, offset, reason).
//
// RecordsWith takes Options: the number of workers, whether each record
// also carries its XML rendering (Record.XML), and whether records left in
// the slack space of chunks are carved too (FlagSlack). WriteXML and WriteJSON
// render one record for a dump command: XML indented as evtxexport -f xml
// prints it (values as Windows renders them), JSON as one line per record.
//
// # Format
//
// A file is a 4 KiB header and 64 KiB chunks. Each chunk is independent:
// a 512-byte header (checksums, a table of common names and templates),
// then event records, each a small header and a binary XML document.
// Binary XML is a token stream; most records are a template instance: a
// template definition (stored once per chunk and referenced by offset)
// plus an array of typed substitution values. Values of type BinXml hold
// nested binary XML, often another template instance.
//
// # Design
//
// Decoding turns binary XML into a flat stream of items (element start,
// attribute, value, end...) whose names are strings cached per chunk and
// whose values alias the chunk buffer; templates are compiled once per
// chunk into item streams with substitution slots. The event builder walks
// the stream, renders only the text it keeps into one buffer and makes one
// string per record, of which the event's fields are slices. Chunks are
// decoded by GOMAXPROCS workers, each with its own buffers, and delivered in
// file order through a bounded window, so memory stays flat.
//
// # Damage
//
// Decoding never stops at a fault: it reports it and goes on with the next
// record or chunk. Records from chunks past the header's chunk count (a log
// not closed cleanly) are delivered with FlagRecovered; records from a
// chunk with a bad checksum or signature are delivered and flagged; a
// record whose size is impossible is skipped and the walk resynchronises
// on the next record signature. Zero-filled preallocated chunks are empty,
// not faults. Template expansion is bounded in depth and work per record,
// and a template instance must name the identifier its definition carries,
// which keeps records carved from slack from being decoded with a template
// that has overwritten theirs (evtxexport -m recovered shows those with
// another event's field names).
//
// # Known gaps
//
// Values of array type are split into one field per element in the Event
// (as Windows repeats the element), but rendered comma-separated inside a
// single element in XML. ANSI strings are read as Windows-1252. The float
// and SYSTEMTIME renderings follow Go's shortest form and seven fraction
// digits; no sample file holds them to check against Windows. Carving
// looks only in chunk slack, not in unallocated file space.
package evtx
