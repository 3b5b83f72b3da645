package commands

import (
	"context"
	"os/exec"
)

func runIsFine(name string) error {
	return exec.Command(name).Run()
}

func outputIsFine(name string) ([]byte, error) {
	return exec.Command(name).Output()
}

func startThenWait(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Wait()
}

func deferredWait(ctx context.Context, name string) error {
	cmd := exec.CommandContext(ctx, name)
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Wait()
	return nil
}

func killThenWait(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	cmd.Process.Kill()
	_, err := cmd.Process.Wait()
	return err
}

// Stored in a struct field: whoever owns the struct waits (Stop below).
type worker struct {
	cmd  *exec.Cmd
	done chan error
}

func (w *worker) Start(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	w.cmd = cmd
	return nil
}

func (w *worker) Stop() error {
	w.cmd.Process.Kill()
	return w.cmd.Wait()
}

func startedField(w *worker, name string) error {
	w.cmd = exec.Command(name)
	return w.cmd.Start()
}

// Returned: the caller waits.
func spawn(name string) (*exec.Cmd, error) {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

// Waited in a goroutine that reports the exit.
func background(name string) (<-chan error, error) {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return done, nil
}

// A helper of the module that waits.
func reap(cmd *exec.Cmd) error { return cmd.Wait() }

func waitedByHelper(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	return reap(cmd)
}

// A parameter: the caller started nothing here it does not see.
func startParam(cmd *exec.Cmd) error {
	return cmd.Start()
}

func startParamStmt(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	return nil
}

// Never waited for anywhere in the function: taken as a child meant to outlive it (a daemon that a subreaper
// reaps, as containerd's shims do with their logging binaries).
func startDetached(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	return nil
}
