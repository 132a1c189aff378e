package textview

// asciiRows is len(wrapContent([]string{gutter + l}, w, indent)) for a
// line of printable ASCII, counted without building the rows: it follows
// ansi.Wrap's word wrap and ansi.Hardwrap's cut, which for plain ASCII
// come down to counting cells. gutter is the visible gutter ("", "  ",
// "+ " or "- "); the sign's colour takes no cells and breaks no words.
func asciiRows(gutter, l string, w, indent int) int {
	if len(gutter)+len(l) <= w {
		return 1
	}
	limit := w - indent
	if w <= 12+indent {
		limit = w
	}
	if limit < 1 {
		return 0
	}
	var (
		rows                     int
		cur, wordLen, spaceWidth int
	)
	part := func(width int) {
		rows += max(1, (width+limit-1)/limit) // a part too wide is cut
	}
	addSpace := func() {
		cur += spaceWidth
		spaceWidth = 0
	}
	addWord := func() {
		if wordLen == 0 {
			return
		}
		addSpace()
		cur += wordLen
		wordLen = 0
	}
	newline := func() {
		part(cur)
		cur, spaceWidth = 0, 0
	}
	step := func(c byte) {
		switch c {
		case ' ':
			addWord()
			spaceWidth++
		case '-':
			addSpace()
			if cur+wordLen >= limit {
				wordLen++
			} else {
				addWord()
				cur++
			}
		default:
			if cur == limit {
				newline()
			}
			wordLen++
			if wordLen == limit {
				addWord()
			}
			if cur+wordLen+spaceWidth > limit {
				newline()
			}
		}
	}
	for i := 0; i < len(gutter); i++ {
		step(gutter[i])
	}
	for i := 0; i < len(l); i++ {
		step(l[i])
	}
	if wordLen == 0 {
		if cur+spaceWidth <= limit {
			cur += spaceWidth // trailing spaces kept
		}
		spaceWidth = 0
	}
	addWord()
	part(cur)
	return rows
}
