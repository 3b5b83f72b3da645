package loops

import (
	"io"
	"net/http"
	"os"
)

func concat(w io.Writer, names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close() // want `the deferred release of f runs only when concat returns, not at the end of each iteration: every file opened by os.Open in this loop stays open`
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
	}
	return nil
}

func fetchAll(urls []string) {
	for i := 0; i < len(urls); i++ {
		resp, err := http.Get(urls[i])
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want `every response body opened by http.Get in this loop`
	}
}

// Negative cases.

func closedInIteration(w io.Writer, names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func bodyInFunction(w io.Writer, names []string) error {
	for _, name := range names {
		err := func() error {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return err
		}()
		if err != nil {
			return err
		}
	}
	return nil
}

func openedOutsideLoop(name string, n int) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		defer f.Close()
		break
	}
	return nil
}

// Found in golang.org/x/tools/godoc/index.go: every file must stay open until they are read together after
// the loop; the defer in the loop is intended.
func readTogether(names []string) ([]byte, error) {
	files := make([]io.Reader, 0, len(names))
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files = append(files, f)
	}
	return io.ReadAll(io.MultiReader(files...))
}

// Deferred releases through a helper or a literal.

func closeQuietly(c io.Closer) { _ = c.Close() }

func logName(f *os.File) { println(f.Name()) }

func viaHelper(w io.Writer, names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer closeQuietly(f) // want `the deferred release of f runs only when viaHelper returns`
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
	}
	return nil
}

func viaLiteral(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		defer func() { _ = resp.Body.Close() }() // want `the deferred release of resp runs only when viaLiteral returns`
	}
}

// Negative: the deferred helper only reads the file; the file is closed in the iteration.
func helperDoesNotRelease(names []string) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer logName(f)
		f.Close()
	}
}

// Negative: the helper is deferred inside a function literal that is the loop body's own scope.
func helperInBodyFunction(w io.Writer, names []string) error {
	for _, name := range names {
		if err := func() error {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer closeQuietly(f)
			_, err = io.Copy(w, f)
			return err
		}(); err != nil {
			return err
		}
	}
	return nil
}

// A retry loop that returns on every path once it has the file (etcd's wal repair, alertmanager's start
// probe): the defer runs once, the loop never opens a second file while the first waits. Silent.
func retryUntilOpen(names []string) ([]byte, error) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		if st, err := f.Stat(); err != nil || st.Size() == 0 {
			return nil, err
		}
		return io.ReadAll(f)
	}
	return nil, os.ErrNotExist
}

// Reported: only one branch returns, the other goes round again with the first file still open.
func firstNonEmpty(names []string) (*os.File, error) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close() // want `the deferred release of f runs only when firstNonEmpty returns`
		if st, err := f.Stat(); err == nil && st.Size() > 0 {
			return nil, nil
		}
	}
	return nil, os.ErrNotExist
}

// Pages read to EOF: each response's connection is back in the pool before the next request, so the
// deferred closes only wait in memory (docker/distribution's tag listing). Silent.
func allPages(c *http.Client, url string) ([]byte, error) {
	var all []byte
	for url != "" {
		resp, err := c.Get(url)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		all = append(all, b...)
		url = resp.Header.Get("Link")
	}
	return all, nil
}
