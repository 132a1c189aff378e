package textview

import (
	"charm.land/lipgloss/v2"
)

// The signs a diff puts in a body's gutter, in colour as the inspector
// draws them on a dark background.
var (
	goodSign = lipgloss.NewStyle().Foreground(lipgloss.Color("#3FD18A")).Render("+")
	badSign  = lipgloss.NewStyle().Foreground(lipgloss.Color("#FF6B81")).Render("-")
)
