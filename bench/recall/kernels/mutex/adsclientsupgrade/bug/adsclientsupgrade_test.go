package adsclientsupgrade

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type PushContext struct {
	Version string
}

type DiscoveryResponse struct {
	TypeURL     string
	VersionInfo string
}

type stream interface {
	Send(*DiscoveryResponse) error
}

// XdsConnection is one connected Envoy.
type XdsConnection struct {
	ConID  string
	stream stream
	pushes int
}

type DiscoveryServer struct {
	adsClientsMutex sync.RWMutex
	adsClients      map[string]*XdsConnection
}

func (s *DiscoveryServer) addCon(conID string, con *XdsConnection) {
	s.adsClientsMutex.Lock()
	defer s.adsClientsMutex.Unlock()
	s.adsClients[conID] = con
}

func (s *DiscoveryServer) removeCon(conID string) {
	s.adsClientsMutex.Lock()
	defer s.adsClientsMutex.Unlock()
	if _, exist := s.adsClients[conID]; !exist {
		return
	}
	delete(s.adsClients, conID)
}

func (s *DiscoveryServer) pushConnection(con *XdsConnection, push *PushContext) error {
	con.pushes++
	return con.stream.Send(&DiscoveryResponse{TypeURL: "type.googleapis.com/envoy.api.v2.Cluster", VersionInfo: push.Version})
}

// AdsPushAll pushes the new config to every connected proxy.
func (s *DiscoveryServer) AdsPushAll(push *PushContext) {
	s.adsClientsMutex.RLock()
	defer s.adsClientsMutex.RUnlock()
	for id, con := range s.adsClients {
		if err := s.pushConnection(con, push); err != nil {
			// The proxy went away: drop it so the next push does not retry it.
			s.removeCon(id)
		}
	}
}

// AdsClientCount is used by the debug endpoints.
func (s *DiscoveryServer) AdsClientCount() int {
	s.adsClientsMutex.RLock()
	defer s.adsClientsMutex.RUnlock()
	return len(s.adsClients)
}

type fakeStream struct{ err error }

func (f *fakeStream) Send(*DiscoveryResponse) error { return f.err }

func TestPushDropsDeadProxy(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &DiscoveryServer{adsClients: map[string]*XdsConnection{}}
		s.addCon("sidecar~10.0.0.1~a", &XdsConnection{ConID: "a", stream: &fakeStream{}})
		s.addCon("sidecar~10.0.0.2~b", &XdsConnection{ConID: "b", stream: &fakeStream{err: errors.New("transport is closing")}})
		s.AdsPushAll(&PushContext{Version: "2019-01-01T00:00:00Z/1"})
		if n := s.AdsClientCount(); n != 1 {
			t.Errorf("clients after push: %d", n)
		}
	})
}
