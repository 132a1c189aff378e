package textview

import (
	"github.com/alecthomas/chroma/v2"
)

// The lexers are chroma regex lexers written for this view rather than
// taken from chroma's lexers package: that package parses all of its
// several hundred lexer definitions when the program starts (7–10 ms and
// 2.7 MB before the first frame), and its stateful JSON lexer cannot tell
// a key from a value in a line lexed on its own. These read one line, or
// a window of one, at a time, which is how rows are drawn; chroma
// compiles their rules on first use.

// jsonLexer marks keys apart from string values by the colon after them.
var jsonLexer = chroma.MustNewLexer(&chroma.Config{Name: "JSON"}, func() chroma.Rules {
	return chroma.Rules{"root": {
		{Pattern: `\s+`, Type: chroma.Text},
		{Pattern: `"(?:\\.|[^"\\])*"(?=\s*:)`, Type: chroma.NameTag},
		{Pattern: `"(?:\\.|[^"\\])*(?:"|\\?$)`, Type: chroma.LiteralStringDouble},
		{Pattern: `-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`, Type: chroma.LiteralNumber},
		{Pattern: `(?:true|false|null)\b`, Type: chroma.KeywordConstant},
		{Pattern: `[{}\[\],:]`, Type: chroma.Punctuation},
		{Pattern: `[^\s"{}\[\],:]+`, Type: chroma.Error},
	}}
})

// markupRules lex XML and HTML: tags, attributes and their values,
// entities, comments, CDATA and declarations. A tag or comment that
// continues on the next line is read there as text.
func markupRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			{Pattern: `[^<&]+`, Type: chroma.Text},
			{Pattern: `&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`, Type: chroma.NameEntity},
			{Pattern: `&`, Type: chroma.Text},
			{Pattern: `<!--.*?(?:-->|$)`, Type: chroma.Comment},
			{Pattern: `<!\[CDATA\[.*?(?:\]\]>|$)`, Type: chroma.CommentPreproc},
			{Pattern: `<\?.*?(?:\?>|$)`, Type: chroma.CommentPreproc},
			{Pattern: `<![^>]*(?:>|$)`, Type: chroma.CommentPreproc},
			{Pattern: `(</?)([\w:.-]+)`, Type: chroma.ByGroups(chroma.Punctuation, chroma.NameTag), Mutator: chroma.Push("tag")},
			{Pattern: `<`, Type: chroma.Text},
		},
		"tag": {
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `([\w:.-]+)(\s*)(=)(\s*)`, Type: chroma.ByGroups(chroma.NameAttribute, chroma.Text, chroma.Operator, chroma.Text), Mutator: chroma.Push("value")},
			{Pattern: `[\w:.-]+`, Type: chroma.NameAttribute},
			{Pattern: `/?>`, Type: chroma.Punctuation, Mutator: chroma.Pop(1)},
			{Pattern: `[^\s>]`, Type: chroma.Text},
		},
		"value": {
			{Pattern: `"[^"]*(?:"|$)`, Type: chroma.LiteralString, Mutator: chroma.Pop(1)},
			{Pattern: `'[^']*(?:'|$)`, Type: chroma.LiteralString, Mutator: chroma.Pop(1)},
			{Pattern: `[^\s>"']+`, Type: chroma.LiteralString, Mutator: chroma.Pop(1)},
			chroma.Default(chroma.Pop(1)),
		},
	}
}

var xmlLexer = chroma.MustNewLexer(&chroma.Config{Name: "XML"}, markupRules)

var htmlLexer = chroma.MustNewLexer(&chroma.Config{Name: "HTML", CaseInsensitive: true}, markupRules)

// yamlLexer reads block and flow YAML a line at a time: keys, scalars
// by kind, comments, anchors and tags.
var yamlLexer = chroma.MustNewLexer(&chroma.Config{Name: "YAML"}, func() chroma.Rules {
	end := `(?=\s*(?:#|,|\]|\}|$))` // where a scalar may stop
	return chroma.Rules{"root": {
		{Pattern: `\s+`, Type: chroma.Text},
		{Pattern: `#.*$`, Type: chroma.Comment},
		{Pattern: `(?:---|\.\.\.)(?=\s|$)`, Type: chroma.Punctuation},
		{Pattern: `-(?=\s|$)`, Type: chroma.Punctuation},
		{Pattern: `(?:"(?:\\.|[^"\\])*"|'(?:''|[^'])*'|[^\s#:,\[\]{}"'&*!|>-][^#:]*?|-[^\s#:][^#:]*?)(?=\s*:(?:\s|$))`, Type: chroma.NameTag},
		{Pattern: `:(?=\s|$)`, Type: chroma.Punctuation},
		{Pattern: `"(?:\\.|[^"\\])*(?:"|$)`, Type: chroma.LiteralStringDouble},
		{Pattern: `'(?:''|[^'])*(?:'|$)`, Type: chroma.LiteralStringSingle},
		{Pattern: `[&*][^\s,\[\]{}]+`, Type: chroma.NameVariable},
		{Pattern: `![^\s]*`, Type: chroma.KeywordType},
		{Pattern: `(?:true|false|True|False|TRUE|FALSE|yes|no|null|Null|NULL|~)` + end, Type: chroma.KeywordConstant},
		{Pattern: `[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?` + end, Type: chroma.LiteralNumber},
		{Pattern: `0x[0-9a-fA-F]+` + end, Type: chroma.LiteralNumber},
		{Pattern: `[|>][-+0-9]*(?=\s*(?:#|$))`, Type: chroma.Punctuation},
		{Pattern: `[\[\]{},]`, Type: chroma.Punctuation},
		{Pattern: `[^\s#,\[\]{}]+`, Type: chroma.Text},
		{Pattern: `.`, Type: chroma.Text},
	}}
})

// jsLexer reads JavaScript a line at a time; a comment or template
// string that spans lines is coloured on its first line only, and a
// regular expression literal reads as operators and text.
var jsLexer = chroma.MustNewLexer(&chroma.Config{Name: "JavaScript"}, func() chroma.Rules {
	return chroma.Rules{"root": {
		{Pattern: `\s+`, Type: chroma.Text},
		{Pattern: `//.*$`, Type: chroma.CommentSingle},
		{Pattern: `/\*.*?(?:\*/|$)`, Type: chroma.CommentMultiline},
		{Pattern: `"(?:\\.|[^"\\])*(?:"|\\?$)`, Type: chroma.LiteralStringDouble},
		{Pattern: `'(?:\\.|[^'\\])*(?:'|\\?$)`, Type: chroma.LiteralStringSingle},
		{Pattern: "`(?:\\\\.|[^`\\\\])*(?:`|\\\\?$)", Type: chroma.LiteralStringBacktick},
		{Pattern: chroma.Words(``, `\b`, "true", "false", "null", "undefined", "NaN", "Infinity"), Type: chroma.KeywordConstant},
		{Pattern: chroma.Words(``, `\b`, "async", "await", "break", "case", "catch", "class", "const", "continue",
			"debugger", "default", "delete", "do", "else", "export", "extends", "finally", "for", "from",
			"function", "if", "import", "in", "instanceof", "let", "new", "of", "return", "static", "super",
			"switch", "this", "throw", "try", "typeof", "var", "void", "while", "with", "yield"), Type: chroma.Keyword},
		{Pattern: `0[xX][0-9a-fA-F_]+n?|0[bB][01_]+n?|0[oO][0-7_]+n?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?n?`, Type: chroma.LiteralNumber},
		{Pattern: `[A-Za-z_$][\w$]*`, Type: chroma.Name},
		{Pattern: `[{}()\[\];,.]`, Type: chroma.Punctuation},
		{Pattern: `[-+*/%=<>!&|^~?:]+`, Type: chroma.Operator},
		{Pattern: `.`, Type: chroma.Text},
	}}
})
