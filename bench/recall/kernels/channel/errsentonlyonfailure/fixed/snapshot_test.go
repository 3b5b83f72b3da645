package errsentonlyonfailure

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type store struct {
	bucket map[string][]byte
}

func (s *store) put(name string, r io.Reader) error {
	if name == "" {
		return errors.New("empty object name")
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	s.bucket[name] = buf.Bytes()
	return nil
}

// Save streams the snapshot to the store while the caller goes on writing it.
func Save(s *store, name string, data []byte) error {
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		if err := s.put(name, pr); err != nil {
			pr.CloseWithError(err)
			errc <- err
			return
		}
		errc <- nil
	}()
	if _, err := pw.Write(data); err != nil {
		return err
	}
	pw.Close()
	return <-errc
}

func TestSaveSnapshot(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &store{bucket: map[string][]byte{}}
		if err := Save(s, "snap-1", []byte("raft state")); err != nil {
			t.Error(err)
		}
	})
}
