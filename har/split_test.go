package har

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// nextRaw splits an entries list where encoding/json does, whatever
// escapes and braces the strings hold and wherever a read ends.
func TestNextRawSplitsAsJSONDoes(t *testing.T) {
	entries := []string{
		`{"a":"plain"}`,
		`{"a":"quote \" inside","b":{"c":"}"}}`,
		`{"a":"backslash at end \\","b":"{"}`,
		`{"a":"three \\\" then","b":["}",{"x":"\\\\"}]}`,
		`{"a":"` + strings.Repeat(`\\`, 33) + `\"` + strings.Repeat("x", 40) + `"}`,
		`{"a":"\u00e9 \/ \n","b":{}}`,
	}
	list := "[ " + strings.Join(entries, " ,\n") + " ]"
	for size := 16; size <= 64; size += 7 {
		br := bufio.NewReaderSize(strings.NewReader(list[1:]), size)
		for i, want := range entries {
			got, end, err := nextRaw(br)
			if err != nil || end {
				t.Fatalf("size %d, entry %d: end %v, err %v", size, i, end, err)
			}
			var a, b any
			if err := json.Unmarshal(got, &a); err != nil {
				t.Fatalf("size %d, entry %d: %q is not the entry: %v", size, i, got, err)
			}
			json.Unmarshal([]byte(want), &b)
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if !bytes.Equal(ja, jb) {
				t.Fatalf("size %d, entry %d: got %s, want %s", size, i, got, want)
			}
		}
		if _, end, err := nextRaw(br); !end || err != nil {
			t.Fatalf("size %d: no end of list: %v", size, err)
		}
	}
}
