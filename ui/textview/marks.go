package textview

import "github.com/charmbracelet/x/ansi"

// Marks says which lines of a body get a sign in a two-cell gutter (the
// lines another body lacks, say); every line gets the gutter.
type Marks struct {
	sign     string
	plain    string   // sign and space without colour
	bits     []uint64 // bit i set: line i is marked
	compared int      // lines looked at; those past it are left unmarked
}

// NewMarks is marks for a body of n lines, none marked yet, drawn with
// sign (styled, one cell); compared is how many lines were looked at.
func NewMarks(sign string, n, compared int) *Marks {
	return &Marks{sign: sign, plain: ansi.Strip(sign) + " ", bits: make([]uint64, (n+63)/64), compared: compared}
}

// Mark gives line i the sign.
func (m *Marks) Mark(i int) { m.bits[i>>6] |= 1 << (i & 63) }

// Compared is how many lines were looked at.
func (m *Marks) Compared() int { return m.compared }

func (m *Marks) marked(i int) bool { return m.bits[i>>6]&(1<<(i&63)) != 0 }

func (m *Marks) line(b *Body, i int) string {
	if m.marked(i) {
		return m.sign + " " + b.Line(i)
	}
	return "  " + b.Line(i)
}

// gutter is what lineAt puts before line i: none without marks.
func (m *Marks) gutter(i int) string {
	switch {
	case m == nil:
		return ""
	case m.marked(i):
		return m.sign + " "
	default:
		return "  "
	}
}

// visible is line i's gutter as it reads on screen, without colour.
func (m *Marks) visible(i int) string {
	switch {
	case m == nil:
		return ""
	case m.marked(i):
		return m.plain
	default:
		return "  "
	}
}
