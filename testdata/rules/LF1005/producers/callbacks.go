package producers

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// The send sits in a callback the goroutine hands to the package's recursive walk, which calls it for every
// node: the callback runs on the goroutine, so its send blocks it once the caller leaves on ctx.Done().

type node struct {
	name     string
	children []*node
}

var errSkip = errors.New("skip")

func walkTree(n *node, dir string, fn func(p string, isDir bool) error) error {
	p := dir + "/" + n.name
	if err := fn(p, len(n.children) > 0); err != nil {
		if errors.Is(err, errSkip) {
			return nil
		}
		return err
	}
	for _, c := range n.children {
		if err := walkTree(c, p, fn); err != nil {
			return err
		}
	}
	return nil
}

func ContentFiles(ctx context.Context, root *node) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		walkTree(root, "", func(p string, isDir bool) error { // the call that runs the callback
			if isDir {
				return nil
			}
			if strings.HasSuffix(p, ".md") {
				out <- p // want `this goroutine sends on out, which ContentFiles returns to its caller, without selecting on ctx.Done\(\)`
			}
			return nil
		})
	}()
	return out
}

// A local literal the goroutine calls in its own loop.
func Emitted(ctx context.Context, items []string) <-chan string {
	out := make(chan string)
	emit := func(s string) {
		out <- s // want `this goroutine sends on out, which Emitted returns to its caller`
	}
	go func() {
		defer close(out)
		for _, it := range items {
			emit(it)
		}
	}()
	return out
}

// The standard library's walker calls its function in place, as the package's does.
func Files(ctx context.Context, root string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out <- p // want `this goroutine sends on out, which Files returns to its caller`
			}
			return err
		})
	}()
	return out
}

// The fixes, and callbacks that are not run on the goroutine.

// The callback selects on the context and ends the walk.
func ContentFilesFixed(ctx context.Context, root *node) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		walkTree(root, "", func(p string, isDir bool) error {
			if isDir {
				return nil
			}
			select {
			case out <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}()
	return out
}

// A local emitter that selects.
func EmittedFixed(ctx context.Context, items []string) <-chan string {
	out := make(chan string)
	emit := func(s string) bool {
		select {
		case out <- s:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(out)
		for _, it := range items {
			if !emit(it) {
				return
			}
		}
	}()
	return out
}

// Room for every file: the walk is over before anyone needs to receive.
func FilesBuffered(ctx context.Context, root *node, n int) <-chan string {
	out := make(chan string, n)
	go func() {
		defer close(out)
		walkTree(root, "", func(p string, isDir bool) error {
			out <- p
			return nil
		})
	}()
	return out
}

// The helper keeps the callback for later instead of calling it: the goroutine does not send.
type registry struct{ hooks []func(string) }

func (r *registry) onFile(fn func(string)) { r.hooks = append(r.hooks, fn) }

func Registered(ctx context.Context, r *registry) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		r.onFile(func(p string) {
			out <- p
		})
	}()
	return out
}

// The helper starts the callback on a goroutine of its own: not the producer's send.
func spawn(fn func()) { go fn() }

func Spawned(ctx context.Context, items []string) <-chan string {
	out := make(chan string)
	go func() {
		spawn(func() {
			for _, it := range items {
				out <- it
			}
		})
	}()
	return out
}

// A local variable given another function later is not known to hold the literal.
func Reassigned(ctx context.Context, items []string, alt func(string)) <-chan string {
	out := make(chan string)
	emit := func(s string) { out <- s }
	if alt != nil {
		emit = alt
	}
	go func() {
		defer close(out)
		for _, it := range items {
			emit(it)
		}
	}()
	return out
}
