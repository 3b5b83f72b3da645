// Package errgroup is a stub of golang.org/x/sync/errgroup for the testdata: the API, not the behaviour.
package errgroup

type Group struct{ err error }

func (g *Group) Go(f func() error) { go func() { _ = f() }() }

func (g *Group) Wait() error { return g.err }
