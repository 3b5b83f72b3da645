// Package errgroup is a stub of golang.org/x/sync/errgroup for the testdata: the API, not the behaviour.
package errgroup

import "context"

type Group struct{ err error }

func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }

func (g *Group) Go(f func() error) { go func() { _ = f() }() }

func (g *Group) Wait() error { return g.err }
