package main

import (
	"bytes"
	"go/ast"
	"go/token"
	"math"
	"reflect"
	"sort"
	"strconv"
	"unicode/utf8"
)

// skippedFields are the only go/ast fields the dump leaves out: the deprecated identifier-resolution
// fields, which record a resolver's guesses rather than syntax.
var skippedFields = map[string]bool{
	"File.Scope":      true,
	"File.Unresolved": true,
	"Ident.Obj":       true,
}

// referenceFields alias nodes printed elsewhere in the tree; the dump lists them by type and range only.
var referenceFields = map[string]bool{
	"File.Imports": true, // the *ImportSpec values of the import GenDecls in File.Decls
}

var (
	posType     = reflect.TypeOf(token.NoPos)
	tokenType   = reflect.TypeOf(token.ILLEGAL)
	chanDirType = reflect.TypeOf(ast.SEND)
)

// fieldKind classifies a go/ast struct field for printing; unknown field types panic, so a go/ast
// field type the format does not define can never be printed wrongly or dropped silently.
type fieldKind int

const (
	kindPos fieldKind = iota
	kindToken
	kindChanDir
	kindString
	kindBool
	kindNode
	kindList
	kindRefList
)

var kindNames = [...]string{"pos", "token", "chandir", "string", "bool", "node", "list", "reflist"}

type fieldInfo struct {
	index int
	name  string
	kind  fieldKind
}

type typeInfo struct {
	name   string
	fields []fieldInfo
	leaf   bool // only scalar fields: printed on the node's own line
}

var typeCache sync_map

func describe(t reflect.Type) *typeInfo {
	if info := typeCache.get(t); info != nil {
		return info
	}
	info := &typeInfo{name: t.Name(), leaf: true}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := t.Name() + "." + f.Name
		if skippedFields[key] {
			continue
		}
		k := classify(f.Type)
		if referenceFields[key] {
			k = kindRefList
		}
		if k >= kindNode {
			info.leaf = false
		}
		info.fields = append(info.fields, fieldInfo{index: i, name: f.Name, kind: k})
	}
	typeCache.put(t, info)
	return info
}

func classify(t reflect.Type) fieldKind {
	switch {
	case t == posType:
		return kindPos
	case t == tokenType:
		return kindToken
	case t == chanDirType:
		return kindChanDir
	case t.Kind() == reflect.String:
		return kindString
	case t.Kind() == reflect.Bool:
		return kindBool
	case t.Kind() == reflect.Interface, t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return kindNode
	case t.Kind() == reflect.Slice:
		return kindList
	}
	panic("astdump: no dump format for go/ast field type " + t.String())
}

type dumper struct {
	buf *bytes.Buffer
	tf  *token.File
	// The line table of file (offsets of line starts) and the line of the last position printed: a dump
	// visits positions mostly in source order, so most lookups need no search.
	lines                     []int
	line, lineStart, lineNext int
}

// newDumper prints the nodes of one file, whose positions lie in tf.
func newDumper(buf *bytes.Buffer, tf *token.File) *dumper {
	d := &dumper{buf: buf, tf: tf, lines: make([]int, tf.LineCount())}
	for i := range d.lines {
		d.lines[i] = tf.Offset(tf.LineStart(i + 1))
	}
	return d
}

func (d *dumper) file(f *ast.File) {
	d.node(0, "", reflect.ValueOf(f))
}

const spaces = "                                                                "

func (d *dumper) indent(depth int) {
	for n := 2 * depth; n > 0; n -= len(spaces) {
		d.buf.WriteString(spaces[:min(n, len(spaces))])
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// node prints one node (v is a non-nil pointer to a go/ast struct) starting on the current line after
// the label, then its non-scalar fields on the following lines at depth+1.
func (d *dumper) node(depth int, label string, v reflect.Value) {
	n := v.Interface().(ast.Node)
	s := v.Elem()
	info := describe(s.Type())
	d.indent(depth)
	d.buf.WriteString(label)
	d.buf.WriteString(info.name)
	d.buf.WriteByte(' ')
	d.pos(n.Pos())
	d.buf.WriteString("..")
	d.pos(n.End())
	if info.leaf {
		for _, f := range info.fields {
			d.buf.WriteByte(' ')
			d.buf.WriteString(f.name)
			d.buf.WriteByte('=')
			d.scalar(f.kind, s.Field(f.index))
		}
		d.buf.WriteByte('\n')
		return
	}
	d.buf.WriteByte('\n')
	for _, f := range info.fields {
		fv := s.Field(f.index)
		switch f.kind {
		case kindNode:
			if fv.IsNil() {
				d.indent(depth + 1)
				d.buf.WriteString(f.name)
				d.buf.WriteString(": nil\n")
			} else {
				if fv.Kind() == reflect.Interface {
					fv = fv.Elem()
				}
				d.node(depth+1, f.name+": ", fv)
			}
		case kindList, kindRefList:
			d.indent(depth + 1)
			d.buf.WriteString(f.name)
			d.buf.WriteString(": [")
			d.buf.WriteString(strconv.Itoa(fv.Len()))
			d.buf.WriteString("]\n")
			for i := 0; i < fv.Len(); i++ {
				ev := fv.Index(i)
				if ev.Kind() == reflect.Interface {
					ev = ev.Elem()
				}
				if f.kind == kindRefList {
					d.reference(depth+2, ev)
				} else if ev.IsNil() {
					d.indent(depth + 2)
					d.buf.WriteString("- nil\n")
				} else {
					d.node(depth+2, "- ", ev)
				}
			}
		default:
			d.indent(depth + 1)
			d.buf.WriteString(f.name)
			d.buf.WriteString(": ")
			d.scalar(f.kind, fv)
			d.buf.WriteByte('\n')
		}
	}
}

func (d *dumper) reference(depth int, v reflect.Value) {
	n := v.Interface().(ast.Node)
	d.indent(depth)
	d.buf.WriteString("- ref ")
	d.buf.WriteString(v.Elem().Type().Name())
	d.buf.WriteByte(' ')
	d.pos(n.Pos())
	d.buf.WriteString("..")
	d.pos(n.End())
	d.buf.WriteByte('\n')
}

func (d *dumper) scalar(kind fieldKind, v reflect.Value) {
	switch kind {
	case kindPos:
		d.pos(token.Pos(v.Int()))
	case kindToken:
		d.buf.WriteString(token.Token(v.Int()).String())
	case kindChanDir:
		d.buf.WriteString(chanDir(ast.ChanDir(v.Int())))
	case kindString:
		quote(d.buf, v.String())
	case kindBool:
		d.buf.WriteString(strconv.FormatBool(v.Bool()))
	}
}

// pos prints a position as line:col of the unadjusted position (//line directives ignored), with the
// column counted in bytes from 1, as go/token does; "-" for token.NoPos or a position outside the file.
// This is fset.PositionFor(p, false) restricted to the one file being dumped.
func (d *dumper) pos(p token.Pos) {
	offset := int(p) - d.tf.Base()
	if !p.IsValid() || offset < 0 || offset > d.tf.Size() || len(d.lines) == 0 {
		d.buf.WriteByte('-')
		return
	}
	if d.line == 0 || offset < d.lineStart || offset >= d.lineNext {
		i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
		d.line, d.lineStart, d.lineNext = i+1, d.lines[i], math.MaxInt
		if i+1 < len(d.lines) {
			d.lineNext = d.lines[i+1]
		}
	}
	var num [20]byte
	d.buf.Write(strconv.AppendInt(num[:0], int64(d.line), 10))
	d.buf.WriteByte(':')
	d.buf.Write(strconv.AppendInt(num[:0], int64(offset-d.lineStart+1), 10))
}

func chanDir(dir ast.ChanDir) string {
	switch dir {
	case ast.SEND:
		return "SEND"
	case ast.RECV:
		return "RECV"
	case ast.SEND | ast.RECV:
		return "SEND|RECV"
	}
	return strconv.Itoa(int(dir))
}

// quote writes s in double quotes so that the dump stays one line per node and any two different
// strings print differently: backslash and quote are escaped, \n \r \t by name, other C0 controls and
// DEL as \xNN, bytes that are not valid UTF-8 as \xNN, and U+0085, U+2028, U+2029 (which some tools
// treat as line breaks) as \uNNNN. Every other character is written as its UTF-8 bytes, so the quoting
// needs no Unicode tables and any implementation can reproduce it.
func quote(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				buf.WriteString(`\"`)
			case c == '\\':
				buf.WriteString(`\\`)
			case c == '\n':
				buf.WriteString(`\n`)
			case c == '\r':
				buf.WriteString(`\r`)
			case c == '\t':
				buf.WriteString(`\t`)
			case c < 0x20 || c == 0x7f:
				buf.WriteString(`\x`)
				buf.WriteByte(hex[c>>4])
				buf.WriteByte(hex[c&0xf])
			default:
				buf.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(`\x`)
			buf.WriteByte(hex[c>>4])
			buf.WriteByte(hex[c&0xf])
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			buf.WriteString(`\u`)
			buf.WriteString(strconv.FormatInt(int64(r)|0x10000, 16)[1:])
		default:
			buf.WriteString(s[i : i+size])
		}
		i += size
	}
	buf.WriteByte('"')
}
