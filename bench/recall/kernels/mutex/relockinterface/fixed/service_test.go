package relockinterface

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Event struct {
	Topic string
	ID    string
}

type listener interface {
	notify(e Event)
}

type auditLog struct {
	mu    sync.Mutex
	lines []string
}

func (a *auditLog) notify(e Event) {
	a.mu.Lock()
	a.lines = append(a.lines, e.Topic+" "+e.ID)
	a.mu.Unlock()
}

// TaskService keeps the registered tasks and counts the events it has seen.
type TaskService struct {
	mu        sync.Mutex
	tasks     map[string]bool
	seen      int
	listeners []listener
}

func NewTaskService(audit *auditLog) *TaskService {
	s := &TaskService{tasks: map[string]bool{}}
	s.listeners = []listener{audit, s}
	return s
}

func (s *TaskService) notify(e Event) {
	s.mu.Lock()
	s.seen++
	s.mu.Unlock()
}

func (s *TaskService) Register(id string) {
	s.mu.Lock()
	s.tasks[id] = true
	ls := s.listeners
	s.mu.Unlock()
	for _, l := range ls {
		l.notify(Event{Topic: "/tasks/create", ID: id})
	}
}

func TestRegisterNotifies(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		audit := &auditLog{}
		s := NewTaskService(audit)
		s.Register("redis")
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.seen != 1 {
			t.Errorf("seen = %d", s.seen)
		}
	})
}
