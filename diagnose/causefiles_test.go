package diagnose

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// maxCauseFiles is how many of the package's files may name a cause's
// constant: the file that holds its constant, catalog entry and rules,
// the rule table, and one more that reads it (the phrase table, Compare).
const maxCauseFiles = 3

// crossCutting are the causes every shared reading can end in: the
// phrase table, the token's claims, the header's shape and the gateways'
// own readings each name them, and the words a server writes resolve to
// them when they name nothing more exact. Each is held to the number of
// files it spans now, so it spreads no further.
var crossCutting = map[CauseID]int{
	MissingCredentials:     8,
	WrongScheme:            7,
	MalformedAuthorization: 9,
	ExpiredToken:           10,
	ClockSkew:              8,
	InvalidToken:           11,
	InvalidAPIKey:          8,
	InvalidCredentials:     8,
	RevokedCredentials:     8,
	SignatureMismatch:      10,
	WrongAudience:          9,
	InsufficientScope:      7,
	Forbidden:              8,
	RateLimited:            8,
	ServerError:            6,
	UpstreamUnavailable:    5,
	NotFound:               4, // the API Gateway reading and the word reading name it too
}

// TestCauseFiles keeps each cause in few files, so that adding one is
// adding a file (its constant, catalog entry and rule) and a row of the
// rule table.
func TestCauseFiles(t *testing.T) {
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	names := map[string]CauseID{} // constant name -> id
	uses := map[string]map[string]bool{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != gotoken.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "CauseID" || len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, n := range vs.Names {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
						v, _ := strconv.Unquote(lit.Value)
						names[n.Name] = CauseID(v)
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if uses[id.Name] == nil {
					uses[id.Name] = map[string]bool{}
				}
				uses[id.Name][p] = true
			}
			return true
		})
	}
	byID := map[CauseID]string{}
	for n, id := range names {
		byID[id] = n
	}
	for _, c := range Catalog() {
		name, ok := byID[c.ID]
		if !ok {
			t.Errorf("%s: no CauseID constant holds this id", c.ID)
			continue
		}
		var files []string
		for p := range uses[name] {
			files = append(files, p)
		}
		sort.Strings(files)
		limit, except := crossCutting[c.ID]
		if !except {
			limit = maxCauseFiles
		}
		if len(files) > limit {
			t.Errorf("%s is named in %d files, more than %d: %s", name, len(files), limit, strings.Join(files, ", "))
		}
		if except && len(files) <= maxCauseFiles {
			t.Errorf("%s is named in %d files now: take it off the cross-cutting list", name, len(files))
		}
	}
}
