package bodygen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Users is an n-byte JSON array of user records with nested objects and
// arrays, as an API's list endpoint returns them. pretty indents it the way
// most servers do; otherwise it is one minified line. The same n gives the
// same bytes. Unlike the served bodies it is built whole, for tests of
// what is on screen.
func Users(n int, pretty bool) string {
	r := rand.New(rand.NewPCG(1, 2))
	cities := []string{"London", "Paris", "Zürich", "Lagos", "Tokyo", "Lima", "Oslo"}
	roles := []string{"reader", "writer", "admin", "billing", "support"}
	var b strings.Builder
	b.Grow(n + 1024)
	nl, in1, in2, in3 := "", "", "", ""
	colon := ":"
	if pretty {
		nl, in1, in2, in3, colon = "\n", "  ", "    ", "      ", ": "
	}
	b.WriteString("[")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(nl + in1 + "{" + nl)
		field := func(ind, k, v string, last bool) {
			b.WriteString(ind + `"` + k + `"` + colon + v)
			if !last {
				b.WriteString(",")
			}
			b.WriteString(nl)
		}
		field(in2, "id", fmt.Sprint(i), false)
		field(in2, "uuid", fmt.Sprintf(`"%08x-%04x-%04x-%012x"`, r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xffff, r.Uint64()&0xffffffffffff), false)
		field(in2, "name", fmt.Sprintf(`"user %d"`, i), false)
		field(in2, "email", fmt.Sprintf(`"user%d@example.test"`, i), false)
		field(in2, "active", fmt.Sprint(r.IntN(4) != 0), false)
		b.WriteString(in2 + `"roles"` + colon + "[" + nl)
		k := 1 + r.IntN(3)
		for j := range k {
			sep := ","
			if j == k-1 {
				sep = ""
			}
			b.WriteString(in3 + `"` + roles[r.IntN(len(roles))] + `"` + sep + nl)
		}
		b.WriteString(in2 + "]," + nl)
		b.WriteString(in2 + `"profile"` + colon + "{" + nl)
		field(in3, "city", `"`+cities[r.IntN(len(cities))]+`"`, false)
		field(in3, "score", fmt.Sprintf("%.2f", r.Float64()*100), false)
		field(in3, "logins", fmt.Sprint(r.IntN(5000)), false)
		field(in3, "bio", fmt.Sprintf(`"Joined in %d; works on team %d and likes \"quoted\" words."`, 2000+r.IntN(26), r.IntN(90)), true)
		b.WriteString(in2 + "}," + nl)
		field(in2, "created_at", fmt.Sprintf(`"2026-%02d-%02dT%02d:%02d:00Z"`, 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60)), true)
		b.WriteString(in1 + "}")
	}
	b.WriteString(nl + "]")
	return b.String()
}
