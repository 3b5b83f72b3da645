package raftproposeafterexit

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Entry struct {
	Term, Index uint64
	Data        []byte
}

type Storage interface {
	Append(e Entry) error
}

type Node struct {
	propc   chan []byte
	done    chan struct{}
	storage Storage
	term    uint64
	index   uint64
	err     error
}

func StartNode(s Storage) *Node {
	n := &Node{propc: make(chan []byte), done: make(chan struct{}), storage: s, term: 1}
	go n.run()
	return n
}

func (n *Node) run() {
	defer close(n.done)
	for data := range n.propc {
		n.index++
		if err := n.storage.Append(Entry{Term: n.term, Index: n.index, Data: data}); err != nil {
			n.err = err
			return
		}
	}
}

var errStopped = errors.New("raft: node stopped")

// Propose hands data to the raft loop.
func (n *Node) Propose(data []byte) error {
	n.propc <- data
	return nil
}

type flakyWAL struct{ writes int }

func (w *flakyWAL) Append(Entry) error {
	w.writes++
	if w.writes == 2 {
		return errors.New("wal: no space left on device")
	}
	return nil
}

func TestProposeAfterStorageFailure(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := StartNode(&flakyWAL{})
		for i := 0; i < 4; i++ {
			_ = n.Propose([]byte("put foo bar"))
		}
	})
}
