package pipelinestageslice

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

type File struct {
	Name   string
	Size   int
	Hash   [32]byte
	Blocks int
	Err    error
}

// A stage processes one file; it returns false to drop the file from the scan.
type stage func(f *File) bool

// Scanner runs the files of a folder through its stages, one goroutine per stage, joined by channels.
type Scanner struct {
	folder string
	stages []stage
}

func NewScanner(folder string) *Scanner {
	s := &Scanner{folder: folder}
	s.stages = []stage{s.skipIgnored, s.stat, s.hash}
	return s
}

func (s *Scanner) skipIgnored(f *File) bool { return !strings.HasPrefix(f.Name, ".stfolder") }

func (s *Scanner) stat(f *File) bool {
	f.Size = len(f.Name) * 1024
	if strings.HasSuffix(f.Name, ".partial") {
		f.Err = errors.New("file is being written")
	}
	return true
}

func (s *Scanner) hash(f *File) bool {
	if f.Err == nil {
		f.Hash = sha256.Sum256([]byte(f.Name))
		f.Blocks = f.Size/128 + 1
	}
	return true
}

func runStage(st stage, in <-chan *File, out chan<- *File) {
	defer close(out)
	for f := range in {
		if st(f) {
			out <- f
		}
	}
}

// Scan returns the scanned files, or the first file error.
func (s *Scanner) Scan(names []string) ([]*File, error) {
	chans := make([]chan *File, len(s.stages)+1)
	for i := range chans {
		chans[i] = make(chan *File)
	}
	go func() {
		defer close(chans[0])
		for _, n := range names {
			chans[0] <- &File{Name: n}
		}
	}()
	for i, st := range s.stages {
		go runStage(st, chans[i], chans[i+1])
	}
	var files []*File
	for f := range chans[len(s.stages)] {
		if f.Err != nil {
			return nil, fmt.Errorf("scan %s: %s: %w", s.folder, f.Name, f.Err)
		}
		files = append(files, f)
	}
	return files, nil
}
