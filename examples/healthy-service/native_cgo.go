//go:build cgo

package main

/*
#include <stdlib.h>
#include <unistd.h>
*/
import "C"

import (
	"errors"
	"unsafe"
)

// canRead asks the C library whether the service may read an export target (access(2) on the path as the
// process's real user), freeing the C copy of the path.
func canRead(path string) error {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	if C.access(cpath, C.R_OK) != 0 {
		return errors.New("export target not readable")
	}
	return nil
}
