package har

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

// FromExchange is x as a HAR entry, for a recording to be saved and
// reopened. Redact x first unless its secrets are to be kept.
func FromExchange(x request.Exchange) Entry {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	e := Entry{
		StartedDateTime: x.At.UTC().Format(time.RFC3339Nano),
		Time:            ms(x.Timing.Total),
		Request: Request{
			Method:      x.Request.Method,
			URL:         x.Request.URL,
			HTTPVersion: "HTTP/1.1",
			Headers:     pairs(x.Request.Headers),
			Cookies:     []NameValue{},
			QueryString: []NameValue{},
			HeadersSize: -1,
			BodySize:    float64(len(x.Request.Body)),
		},
		Timings: Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Send: 0, Wait: ms(x.Timing.TTFB), Receive: ms(x.Timing.Transfer)},
	}
	if u, err := url.Parse(x.Request.URL); err == nil {
		for _, kv := range strings.Split(u.RawQuery, "&") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			k, _ = url.QueryUnescape(k)
			v, _ = url.QueryUnescape(v)
			e.Request.QueryString = append(e.Request.QueryString, NameValue{Name: k, Value: v})
		}
	}
	if x.Request.Body != "" {
		e.Request.PostData = &PostData{MimeType: x.Request.Headers.Get("Content-Type"), Text: x.Request.Body}
	}
	if r := x.Response; r != nil {
		e.Response = Response{
			Status:      float64(r.Status),
			StatusText:  r.Reason,
			HTTPVersion: r.Proto,
			Headers:     pairs(r.Headers),
			Cookies:     []NameValue{},
			Content:     Content{Size: float64(r.Size), MimeType: r.Headers.Get("Content-Type"), Text: TextOf(r.Body)},
			RedirectURL: r.Headers.Get("Location"),
			HeadersSize: -1,
			BodySize:    float64(r.Size),
		}
		if r.Binary || !validText(r.Body) {
			e.Response.Content.Text = TextOf(base64.StdEncoding.EncodeToString([]byte(r.Body)))
			e.Response.Content.Encoding = "base64"
		}
		if r.Truncated {
			e.Comment = "the body was cut at the recording cap"
		}
	} else {
		e.Response = Response{Headers: []NameValue{}, Cookies: []NameValue{}}
		if x.Error != nil {
			e.Response.Error = string(x.Error.Kind) + ": " + x.Error.Message
		}
	}
	return e
}

func validText(s string) bool {
	return !strings.ContainsRune(s, 0) && strings.ToValidUTF8(s, "\uFFFD") == s
}

func pairs(h http.Header) []NameValue {
	out := []NameValue{}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range h[k] {
			out = append(out, NameValue{Name: k, Value: v})
		}
	}
	return out
}

// Write writes the exchanges as a HAR 1.2 file, entry by entry.
func Write(w io.Writer, creator Creator, xs []request.Exchange) error {
	bw := bufio.NewWriter(w)
	head, _ := json.Marshal(struct {
		Version string  `json:"version"`
		Creator Creator `json:"creator"`
	}{"1.2", creator})
	bw.WriteString(`{"log":`)
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"pages":[],"entries":[`)
	for i, x := range xs {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		writeJSON(bw, FromExchange(x))
	}
	bw.WriteString("\n]}}\n")
	return bw.Flush()
}
