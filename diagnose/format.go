package diagnose

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

const textWidth = 78

// FormatCause renders one catalog entry as plain text for `authlens explain CAUSE`.
func FormatCause(c Cause) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", c.ID, c.Title)
	if len(c.Statuses) > 0 {
		s := make([]string, len(c.Statuses))
		for i, st := range c.Statuses {
			s[i] = strconv.Itoa(st)
		}
		fmt.Fprintf(&b, "Status:    %s\n", strings.Join(s, ", "))
	} else if isNetworkCause(c.ID) {
		b.WriteString("Status:    none (no HTTP response arrived)\n")
	}
	if c.Reference != "" {
		writeWrapped(&b, "Reference: ", "           ", c.Reference, textWidth)
	}
	if c.Remedy != "" {
		fmt.Fprintf(&b, "Remedy:    %s (can be applied automatically)\n", c.Remedy)
	}
	b.WriteString("\n")
	writeWrapped(&b, "", "", c.Explanation, textWidth)
	if len(c.Fixes) > 0 {
		b.WriteString("\nFixes:\n")
		for i, f := range c.Fixes {
			p := fmt.Sprintf("  %d. ", i+1)
			pad := strings.Repeat(" ", len(p))
			prose, code, _ := strings.Cut(f, "\n")
			writeWrapped(&b, p, pad, prose, textWidth)
			// Snippets stay on their own unwrapped lines so they can be copied.
			for _, line := range strings.Split(code, "\n") {
				if line != "" {
					b.WriteString(pad + "  " + line + "\n")
				}
			}
		}
	}
	return b.String()
}

// statusContrast is what 401 and 403 mean, side by side, as the guide's FAQ
// contrasts them.
var statusContrast = [][2]string{
	{"401 Unauthorized", "403 Forbidden"},
	{"No identity was established: the credentials are absent, or the server could not accept them.",
		"Identity is settled (or beside the point), and the answer is still no."},
	{"It names the scheme it wants in WWW-Authenticate.",
		"No challenge to answer: a permission, role, scope or policy is missing."},
	{"Example: GET /api/users with no token → 401 {\"error\": \"No authorization token provided\"}.",
		"Example: a valid token without the admin role → 403 {\"error\": \"admin role required\"}."},
	{"Fix: send valid credentials — add, correct, or refresh them.",
		"Fix: get the permission, a token with more scope, or use another account. Resending the same credentials will not help."},
}

// FormatStatus renders the causes typical for a status code for `authlens
// explain STATUS`. 401 and 403 are contrasted side by side first. It returns
// "" when no documented cause has that status.
func FormatStatus(status int) string {
	var b strings.Builder
	switch {
	case status == 0:
		b.WriteString("No HTTP response: the request failed before a server answered.\n")
	default:
		text := http.StatusText(status)
		if text == "" {
			text = "(unknown status)"
		}
		fmt.Fprintf(&b, "%d %s\n", status, text)
	}
	if status == 401 || status == 403 {
		b.WriteString("\n")
		writeColumns(&b, statusContrast, 37, 3)
	}
	causes := Explain(status)
	if len(causes) == 0 {
		return ""
	}
	b.WriteString("\nCauses:\n")
	for _, c := range causes {
		fmt.Fprintf(&b, "  %-24s %s\n", c.ID, c.Title)
	}
	for _, c := range causes {
		b.WriteString("\n")
		b.WriteString(FormatCause(c))
	}
	return b.String()
}

// writeColumns lays rows out in two wrapped columns.
func writeColumns(b *strings.Builder, rows [][2]string, width, gap int) {
	for i, r := range rows {
		left, right := wrap(r[0], width), wrap(r[1], width)
		if i == 0 {
			left = append(left, strings.Repeat("-", width))
			right = append(right, strings.Repeat("-", width))
		}
		n := max(len(left), len(right))
		for j := 0; j < n; j++ {
			var l, rr string
			if j < len(left) {
				l = left[j]
			}
			if j < len(right) {
				rr = right[j]
			}
			line := l
			if rr != "" {
				line = padRight(l, width+gap) + rr
			}
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteString("\n")
		}
		if i > 0 && i < len(rows)-1 {
			b.WriteString("\n")
		}
	}
}

func padRight(s string, w int) string {
	n := len([]rune(s))
	if n >= w {
		return s + " "
	}
	return s + strings.Repeat(" ", w-n)
}

func writeWrapped(b *strings.Builder, first, rest, text string, width int) {
	lines := wrap(text, width-len([]rune(first)))
	for i, l := range lines {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
		b.WriteString(l)
		b.WriteString("\n")
	}
}

// wrap breaks text into lines of at most width runes at spaces; longer words
// stay whole.
func wrap(text string, width int) []string {
	if width < 10 {
		width = 10
	}
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(text) {
		wl := len([]rune(w))
		if n > 0 && n+1+wl > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += wl
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// FormatCatalog renders the whole catalog grouped by status for `authlens
// explain` without arguments, opening with the 401 vs 403 contrast.
func FormatCatalog() string {
	var b strings.Builder
	b.WriteString("Documented causes of failing requests\n\n")
	writeColumns(&b, statusContrast, 37, 3)
	b.WriteString("\nBy status:\n")
	var statuses []int
	seen := map[int]bool{}
	for _, c := range catalog {
		for _, s := range c.Statuses {
			if !seen[s] {
				seen[s] = true
				statuses = append(statuses, s)
			}
		}
	}
	sortInts(statuses)
	for _, s := range statuses {
		var ids []string
		for _, c := range Explain(s) {
			ids = append(ids, string(c.ID))
		}
		writeWrapped(&b, fmt.Sprintf("  %-4d ", s), "       ", strings.Join(ids, ", "), textWidth)
	}
	var none, any []string
	for _, c := range catalog {
		switch {
		case isNetworkCause(c.ID):
			none = append(none, string(c.ID))
		case len(c.Statuses) == 0:
			any = append(any, string(c.ID))
		}
	}
	writeWrapped(&b, "  none ", "       ", strings.Join(none, ", ")+" (no HTTP response)", textWidth)
	writeWrapped(&b, "  any  ", "       ", strings.Join(any, ", "), textWidth)
	b.WriteString("\nCauses:\n")
	for _, c := range catalog {
		fmt.Fprintf(&b, "  %-24s %s\n", c.ID, c.Title)
	}
	b.WriteString("\nDetails and fixes: `authlens explain CAUSE` or `authlens explain STATUS`.\n")
	return b.String()
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
