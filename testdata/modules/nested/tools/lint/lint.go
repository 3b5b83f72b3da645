// Package lint lives in a module nested inside another one's directory tree.
package lint

func Run() {}
