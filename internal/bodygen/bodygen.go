// Package bodygen serves generated response bodies of any size, for the
// benchmarks and the real-terminal measurements of large responses: JSON
// (indented or on one line), NDJSON, server-sent events, XML and plain
// text, with a Content-Length, optionally trickled at a set rate. Bodies
// are made as they are written, so a gigabyte costs no memory.
//
//	GET /json?size=10M         an array of user records, indented
//	GET /json-line?size=50M    the same on one line
//	GET /ndjson?size=1G        one record a line
//	GET /sse?size=1M&every=20ms  one event a record, spaced out
//	GET /xml?size=10M          one line of elements
//	GET /text?size=10M         numbered lines of prose
//
// Every kind takes rate=SIZE (bytes a second), ttfb=DURATION (a wait
// before the headers), nolength=1 (no Content-Length) and status=CODE.
package bodygen

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// kind is how one body is laid out: what comes before the records,
// between them and after, and each record.
type kind struct {
	ctype          string
	prefix, sep    string
	suffix         string
	record         func(b []byte, i int) []byte // appends record i; every record is the same length
	eventsSpacedBy bool
}

var kinds = map[string]kind{
	"json":      {ctype: "application/json", prefix: "[\n", sep: ",\n", suffix: "\n]\n", record: indentedRecord},
	"json-line": {ctype: "application/json", prefix: "[", sep: ",", suffix: "]", record: lineRecord},
	"ndjson":    {ctype: "application/x-ndjson", sep: "\n", suffix: "\n", record: lineRecord},
	"sse":       {ctype: "text/event-stream", record: eventRecord, eventsSpacedBy: true},
	"xml":       {ctype: "application/xml", prefix: `<?xml version="1.0" encoding="UTF-8"?><users>`, suffix: "</users>", record: xmlRecord},
	"text":      {ctype: "text/plain; charset=utf-8", record: textRecord},
}

func lineRecord(b []byte, i int) []byte {
	return fmt.Appendf(b, `{"id":%9d,"uuid":"%08x-4e2b-9c1d-%012x","name":"User %08d","email":"user%08d@example.com",`+
		`"roles":["reader","writer"],"active":true,"profile":{"city":"Zürich","bio":"Reads the logs before the docs, and the docs before asking."}}`,
		i, i*2654435761&0xffffffff, i, i, i)
}

func indentedRecord(b []byte, i int) []byte {
	return fmt.Appendf(b, "  {\n    \"id\": %9d,\n    \"uuid\": \"%08x-4e2b-9c1d-%012x\",\n    \"name\": \"User %08d\",\n"+
		"    \"email\": \"user%08d@example.com\",\n    \"roles\": [\n      \"reader\",\n      \"writer\"\n    ],\n    \"active\": true,\n"+
		"    \"profile\": {\n      \"city\": \"Zürich\",\n      \"bio\": \"Reads the logs before the docs, and the docs before asking.\"\n    }\n  }",
		i, i*2654435761&0xffffffff, i, i, i)
}

func eventRecord(b []byte, i int) []byte {
	b = fmt.Appendf(b, "event: user\nid: %08d\ndata: ", i)
	b = lineRecord(b, i)
	return append(b, "\n\n"...)
}

func xmlRecord(b []byte, i int) []byte {
	return fmt.Appendf(b, `<user id="%08d"><name>User %08d</name><email>user%08d@example.com</email><city>Zürich</city></user>`, i, i, i)
}

func textRecord(b []byte, i int) []byte {
	return fmt.Appendf(b, "line %08d: the quick brown fox jumps over the lazy dog, and the server keeps talking.\n", i)
}

// layout is how many records make a body of about size bytes, and its
// exact length.
func (k kind) layout(size int64) (n, total int64) {
	recLen := int64(len(k.record(nil, 0)))
	fixed := int64(len(k.prefix) + len(k.suffix))
	n = max(1, (size-fixed+int64(len(k.sep)))/(recLen+int64(len(k.sep))))
	return n, fixed + n*recLen + (n-1)*int64(len(k.sep))
}

// Write writes the body /KIND?size=SIZE serves to w, for a benchmark
// that needs the bytes without a server, and says how many it wrote.
func Write(w io.Writer, name string, size int64) (int64, error) {
	k, ok := kinds[name]
	if !ok {
		return 0, fmt.Errorf("unknown body kind %q", name)
	}
	n, total := k.layout(size)
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(k.prefix)
	buf := make([]byte, 0, 512)
	for i := int64(0); i < n; i++ {
		if i > 0 {
			bw.WriteString(k.sep)
		}
		buf = k.record(buf[:0], int(i))
		if _, err := bw.Write(buf); err != nil {
			return 0, err
		}
	}
	bw.WriteString(k.suffix)
	return total, bw.Flush()
}

// Handler serves the bodies at /KIND.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	k, ok := kinds[strings.Trim(r.URL.Path, "/")]
	if !ok {
		http.Error(w, "unknown body kind; try /json, /json-line, /ndjson, /sse, /xml or /text", http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	size, err := ParseSize(q.Get("size"), 1<<20)
	rate, err2 := ParseSize(q.Get("rate"), 0)
	status, err3 := strconv.Atoi(q.Get("status"))
	if q.Get("status") == "" {
		status, err3 = http.StatusOK, nil
	}
	ttfb, err4 := parseDuration(q.Get("ttfb"))
	every, err5 := parseDuration(q.Get("every"))
	for _, e := range []error{err, err2, err3, err4, err5} {
		if e != nil {
			http.Error(w, e.Error(), http.StatusBadRequest)
			return
		}
	}
	n, total := k.layout(size)

	if ttfb > 0 {
		select {
		case <-time.After(ttfb):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", k.ctype)
	if q.Get("nolength") == "" {
		w.Header().Set("Content-Length", strconv.FormatInt(total, 10))
	}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	out := &paced{w: w, rc: http.NewResponseController(w), rate: rate, start: time.Now()}
	bw := bufio.NewWriterSize(out, 32<<10)
	bw.WriteString(k.prefix)
	buf := make([]byte, 0, 512)
	for i := int64(0); i < n; i++ {
		if i > 0 {
			bw.WriteString(k.sep)
		}
		buf = k.record(buf[:0], int(i))
		if _, err := bw.Write(buf); err != nil {
			return // the client went away
		}
		if k.eventsSpacedBy && every > 0 {
			if bw.Flush() != nil {
				return
			}
			select {
			case <-time.After(every):
			case <-r.Context().Done():
				return
			}
		}
	}
	bw.WriteString(k.suffix)
	bw.Flush()
}

// paced writes at most rate bytes a second (0: as fast as it can),
// flushing each write so the client sees bytes as they go.
type paced struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	rate  int64
	start time.Time
	sent  int64
}

func (p *paced) Write(b []byte) (int, error) {
	if p.rate > 0 {
		due := p.start.Add(time.Duration(float64(p.sent) / float64(p.rate) * float64(time.Second)))
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
	}
	n, err := p.w.Write(b)
	p.sent += int64(n)
	if err == nil {
		err = p.rc.Flush()
	}
	return n, err
}

// ParseSize reads 10M, 1G, 512K or a byte count; "" is def.
func ParseSize(s string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return n * mult, nil
}

func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}
