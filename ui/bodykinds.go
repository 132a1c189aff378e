package ui

import (
	"mime"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// mediaType is the response's Content-Type without its parameters.
func mediaType(r *request.Response) string {
	mt, _, _ := mime.ParseMediaType(r.Headers.Get("Content-Type"))
	return mt
}

// formatKinds formats the bodies that are many documents rather than
// one: NDJSON and event streams. ok is false for any other body.
func formatKinds(r *request.Response, body, note string) (textview.Body, string, bool) {
	if mediaType(r) == "text/event-stream" {
		pretty, n := textview.PrettyEvents(body)
		b := textview.NewBody(clean(pretty))
		b.Lang = textview.LangJSON
		return b, joinNote("event stream, "+itoa(n)+" "+plural(n, "event", "events"), note), true
	}
	if !textview.LooksNDJSON(mediaType(r), body) {
		return textview.Body{}, "", false
	}
	pretty, n, ok := textview.PrettyNDJSON(body)
	if !ok {
		return textview.Body{}, "", false
	}
	b := textview.NewBody(clean(pretty))
	b.Lang = textview.LangJSON
	return b, joinNote("NDJSON, "+itoa(n)+" "+plural(n, "document", "documents"), note), true
}

// langOf is the syntax r's body is coloured as, by its Content-Type.
func langOf(r *request.Response, body string) textview.Lang {
	return textview.LangOf(r.Headers.Get("Content-Type"), body)
}
