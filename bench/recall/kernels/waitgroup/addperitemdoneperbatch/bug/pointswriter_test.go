package addperitemdoneperbatch

import (
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Point struct {
	Measurement string
	Tags        map[string]string
	Value       float64
	Time        time.Time
}

func (p Point) seriesKey() string { return fmt.Sprintf("%s,host=%s", p.Measurement, p.Tags["host"]) }

// ShardWriter writes a batch of points to one shard; localShardWriter and remoteShardWriter
// implement it.
type ShardWriter interface {
	WriteToShard(shardID uint64, points []Point) error
}

type localShardWriter struct {
	mu     sync.Mutex
	shards map[uint64][]Point
}

func (w *localShardWriter) WriteToShard(id uint64, points []Point) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.shards[id] = append(w.shards[id], points...)
	return nil
}

type remoteShardWriter struct {
	addr    string
	timeout time.Duration
}

func (w *remoteShardWriter) WriteToShard(id uint64, points []Point) error {
	return errors.New("remote write to " + w.addr + " not available")
}

// ShardMapping groups a write's points by the shard that owns them.
type ShardMapping struct {
	Points map[uint64][]Point
}

type PointsWriter struct {
	numShards uint64
	writer    ShardWriter
	mu        sync.Mutex
	stats     struct{ writeOK, writeErr, pointsWritten int }
}

func NewPointsWriter(n uint64, w ShardWriter) *PointsWriter {
	return &PointsWriter{numShards: n, writer: w}
}

func (w *PointsWriter) MapShards(points []Point) *ShardMapping {
	m := &ShardMapping{Points: map[uint64][]Point{}}
	for _, p := range points {
		h := fnv.New64a()
		h.Write([]byte(p.seriesKey()))
		id := h.Sum64() % w.numShards
		m.Points[id] = append(m.Points[id], p)
	}
	return m
}

// WritePoints writes every shard's batch in parallel and returns the first error.
func (w *PointsWriter) WritePoints(points []Point) error {
	mapping := w.MapShards(points)
	var wg sync.WaitGroup
	errs := make([]error, 0, len(mapping.Points))
	var errMu sync.Mutex
	wg.Add(len(points))
	for shardID, batch := range mapping.Points {
		go func(id uint64, batch []Point) {
			defer wg.Done()
			if err := w.writer.WriteToShard(id, batch); err != nil {
				errMu.Lock()
				errs = append(errs, err)
				errMu.Unlock()
			}
		}(shardID, batch)
	}
	wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(errs) > 0 {
		w.stats.writeErr++
		return errs[0]
	}
	w.stats.writeOK++
	w.stats.pointsWritten += len(points)
	return nil
}

func TestWriteBatch(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := NewPointsWriter(4, &localShardWriter{shards: map[uint64][]Point{}})
		now := time.Now()
		var points []Point
		for i := 0; i < 3; i++ {
			points = append(points, Point{Measurement: "cpu", Tags: map[string]string{"host": "server01"}, Value: float64(i), Time: now.Add(time.Duration(i) * time.Second)})
		}
		if err := w.WritePoints(points); err != nil {
			t.Fatal(err)
		}
	})
}
