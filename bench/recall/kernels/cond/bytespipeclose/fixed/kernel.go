package bytespipeclose

import (
	"errors"
	"io"
	"sync"
)

// maxCap is the highest capacity to use in byte slices that buffer data.
const maxCap = 1e6

// blockThreshold is the minimum number of bytes in the buffer which will cause a write to BytesPipe to block.
const blockThreshold = 1e6

// ErrClosed is returned when Write is called on a closed BytesPipe.
var ErrClosed = errors.New("write to closed BytesPipe")

// BytesPipe is io.ReadWriteCloser which works similarly to pipe(queue).
// All written data may be read at most once. Also, BytesPipe allocates
// and releases new byte slices to adjust to current needs, so the buffer
// won't be overgrown after peak loads.
type BytesPipe struct {
	mu       sync.Mutex
	wait     *sync.Cond
	buf      [][]byte
	bufLen   int
	closeErr error // error to return from next Read. set to nil if not closed.
}

// NewBytesPipe creates new BytesPipe, initialized by specified slice.
func NewBytesPipe() *BytesPipe {
	bp := &BytesPipe{}
	bp.wait = sync.NewCond(&bp.mu)
	return bp
}

// Write writes p to BytesPipe. It can block if the buffer is over blockThreshold.
func (bp *BytesPipe) Write(p []byte) (int, error) {
	bp.mu.Lock()
	defer bp.mu.Unlock()
	for bp.bufLen >= blockThreshold && bp.closeErr == nil {
		bp.wait.Wait()
	}
	if bp.closeErr != nil {
		return 0, ErrClosed
	}
	bp.buf = append(bp.buf, append([]byte(nil), p...))
	bp.bufLen += len(p)
	bp.wait.Broadcast()
	return len(p), nil
}

// CloseWithError causes further reads from a BytesPipe to return immediately.
func (bp *BytesPipe) CloseWithError(err error) error {
	bp.mu.Lock()
	if err != nil {
		bp.closeErr = err
	} else {
		bp.closeErr = io.EOF
	}
	bp.wait.Broadcast()
	bp.mu.Unlock()
	return nil
}

// Close causes further reads from a BytesPipe to return immediately.
func (bp *BytesPipe) Close() error {
	return bp.CloseWithError(nil)
}

// Read reads bytes from BytesPipe. Data could be read only once.
func (bp *BytesPipe) Read(p []byte) (n int, err error) {
	bp.mu.Lock()
	defer bp.mu.Unlock()
	if bp.bufLen == 0 {
		if bp.closeErr != nil {
			return 0, bp.closeErr
		}
		bp.wait.Wait()
		if bp.bufLen == 0 && bp.closeErr != nil {
			return 0, bp.closeErr
		}
	}
	for bp.bufLen > 0 && n < len(p) {
		b := bp.buf[0]
		read := copy(p[n:], b)
		n += read
		bp.bufLen -= read
		if read == len(b) {
			bp.buf = bp.buf[1:]
		} else {
			bp.buf[0] = b[read:]
		}
	}
	bp.wait.Broadcast()
	return n, nil
}
