package main

import (
	"bufio"
	"go/ast"
	"reflect"
	"sort"
	"sync"
)

// sync_map caches type descriptions; the hash mode dumps files on all cores.
type sync_map struct{ m sync.Map }

func (c *sync_map) get(t reflect.Type) *typeInfo {
	if v, ok := c.m.Load(t); ok {
		return v.(*typeInfo)
	}
	return nil
}

func (c *sync_map) put(t reflect.Type, info *typeInfo) { c.m.Store(t, info) }

// nodeTypes are the go/ast node types a parsed file can contain (Go 1.19). The dump itself does not
// need this list (it walks values); -schema prints it so LeakFinder's dumper can be checked against
// the exact field set, in order.
var nodeTypes = []ast.Node{
	&ast.Comment{}, &ast.CommentGroup{}, &ast.Field{}, &ast.FieldList{},
	&ast.BadExpr{}, &ast.Ident{}, &ast.Ellipsis{}, &ast.BasicLit{}, &ast.FuncLit{}, &ast.CompositeLit{},
	&ast.ParenExpr{}, &ast.SelectorExpr{}, &ast.IndexExpr{}, &ast.IndexListExpr{}, &ast.SliceExpr{},
	&ast.TypeAssertExpr{}, &ast.CallExpr{}, &ast.StarExpr{}, &ast.UnaryExpr{}, &ast.BinaryExpr{},
	&ast.KeyValueExpr{}, &ast.ArrayType{}, &ast.StructType{}, &ast.FuncType{}, &ast.InterfaceType{},
	&ast.MapType{}, &ast.ChanType{},
	&ast.BadStmt{}, &ast.DeclStmt{}, &ast.EmptyStmt{}, &ast.LabeledStmt{}, &ast.ExprStmt{},
	&ast.SendStmt{}, &ast.IncDecStmt{}, &ast.AssignStmt{}, &ast.GoStmt{}, &ast.DeferStmt{},
	&ast.ReturnStmt{}, &ast.BranchStmt{}, &ast.BlockStmt{}, &ast.IfStmt{}, &ast.CaseClause{},
	&ast.SwitchStmt{}, &ast.TypeSwitchStmt{}, &ast.CommClause{}, &ast.SelectStmt{}, &ast.ForStmt{},
	&ast.RangeStmt{},
	&ast.ImportSpec{}, &ast.ValueSpec{}, &ast.TypeSpec{},
	&ast.BadDecl{}, &ast.GenDecl{}, &ast.FuncDecl{},
	&ast.File{},
}

// printSchema writes "Type leaf|node Field:kind ..." per node type, sorted by type name.
func printSchema(w *bufio.Writer) {
	infos := make([]*typeInfo, 0, len(nodeTypes))
	for _, n := range nodeTypes {
		infos = append(infos, describe(reflect.TypeOf(n).Elem()))
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].name < infos[j].name })
	for _, info := range infos {
		w.WriteString(info.name)
		if info.leaf {
			w.WriteString(" leaf")
		} else {
			w.WriteString(" node")
		}
		for _, f := range info.fields {
			w.WriteByte(' ')
			w.WriteString(f.name)
			w.WriteByte(':')
			w.WriteString(kindNames[f.kind])
		}
		w.WriteByte('\n')
	}
}
