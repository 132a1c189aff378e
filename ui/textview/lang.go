package textview

import (
	"mime"
	"net/http"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Lang is the syntax a body is coloured as.
type Lang uint8

const (
	LangNone Lang = iota
	LangJSON
	LangXML
	LangHTML
	LangYAML
	LangJS
)

func (l Lang) lexer() *chroma.RegexLexer {
	switch l {
	case LangJSON:
		return jsonLexer
	case LangXML:
		return xmlLexer
	case LangHTML:
		return htmlLexer
	case LangYAML:
		return yamlLexer
	case LangJS:
		return jsLexer
	}
	return nil
}

// LangOf picks the syntax from a Content-Type, or from the body's first
// bytes when there is none.
func LangOf(ct, body string) Lang {
	if strings.TrimSpace(ct) == "" {
		ct = http.DetectContentType([]byte(body[:min(len(body), 512)]))
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return LangNone
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/x-ndjson" || mt == "application/jsonl":
		return LangJSON
	case mt == "text/html" || mt == "application/xhtml+xml":
		return LangHTML
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return LangXML
	case mt == "application/yaml" || mt == "application/x-yaml" || mt == "text/yaml" ||
		mt == "text/x-yaml" || strings.HasSuffix(mt, "+yaml"):
		return LangYAML
	case mt == "application/javascript" || mt == "text/javascript" ||
		mt == "application/x-javascript" || mt == "application/ecmascript" || mt == "text/ecmascript":
		return LangJS
	}
	return LangNone
}

// Class is what a token is drawn as; the palette has one style per class.
type Class uint8

const (
	ClassPlain   Class = iota
	ClassKey           // a JSON or YAML key, an element name
	ClassString        // a string value, an attribute's value
	ClassNumber        // a number
	ClassKeyword       // true, false, null; a keyword
	ClassComment       // a comment, a declaration
	ClassPunct         // brackets, separators, operators
	ClassAttr          // an attribute's name, an entity, an anchor
	ClassMatch         // a search match: drawn over any other class
	NumClasses
)

func classOf(t chroma.TokenType) Class {
	switch {
	case t == chroma.NameTag:
		return ClassKey
	case t == chroma.NameAttribute || t == chroma.NameEntity || t == chroma.NameVariable:
		return ClassAttr
	case t.InSubCategory(chroma.LiteralString):
		return ClassString
	case t.InSubCategory(chroma.LiteralNumber):
		return ClassNumber
	case t.InCategory(chroma.Keyword):
		return ClassKeyword
	case t.InCategory(chroma.Comment):
		return ClassComment
	case t == chroma.Punctuation || t.InCategory(chroma.Operator):
		return ClassPunct
	}
	return ClassPlain
}
