// Package har reads and writes HTTP Archive (HAR 1.2) files, the traffic
// capture browsers, proxies and API clients export. It turns each entry
// into a request.Exchange the diagnosis engine reads as if authlens had
// sent it, rebuilding redirect chains and linking CORS preflights from
// consecutive entries, and it redacts a capture for sharing. It does no
// network IO.
package har

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// Entry is one request and its response as a HAR file records it. Only the
// fields authlens reads are typed; the rest is kept by the redactor as it
// was.
type Entry struct {
	Pageref         string   `json:"pageref,omitempty"`
	StartedDateTime string   `json:"startedDateTime"`
	Time            float64  `json:"time"`
	Request         Request  `json:"request"`
	Response        Response `json:"response"`
	Cache           struct{} `json:"cache"` // required by HAR 1.2; authlens keeps none
	Timings         Timings  `json:"timings"`
	ServerIPAddress string   `json:"serverIPAddress,omitempty"`
	Connection      string   `json:"connection,omitempty"`
	Comment         string   `json:"comment,omitempty"`
	// Browser-specific fields: why a request got no response.
	Error        string `json:"_error,omitempty"`        // Chrome
	ResourceType string `json:"_resourceType,omitempty"` // Chrome: "fetch", "preflight", …
}

// NameValue is a header, query parameter or cookie.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Request is what the client sent.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []NameValue `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	QueryString []NameValue `json:"queryString"`
	PostData    *PostData   `json:"postData,omitempty"`
	HeadersSize float64     `json:"headersSize"`
	BodySize    float64     `json:"bodySize"`
}

// PostData is a request body: text, or form params when a tool records
// only those.
type PostData struct {
	MimeType string  `json:"mimeType"`
	Text     string  `json:"text"`
	Params   []Param `json:"params,omitempty"`
	Encoding string  `json:"encoding,omitempty"` // "base64" from some tools
}

// Param is one form field.
type Param struct {
	Name        string `json:"name"`
	Value       string `json:"value,omitempty"`
	FileName    string `json:"fileName,omitempty"`
	ContentType string `json:"contentType,omitempty"`
}

// Response is what came back. Status 0 (or -1 from Playwright) means none
// did.
type Response struct {
	Status      float64     `json:"status"`
	StatusText  string      `json:"statusText"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []NameValue `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	Content     Content     `json:"content"`
	RedirectURL string      `json:"redirectURL"`
	HeadersSize float64     `json:"headersSize"`
	BodySize    float64     `json:"bodySize"`
	Error       string      `json:"_error,omitempty"`       // Chrome
	FailureText string      `json:"_failureText,omitempty"` // Playwright
}

// Content is the response body, decoded from any Content-Encoding.
type Content struct {
	Size     float64 `json:"size"`
	MimeType string  `json:"mimeType"`
	Text     Text    `json:"text"`
	Encoding string  `json:"encoding,omitempty"` // "base64" for binary bodies
}

// Text is a body as a capture holds it: kept as the JSON string it was
// read as and unquoted when first asked for, since most bodies of a large
// capture are never read.
type Text struct {
	raw  []byte
	s    string
	done bool
}

// TextOf is a Text that holds s.
func TextOf(s string) Text { return Text{s: s, done: true} }

func (t *Text) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Text{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[string]()}
	}
	*t = Text{raw: append([]byte(nil), b...)}
	return nil
}

func (t Text) MarshalJSON() ([]byte, error) {
	switch {
	case t.done:
		return json.Marshal(t.s)
	case t.raw != nil:
		return t.raw, nil
	}
	return []byte(`""`), nil
}

// String is the text, unquoted.
func (t Text) String() string {
	if t.done || t.raw == nil {
		return t.s
	}
	var s string
	json.Unmarshal(t.raw, &s)
	return s
}

// Empty reports whether there is no text, without unquoting it.
func (t Text) Empty() bool {
	if t.done {
		return t.s == ""
	}
	return len(t.raw) <= 2
}

// Timings are in milliseconds; -1 means the phase did not apply.
type Timings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// Creator names the program that wrote a file.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Meta is what a file says about itself, besides its entries.
type Meta struct {
	Version string
	Creator Creator
	Entries int
}

// Scan reads a HAR file entry by entry, calling each with the entry and its
// place in the file, so a large capture is never held whole as JSON. A
// field of the wrong type (a status written as text) is left zero rather
// than failing the file, as tools differ; broken JSON is an error.
func Scan(r io.Reader, each func(i int, e Entry) error) (Meta, error) {
	var meta Meta
	br := bufio.NewReaderSize(r, 256<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3) // a byte order mark, as some Windows tools write
	}
	dec := json.NewDecoder(br)
	if err := expectDelim(dec, '{'); err != nil {
		return meta, notHAR(err)
	}
	sawLog := false
	for dec.More() {
		k, err := objectKey(dec)
		if err != nil {
			return meta, notHAR(err)
		}
		if k != "log" {
			if err := skipValue(dec); err != nil {
				return meta, notHAR(err)
			}
			continue
		}
		sawLog = true
		fast, err := scanLog(dec, br, &meta, each)
		if err != nil {
			return meta, err
		}
		if fast {
			return meta, nil // the fast path read the file to its end
		}
	}
	if !sawLog {
		return meta, errors.New("not a HAR file: it has no \"log\" object")
	}
	return meta, nil
}

// scanLog reads the log object. When it reaches a list of entries it
// hands the rest of the file to the fast path and reports that it did.
func scanLog(dec *json.Decoder, r io.Reader, meta *Meta, each func(int, Entry) error) (bool, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return false, notHAR(fmt.Errorf("log: %w", err))
	}
	for dec.More() {
		k, err := objectKey(dec)
		if err != nil {
			return false, notHAR(err)
		}
		switch k {
		case "version":
			if err := tolerant(dec.Decode(&meta.Version)); err != nil {
				return false, notHAR(err)
			}
		case "creator":
			if err := tolerant(dec.Decode(&meta.Creator)); err != nil {
				return false, notHAR(err)
			}
		case "entries":
			t, err := dec.Token()
			if err != nil {
				return false, notHAR(err)
			}
			if t == nil {
				continue // "entries": null
			}
			if d, ok := t.(json.Delim); !ok || d != '[' {
				return false, errors.New("not a HAR file: log.entries is not a list")
			}
			return true, scanEntriesFast(dec, r, meta, each)
		default:
			if err := skipValue(dec); err != nil {
				return false, notHAR(err)
			}
		}
	}
	_, err := dec.Token() // the log's closing brace
	if err != nil {
		return false, notHAR(err)
	}
	return false, nil
}

// tolerant passes a wrong-typed field: encoding/json fills the rest of the
// value and reports only the first such field.
func tolerant(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return nil
	}
	return err
}

func notHAR(err error) error {
	return fmt.Errorf("not a HAR file: %w", err)
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, t)
	}
	return nil
}

func objectKey(dec *json.Decoder) (string, error) {
	t, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := t.(string)
	if !ok {
		return "", fmt.Errorf("expected a key, found %v", t)
	}
	return k, nil
}

func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// ReadAll reads every entry of a file into memory.
func ReadAll(r io.Reader) ([]Entry, Meta, error) {
	var out []Entry
	meta, err := Scan(r, func(_ int, e Entry) error {
		out = append(out, e)
		return nil
	})
	return out, meta, err
}
