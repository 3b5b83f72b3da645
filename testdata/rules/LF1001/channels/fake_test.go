package channels

// A fake declared in a test file: no other package can name its exported fields, so an exported channel field
// nothing in the package receives from is as stuck as an unexported one.
type fakeUploader struct {
	Errors chan error
	quit   chan struct{}
}

func newFakeUploader() *fakeUploader {
	u := &fakeUploader{Errors: make(chan error), quit: make(chan struct{})}
	go u.run()
	return u
}

func (u *fakeUploader) run() {
	select {
	case <-u.quit:
		return
	default:
	}
	u.Errors <- nil // want `this send on u.Errors blocks for ever: nothing in the package receives from fakeUploader.Errors \(declared where no other package can name it`
}
