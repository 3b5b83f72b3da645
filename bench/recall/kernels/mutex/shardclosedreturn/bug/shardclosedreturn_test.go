package shardclosedreturn

import (
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	ErrEngineClosed  = errors.New("engine is closed")
	ErrShardDisabled = errors.New("shard is disabled")
)

type Point struct {
	Measurement string
	Value       float64
}

type Engine struct {
	series map[string][]float64
}

type Iterator struct {
	values []float64
}

type Shard struct {
	mu      sync.RWMutex
	id      uint64
	enabled bool
	_engine *Engine
	closing chan struct{}
}

func NewShard(id uint64) *Shard {
	return &Shard{id: id, enabled: true, _engine: &Engine{series: map[string][]float64{}}, closing: make(chan struct{})}
}

// SetEnabled enables or disables the shard for queries and writes.
func (s *Shard) SetEnabled(enabled bool) {
	s.mu.Lock()
	s.enabled = enabled
	s.mu.Unlock()
}

// ready reports why the shard cannot serve; the caller holds s.mu.
func (s *Shard) ready() error {
	if s._engine == nil {
		return ErrEngineClosed
	}
	if !s.enabled {
		return ErrShardDisabled
	}
	return nil
}

func (s *Shard) WritePoints(points []Point) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.ready(); err != nil {
		return err
	}
	for _, p := range points {
		s._engine.series[p.Measurement] = append(s._engine.series[p.Measurement], p.Value)
	}
	return nil
}

// CreateIterator returns an iterator over one measurement.
func (s *Shard) CreateIterator(measurement string) (*Iterator, error) {
	s.mu.RLock()
	if err := s.ready(); err != nil {
		return nil, err
	}
	vals := append([]float64(nil), s._engine.series[measurement]...)
	s.mu.RUnlock()
	sort.Float64s(vals)
	return &Iterator{values: vals}, nil
}

func (s *Shard) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s._engine == nil {
		return nil
	}
	close(s.closing)
	s._engine = nil
	return nil
}

func TestQueryDisabledShardThenClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewShard(7)
		if err := s.WritePoints([]Point{{"cpu", 0.5}, {"cpu", 0.25}}); err != nil {
			t.Errorf("write: %v", err)
		}
		s.SetEnabled(false) // shard is being moved off this node
		if _, err := s.CreateIterator("cpu"); !errors.Is(err, ErrShardDisabled) {
			t.Errorf("query: %v", err)
		}
		_ = s.Close()
	})
}
