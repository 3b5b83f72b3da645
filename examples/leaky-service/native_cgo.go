//go:build cgo

package main

/*
#include <stdlib.h>
#include <unistd.h>
*/
import "C"

import "errors"

// canRead asks the C library whether the service may read an export target (access(2) on the path as the
// process's real user). The C copy of the path is never freed: one leak per export request.
func canRead(path string) error {
	cpath := C.CString(path) // LEAK LF2004
	if C.access(cpath, C.R_OK) != 0 {
		return errors.New("export target not readable")
	}
	return nil
}
