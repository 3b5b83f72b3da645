package configswap

import (
	"errors"
	"strings"
)

// Config is an immutable snapshot of the proxy's settings.
type Config struct {
	Prefix  string
	Timeout int
}

func parse(text string) (*Config, error) {
	if !strings.HasPrefix(text, "prefix=") {
		return nil, errors.New("bad config")
	}
	return &Config{Prefix: strings.TrimPrefix(text, "prefix="), Timeout: 30}, nil
}

// Server answers requests with the current configuration and swaps in a new one on reload, as a
// proxy reloads its mesh configuration.
type Server struct {
	cfg *Config
}

func NewServer(text string) (*Server, error) {
	c, err := parse(text)
	if err != nil {
		return nil, err
	}
	return &Server{cfg: c}, nil
}

// Reload parses and installs a new configuration.
func (s *Server) Reload(text string) error {
	c, err := parse(text)
	if err != nil {
		return err
	}
	s.cfg = c
	return nil
}

// WatchReloads reloads on every configuration pushed on the channel, in the background.
func (s *Server) WatchReloads(pushes <-chan string) {
	go func() {
		for text := range pushes {
			_ = s.Reload(text)
		}
	}()
}

// Handle answers one request.
func (s *Server) Handle(path string) string {
	return s.cfg.Prefix + path
}
