package ui

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// searchable is the attempt's body on disk as a search sees it: masked
// unless revealed. The same value each time, so a view keeps its search.
func (a *attempt) searchable(reveal bool) textview.Spool {
	sp := a.spool()
	switch {
	case sp == nil:
		return nil
	case reveal:
		return sp
	}
	if a.maskedSp == nil || a.maskedSp.Spool != sp {
		a.maskedSp = &maskedSpool{Spool: sp, a: a}
	}
	return a.maskedSp
}

// maskedSpool is a body on disk searched as the screen shows it: a match
// inside a masked secret is no match, or a search could find out, one
// letter at a time, what the mask hides.
type maskedSpool struct {
	*request.Spool
	a *attempt
}

// secretWindow is how much of the body around a match is read to see
// whether a secret covers it: a field's name comes before its value.
const secretBefore, secretWindow = 4 << 10, 64 << 10

func (m *maskedSpool) Search(ctx context.Context, query string, fold bool, max int) ([]int64, bool, error) {
	offs, capped, err := m.Spool.Search(ctx, query, fold, max)
	if err != nil || len(offs) == 0 {
		return offs, capped, err
	}
	var w window
	kept := offs[:0]
	for _, off := range offs {
		if ctx.Err() != nil {
			return kept, false, ctx.Err()
		}
		end := off + int64(len(query))
		inside := len(w.text) > 0 && (off-w.at >= secretBefore || w.at == 0) && end <= w.at+int64(len(w.text))
		if !inside {
			if err := w.read(m.Spool, off, m.a); err != nil {
				return kept, capped, err
			}
		}
		if !w.covers(off, end) {
			kept = append(kept, off)
		}
	}
	return kept, capped, nil
}

// window is a stretch of the body and the secret spans in it.
type window struct {
	at    int64
	text  []byte
	low   []byte // text, ASCII letters in lower case
	spans [][2]int
}

func (w *window) read(sp *request.Spool, off int64, a *attempt) error {
	w.at = max(0, off-secretBefore)
	if cap(w.text) < secretWindow {
		w.text = make([]byte, secretWindow)
	}
	n, err := sp.ReadAt(w.text[:secretWindow], w.at)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	w.text, w.spans = w.text[:n], nil
	w.low = lowerASCII(w.low[:0], w.text)
	if mayHoldSecret(w.text, w.low, a.lineSecrets) {
		w.spans = request.SecretSpans(string(w.text), a.lineType, a.lineSecrets)
	}
	return nil
}

func (w *window) covers(from, to int64) bool {
	f, t := int(from-w.at), int(to-w.at)
	for _, sp := range w.spans {
		if f < sp[1] && t > sp[0] {
			return true
		}
	}
	return false
}

// secretWords are what a field holding a secret is named with (see
// request's secret fields); a stretch with none of them and none of the
// known secret values holds no secret, which spares reading most of a
// large body for its secrets.
var secretWords = [][]byte{
	[]byte("token"), []byte("secret"), []byte("passw"), []byte("apikey"), []byte("api_key"),
	[]byte("api-key"), []byte("session"), []byte("jwt"), []byte("assertion"), []byte("passcode"),
	// Names of their own, looked for without the opening quote: a '"'
	// is every few bytes of JSON, a letter less often.
	[]byte(`pin"`), []byte(`otp"`), []byte(`cvv"`), []byte(`cvc"`),
}

func mayHoldSecret(text, low []byte, secrets []string) bool {
	for _, v := range secrets {
		if v != "" && bytes.Contains(text, []byte(v)) {
			return true
		}
	}
	for _, w := range secretWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}

// lowerASCII appends b to dst with its ASCII letters in lower case: the
// names looked for are ASCII, and bytes.ToLower decodes every rune.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
