package walkcallbacksend

import (
	"context"
	"errors"
	"path"
	"sort"
	"strings"
	"time"
)

var errSkipDir = errors.New("skip this directory")

// fsNode is a directory tree as the content source sees it.
type fsNode struct {
	name     string
	children []*fsNode
}

type walkFunc func(p string, isDir bool) error

// walk calls fn for every node under n, depth first, in name order.
func walk(n *fsNode, dir string, fn walkFunc) error {
	p := path.Join(dir, n.name)
	isDir := len(n.children) > 0
	if err := fn(p, isDir); err != nil {
		if errors.Is(err, errSkipDir) {
			return nil
		}
		return err
	}
	sort.Slice(n.children, func(i, j int) bool { return n.children[i].name < n.children[j].name })
	for _, c := range n.children {
		if err := walk(c, p, fn); err != nil {
			return err
		}
	}
	return nil
}

// ContentFiles streams the content files under root, skipping drafts directories.
func ContentFiles(ctx context.Context, root *fsNode) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		walk(root, "/", func(p string, isDir bool) error {
			if isDir {
				if strings.HasSuffix(p, "/drafts") {
					return errSkipDir
				}
				return nil
			}
			if strings.HasSuffix(p, ".md") {
				select {
				case out <- p:
				case <-ctx.Done():
					return ctx.Err() // ends the walk
				}
			}
			return nil
		})
	}()
	return out
}

// frontMatter reads a content file's front matter.
func frontMatter(p string) map[string]string {
	time.Sleep(10 * time.Millisecond) // reads and parses the file
	return map[string]string{"title": strings.TrimSuffix(path.Base(p), ".md")}
}

// LoadPages reads the front matter of every content file, or gives up when ctx ends.
func LoadPages(ctx context.Context, root *fsNode) ([]map[string]string, error) {
	files := ContentFiles(ctx, root)
	var pages []map[string]string
	for {
		select {
		case p, ok := <-files:
			if !ok {
				// The walk also ends when ctx does: say why it stopped early.
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				return pages, nil
			}
			pages = append(pages, frontMatter(p))
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
