package textview

import "unicode/utf8"

// fast is run's loop over the line's printable ASCII and the runes
// measured alone between it, with Wrap's state in a local wrapRun. It
// stops at any other byte, and after a row when run has a mark to take or
// rows to stop at.
func (lw *lineWrap) fast() {
	f, ok := lw.fastState()
	if !ok {
		return
	}
	z := &lw.z
	g, line, limit := len(lw.src.gutter), lw.src.line, lw.limit
	i := z.i
	for i-g < len(line) {
		c := line[i-g]
		newRow, stop := false, false
		switch {
		case wordBytes[c]:
			// A run of word bytes that can end neither the row nor the
			// word is taken at once.
			if safe := min(limit-f.cur-f.wordLen-f.spaceWidth, limit-1-f.wordLen); safe > 1 {
				e := i - g + 1
				end := min(len(line), i-g+safe)
				for e < end && wordBytes[line[e]] {
					e++
				}
				f.startWord(i)
				f.wordLen += e + g - i
				i = e + g
				continue
			}
			i, newRow = lw.fastWord(&f, i)
		case c >= 0xc2 && c < 0xf0:
			i, newRow, stop = lw.fastRunes(&f, i)
		case c == ' ':
			i = f.space(i)
		case c == '-':
			i = f.hyphen(i, limit)
		default:
			stop = true
		}
		if stop || newRow && z.rows >= lw.check {
			break
		}
	}
	lw.fastDone(&f, i)
}

// fastState is Wrap's state at z.i as a wrapRun; ok is false where fast
// cannot take over: a buffer of more than one span, or one that a flush
// would not join to the row (only bytes of a cluster Wrap dropped, see
// run, leave such a gap, and run minds those).
func (lw *lineWrap) fastState() (f wrapRun, ok bool) {
	z := &lw.z
	i := z.i
	if len(z.space) > 1 || len(z.part) > 1 {
		return f, false
	}
	f = wrapRun{
		cur: z.cur, wordLen: z.wordLen, spaceWidth: z.spaceWidth, wa: -1, sa: i, sb: i, pa: -1, pb: -1,
		wordPlain: z.wordPlain, spacePlain: z.spacePlain, partPlain: z.partPlain,
	}
	if z.word.a < z.word.b {
		f.wa = z.word.a
	}
	if len(z.space) == 1 {
		f.sa, f.sb = z.space[0].a, z.space[0].b
	}
	if len(z.part) == 1 {
		f.pa, f.pb = z.part[0].a, z.part[0].b
	}
	next := i
	if f.wa >= 0 {
		next = f.wa
	}
	if f.sa < f.sb {
		if f.sb != next {
			return f, false
		}
		next = f.sa
	}
	if f.pa >= 0 && f.pb != next {
		return f, false
	}
	return f, true
}

// fastDone hands fast's state, stopped at byte i, back to run.
func (lw *lineWrap) fastDone(f *wrapRun, i int) {
	z := &lw.z
	z.i, z.cur, z.wordLen, z.spaceWidth = i, f.cur, f.wordLen, f.spaceWidth
	z.wordPlain, z.spacePlain, z.partPlain = f.wordPlain, f.spacePlain, f.partPlain
	z.word = span{i, i}
	if f.wa >= 0 {
		z.word.a = f.wa
	}
	z.space = addSpan(z.space[:0], f.sa, f.sb)
	z.part = z.part[:0]
	if f.pa >= 0 {
		z.part = addSpan(z.part, f.pa, f.pb)
	}
}

// fastWord takes the word byte at i near the end of the row or of the
// word; newRow says a row was given.
func (lw *lineWrap) fastWord(f *wrapRun, i int) (next int, newRow bool) {
	limit := lw.limit
	if f.cur == limit {
		lw.fastRow(f, i)
		newRow = true
	}
	f.startWord(i)
	f.wordLen++
	i++
	if f.wordLen == limit { // the word is cut
		f.addWord(i)
	}
	if f.cur+f.wordLen+f.spaceWidth > limit {
		lw.fastRow(f, i)
		newRow = true
	}
	return i, newRow
}

// fastRunes is run's cluster case for a run of runes from i that
// runeCluster measures and that are no space, taken in one call as a
// line of CJK is all such runes. It stops before any other byte, after a
// row when run has a mark to take or rows to stop at (newRow), and at a
// rune it cannot take (stop), which it leaves to run.
func (lw *lineWrap) fastRunes(f *wrapRun, i int) (next int, newRow, stop bool) {
	g, line, limit := len(lw.src.gutter), lw.src.line, lw.limit
	// The rune looked ahead at: in a run of such runes each is read once.
	aheadAt, aheadN, aheadW := -1, 0, 0
	for {
		var n, w int
		if i == aheadAt {
			n, w = aheadN, aheadW
		} else {
			var r rune
			r, n = decodeShort(line[i-g:])
			var ok bool
			if w, ok = runeWidth(r); !ok {
				return i, false, true
			}
		}
		if k := i - g + n; k < len(line) && line[k] >= utf8.RuneSelf {
			r2, n2 := decodeShort(line[k:])
			w2, ok := runeWidth(r2)
			if !ok || w2&joinsBefore != 0 {
				return i, false, true
			}
			aheadAt, aheadN, aheadW = i+n, n2, w2
		}
		if w&joinsBefore != 0 || line[i-g:i-g+n] == "\u3000" {
			return i, false, true
		}
		if f.wordLen+w > limit {
			f.addWord(i)
		}
		f.startWord(i)
		i += n
		f.wordLen += w
		newRow = false
		if f.cur+f.wordLen+f.spaceWidth > limit {
			lw.fastRow(f, i)
			newRow = true
		}
		if f.wordLen == limit {
			f.addWord(i)
		}
		if newRow && lw.z.rows >= lw.check {
			return i, true, false
		}
		if i-g >= len(line) || line[i-g] < 0xc2 || line[i-g] >= 0xf0 {
			return i, newRow, false
		}
	}
}

// wrapRun is fast's state: Wrap's counters, the word src[wa:i] (wa -1:
// none), the space src[sa:sb] and the row so far src[pa:pb] (pa -1:
// none), and whether each is plain (see wrapState).
type wrapRun struct {
	cur, wordLen, spaceWidth, wa, sa, sb, pa, pb int
	wordPlain, spacePlain, partPlain             bool
}

// space takes the space at i.
func (f *wrapRun) space(i int) int {
	f.addWord(i)
	if f.sa == f.sb {
		f.sa = i
	}
	i++
	f.sb = i
	f.spaceWidth++
	return i
}

// hyphen takes the hyphen at i: it ends the row's part, or joins the
// word when the row is full.
func (f *wrapRun) hyphen(i, limit int) int {
	f.addSpace(i)
	if f.cur+f.wordLen >= limit {
		f.startWord(i)
		f.wordLen++
		return i + 1
	}
	f.addWord(i)
	if f.pa < 0 {
		f.pa = i
	}
	i++
	f.pb = i
	f.cur++
	f.sa, f.sb = i, i
	return i
}

func (f *wrapRun) startWord(i int) {
	if f.wa < 0 {
		f.wa, f.wordPlain = i, true
	}
}

// addSpace and addWord are Wrap's, at byte i.
func (f *wrapRun) addSpace(i int) {
	if f.spaceWidth != 0 || f.sa < f.sb {
		f.cur += f.spaceWidth
		if f.pa < 0 {
			f.pa = f.sa
		}
		f.pb = f.sb
		f.partPlain = f.partPlain && f.spacePlain
		f.sa, f.sb, f.spaceWidth, f.spacePlain = i, i, 0, true
	}
}

func (f *wrapRun) addWord(i int) {
	if f.wa < 0 {
		return
	}
	f.addSpace(i)
	f.cur += f.wordLen
	if f.pa < 0 {
		f.pa = f.wa
	}
	f.pb = i
	f.partPlain = f.partPlain && f.wordPlain
	f.wa, f.wordLen, f.wordPlain = -1, 0, true
}

// fastRow is newline for fast, at byte i: the row so far ends.
func (lw *lineWrap) fastRow(f *wrapRun, i int) {
	z := &lw.z
	z.part = z.part[:0]
	if f.pa >= 0 {
		z.part = addSpan(z.part, f.pa, f.pb)
	}
	z.partPlain, z.cur = f.partPlain, f.cur
	lw.emit()
	f.pa, f.partPlain, f.cur = -1, true, 0
	f.sa, f.sb, f.spaceWidth, f.spacePlain = i, i, 0, true
}
