package ui

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// rootFile reports whether a file belongs to the root model: the files
// Bubble Tea programs name so, and root_*.go. Every other file is a
// component, or something components share.
func rootFile(name string) bool {
	switch name {
	case "model.go", "update.go", "view.go", "layout.go", "route.go", "keyroute.go":
		return true
	}
	return strings.HasPrefix(name, "root_")
}

// TestComponentsNeverReachTheRoot: a pane or overlay knows the shared
// Common, its own state and the domain packages, never the root model.
// No component file has a method on Model or uses a name the root's files
// declare, so a component can be read, tested and moved on its own.
func TestComponentsNeverReachTheRoot(t *testing.T) {
	fset := gotoken.NewFileSet()
	names, _ := filepath.Glob("*.go")
	files := map[string]*ast.File{}
	rootNames := map[string]string{} // declared name → root file
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = f
		if !rootFile(n) {
			continue
		}
		for _, d := range f.Decls {
			for _, name := range declared(d) {
				rootNames[name] = n
			}
		}
	}
	var bad []string
	for n, f := range files {
		if rootFile(n) {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && receiver(fd) == "Model" {
				bad = append(bad, n+": method Model."+fd.Name.Name+" belongs in a root file")
			}
		}
		seen := map[string]bool{}
		ast.Inspect(f, func(node ast.Node) bool {
			if sel, ok := node.(*ast.SelectorExpr); ok {
				ast.Inspect(sel.X, func(x ast.Node) bool { return checkIdent(x, n, rootNames, seen, &bad) })
				return false // a field or method name is not the package's
			}
			return checkIdent(node, n, rootNames, seen, &bad)
		})
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	if _, err := os.Stat("model.go"); err != nil {
		t.Fatalf("run from the ui package: %v", err)
	}
}

func checkIdent(node ast.Node, file string, rootNames map[string]string, seen map[string]bool, bad *[]string) bool {
	id, ok := node.(*ast.Ident)
	if !ok {
		return true
	}
	if from, ok := rootNames[id.Name]; ok && !seen[id.Name] {
		seen[id.Name] = true
		*bad = append(*bad, file+": uses "+id.Name+" from the root's "+from)
	}
	return true
}

// declared is the package-level names a declaration adds, methods left
// out: they are reached through a value, not by name.
func declared(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
	case *ast.GenDecl:
		var out []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			}
		}
		return out
	}
	return nil
}

func receiver(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestFilesAndFunctionsStayShort: a file in ui or its packages fits in
// one reading (500 lines) and a function on a screen or two (80).
func TestFilesAndFunctionsStayShort(t *testing.T) {
	fset := gotoken.NewFileSet()
	for _, dir := range []string{".", "textview"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, n, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			if lines := fset.Position(f.End()).Line; lines > 500 {
				t.Errorf("%s: %d lines", n, lines)
			}
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if l := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; l > 80 {
						t.Errorf("%s: %s is %d lines", n, fd.Name.Name, l)
					}
				}
			}
		}
	}
}
