package pipereaderabandoned

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var ErrBadFormat = errors.New("unsupported archive format")

const magic = "IMGARCHIVE1\n"

// Source produces an image archive (for example a layer store walking its diff directories).
type Source interface {
	WriteTo(w io.Writer) (int64, error)
}

type header struct {
	Repo string   `json:"repo"`
	Tags []string `json:"tags"`
}

type Store struct {
	images map[string][]string
}

func NewStore() *Store { return &Store{images: map[string][]string{}} }

// Import streams src into the store.
func (s *Store) Import(src Source) (string, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()

	br := bufio.NewReader(pr)
	h, err := readHeader(br)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	var layers []string
	for {
		line, err := br.ReadString('\n')
		if line = strings.TrimSpace(line); line != "" {
			layers = append(layers, line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	s.images[h.Repo] = layers
	return h.Repo, nil
}

func readHeader(r *bufio.Reader) (header, error) {
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(r, m); err != nil {
		return header{}, err
	}
	if string(m) != magic {
		return header{}, ErrBadFormat
	}
	line, err := r.ReadBytes('\n')
	if err != nil {
		return header{}, err
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil {
		return header{}, err
	}
	return h, nil
}

// layerSource writes an archive with a header line and one line per layer.
type layerSource struct {
	format string
	repo   string
	layers int
}

func (l layerSource) WriteTo(w io.Writer) (int64, error) {
	var n int64
	var buf bytes.Buffer
	buf.WriteString(l.format)
	hb, _ := json.Marshal(header{Repo: l.repo, Tags: []string{"latest"}})
	buf.Write(hb)
	buf.WriteByte('\n')
	m, err := w.Write(buf.Bytes())
	n += int64(m)
	if err != nil {
		return n, err
	}
	for i := 0; i < l.layers; i++ {
		m, err := fmt.Fprintf(w, "sha256:%064d\n", i)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func TestImportRejectsOldFormat(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewStore()
		if _, err := s.Import(layerSource{format: "IMGARCHIVE0\n", repo: "old", layers: 3}); !errors.Is(err, ErrBadFormat) {
			t.Errorf("err = %v", err)
		}
		repo, err := s.Import(layerSource{format: magic, repo: "busybox", layers: 2})
		if err != nil || len(s.images[repo]) != 2 {
			t.Errorf("import: %v %v", repo, err)
		}
	})
}
