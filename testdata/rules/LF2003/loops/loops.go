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
