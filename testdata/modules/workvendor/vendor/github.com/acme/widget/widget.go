package widget

import "io"

// Widget holds a stream it must close.
type Widget struct{ Body io.ReadCloser }

func Open(name string) (*Widget, error) { return &Widget{}, nil }

func (w *Widget) Close() error { return nil }
