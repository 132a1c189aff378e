package textview

// wordBytes are the bytes Wrap adds to a word one cell each: printable
// ASCII but the space and the hyphen.
var wordBytes = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = c != '-'
	}
	return t
}()

// span is src[a:b].
type span struct{ a, b int }

func addSpan(s []span, a, b int) []span {
	if a == b {
		return s
	}
	if n := len(s); n > 0 && s[n-1].b == a {
		s[n-1].b = b
		return s
	}
	return append(s, span{a, b})
}

func spanLen(s []span) int {
	n := 0
	for _, x := range s {
		n += x.b - x.a
	}
	return n
}

// wrapState is where ansi.Wrap stands between two clusters: its word and
// space buffers and the row it is writing are spans of the source, and
// plain says a buffer holds only printable ASCII and runes measured alone
// (see cluster), so its cells are what Wrap counted.
type wrapState struct {
	i                        int
	pstate                   byte
	cur, wordLen, spaceWidth int
	word                     span // word is src[word.a:i] when word.a < i
	space, part              []span
	wordPlain, spacePlain    bool
	partPlain                bool
	rows                     int // rows given before i
	placed                   int // rowPlacer's cur after them
}

// wrapMark is a wrapState kept to start wrapping from again, small as a
// long line has many; taken only where the space and the row are one
// span each.
type wrapMark struct {
	i, wordA, spaceA, spaceB, partA, partB uint32
	cur, wordLen, spaceWidth               int32
	rows, placed                           uint32
	pstate, flags                          uint8
}

const (
	markWordPlain = 1 << iota
	markSpacePlain
	markPartPlain
)

func (z *wrapState) mark() (wrapMark, bool) {
	if len(z.space) > 1 || len(z.part) > 1 {
		return wrapMark{}, false
	}
	wordA := z.i // no word
	if z.word.a < z.word.b {
		wordA = z.word.a
	}
	m := wrapMark{
		i: uint32(z.i), wordA: uint32(wordA),
		cur: int32(z.cur), wordLen: int32(z.wordLen), spaceWidth: int32(z.spaceWidth),
		rows: uint32(z.rows), placed: uint32(z.placed), pstate: z.pstate,
	}
	if len(z.space) == 1 {
		m.spaceA, m.spaceB = uint32(z.space[0].a), uint32(z.space[0].b)
	}
	if len(z.part) == 1 {
		m.partA, m.partB = uint32(z.part[0].a), uint32(z.part[0].b)
	}
	if z.wordPlain {
		m.flags |= markWordPlain
	}
	if z.spacePlain {
		m.flags |= markSpacePlain
	}
	if z.partPlain {
		m.flags |= markPartPlain
	}
	return m, true
}

func (m wrapMark) state() wrapState {
	z := wrapState{
		i: int(m.i), pstate: m.pstate, word: span{int(m.wordA), int(m.i)},
		cur: int(m.cur), wordLen: int(m.wordLen), spaceWidth: int(m.spaceWidth),
		rows: int(m.rows), placed: int(m.placed),
		wordPlain: m.flags&markWordPlain != 0, spacePlain: m.flags&markSpacePlain != 0, partPlain: m.flags&markPartPlain != 0,
	}
	z.space = addSpan(nil, int(m.spaceA), int(m.spaceB))
	z.part = addSpan(nil, int(m.partA), int(m.partB))
	return z
}
