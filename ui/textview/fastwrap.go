package textview

import "unicode/utf8"

// fast is run's loop over the line's printable ASCII and the runes
// measured alone between it, with Wrap's state in a local wrapRun. It
// stops at any other byte, and after a row when run has a mark to take or
// rows to stop at.
func (lw *lineWrap) fast() {
	z := &lw.z
	g, line, limit := len(lw.src.gutter), lw.src.line, lw.limit
	i := z.i
	if len(z.space) > 1 || len(z.part) > 1 {
		return
	}
	f := wrapRun{
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
	// Every flush must join the row where it ends; only bytes of a
	// cluster Wrap dropped (see run) leave a gap, and run minds those.
	next := i
	if f.wa >= 0 {
		next = f.wa
	}
	if f.sa < f.sb {
		if f.sb != next {
			return
		}
		next = f.sa
	}
	if f.pa >= 0 && f.pb != next {
		return
	}
	aheadAt, aheadN, aheadW := -1, 0, 0
	for i-g < len(line) {
		c := line[i-g]
		newRow := false
		switch {
		case wordBytes[c]:
			// A run of word bytes that cannot end the row or the word is
			// taken at once.
			if safe := min(limit-f.cur-f.wordLen-f.spaceWidth, limit-1-f.wordLen); safe > 1 {
				e := i - g + 1
				stop := min(len(line), i-g+safe)
				for e < stop && wordBytes[line[e]] {
					e++
				}
				f.startWord(i)
				f.wordLen += e + g - i
				i = e + g
				continue
			}
			if f.cur == limit {
				lw.fastRow(&f, i)
				newRow = true
			}
			f.startWord(i)
			f.wordLen++
			i++
			if f.wordLen == limit { // the word is cut
				f.addWord(i)
			}
			if f.cur+f.wordLen+f.spaceWidth > limit {
				lw.fastRow(&f, i)
				newRow = true
			}
		case c >= 0xc2 && c < 0xf0:
			// run's cluster case for a rune runeCluster measures that is
			// no space, remembering the rune it looked ahead at: in a run
			// of such runes each is read once.
			var n, w int
			if i == aheadAt {
				n, w = aheadN, aheadW
			} else {
				var r rune
				r, n = decodeShort(line[i-g:])
				var ok bool
				if w, ok = runeWidth(r); !ok {
					c = 0
					break
				}
			}
			if k := i - g + n; k < len(line) && line[k] >= utf8.RuneSelf {
				r2, n2 := decodeShort(line[k:])
				w2, ok := runeWidth(r2)
				if !ok || w2&joinsBefore != 0 {
					c = 0
					break
				}
				aheadAt, aheadN, aheadW = i+n, n2, w2
			}
			if w&joinsBefore != 0 || line[i-g:i-g+n] == "\u3000" {
				c = 0
				break
			}
			if f.wordLen+w > limit {
				f.addWord(i)
			}
			f.startWord(i)
			i += n
			f.wordLen += w
			if f.cur+f.wordLen+f.spaceWidth > limit {
				lw.fastRow(&f, i)
				newRow = true
			}
			if f.wordLen == limit {
				f.addWord(i)
			}
		case c == ' ':
			f.addWord(i)
			if f.sa == f.sb {
				f.sa = i
			}
			i++
			f.sb = i
			f.spaceWidth++
		case c == '-':
			f.addSpace(i)
			if f.cur+f.wordLen >= limit {
				f.startWord(i)
				f.wordLen++
				i++
				break
			}
			f.addWord(i)
			if f.pa < 0 {
				f.pa = i
			}
			i++
			f.pb = i
			f.cur++
			f.sa, f.sb = i, i
		default:
			c = 0
		}
		if c == 0 || newRow && z.rows >= lw.check {
			break
		}
	}
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

// wrapRun is fast's state: Wrap's counters, the word src[wa:i] (wa -1:
// none), the space src[sa:sb] and the row so far src[pa:pb] (pa -1:
// none), and whether each is plain (see wrapState).
type wrapRun struct {
	cur, wordLen, spaceWidth, wa, sa, sb, pa, pb int
	wordPlain, spacePlain, partPlain             bool
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
