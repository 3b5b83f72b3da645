// Package quoting holds the characters the dump format must escape (docs/ast-dump.md, Strings).
package quoting

// A comment with a control  character, DEL , a line separator  , NEL  and  .
/* a block comment
   over two lines with "quotes" and a \ backslash */
var raw = `tab	here, CR LF
line separator   paragraph   NEL  control  DEL  quote " backslash \`

var interpreted = "\u2028 \x00 \" \\ \t 日本語 😀"

var π, 日本 = '\u2028', '😀'

//line renamed.go:100:5
var afterLineDirective = 1 /*line other.go:7*/ + 2
