package textview

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkCountLongLine: counting the rows of a 10 MiB one-line XML
// body at 160 columns, and drawing a screen of them from the middle; and
// counting 10 MiB of Japanese text on one line, no ASCII in it.
func BenchmarkCountLongLine(b *testing.B) {
	line := xmlLine(10 << 20)
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			countRows("", line, 158, "  ")
		}
	})
	b.Run("count-cjk", func(b *testing.B) {
		cjk := strings.Repeat("東京の天気は晴れ、気温は二十度です。", 10<<20/54)
		b.ResetTimer()
		for b.Loop() {
			countRows("", cjk, 158, "  ")
		}
	})
	b.Run("draw", func(b *testing.B) {
		n, marks := countRows("", line, 158, "  ")
		b.ResetTimer()
		for b.Loop() {
			wrapRange("", line, 158, "  ", marks, n/2, n/2+43)
		}
	})
}

// xmlLine is an n-byte XML document on one line, as minified XML is
// served.
func xmlLine(n int) string {
	var b strings.Builder
	b.Grow(n + 256)
	b.WriteString(`<?xml version="1.0"?><users>`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<user id="%d" active="true"><name>user %d</name><!-- note --><city>Zürich &amp; co</city></user>`, i, i)
	}
	b.WriteString(`</users>`)
	return b.String()
}
