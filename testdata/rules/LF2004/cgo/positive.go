package cgo

/*
#include <stdlib.h>
#include <string.h>

int lookup(const char *name);
void fill(void *buf, size_t n);
*/
import "C"

import (
	"errors"
	"unsafe"
)

func lookupNoFree(name string) int {
	cs := C.CString(name) // want `the C memory from C.CString in cs is not released on every path: the return at line 19 is reached without C.free\(unsafe.Pointer\(cs\)\); C memory is invisible to the Go garbage collector`
	return int(C.lookup(cs))
}

func lookupFreeOnSuccessOnly(name string) (int, error) {
	cs := C.CString(name) // want `the return at line 26 is reached without C.free`
	n := C.lookup(cs)
	if n < 0 {
		return 0, errors.New("not found")
	}
	C.free(unsafe.Pointer(cs))
	return int(n), nil
}

func fillConverted(n int) []byte {
	buf := (*[1 << 20]byte)(C.malloc(C.size_t(n))) // want `the C memory from C.malloc in buf`
	C.fill(unsafe.Pointer(buf), C.size_t(n))
	return append([]byte(nil), buf[:n]...)
}

func bytesDiscarded(b []byte) {
	C.CBytes(b) // want `the C memory returned by C.CBytes is discarded`
}

func perIteration(names []string) {
	var cs *C.char
	for _, n := range names {
		cs = C.CString(n) // want `overwritten at line 45 before C.free`
		C.lookup(cs)
	}
	if cs != nil {
		C.free(unsafe.Pointer(cs))
	}
}

func callocChecked(n int) error {
	p := C.calloc(C.size_t(n), 1) // want `the C memory from C.calloc in p`
	if p == nil {
		return errors.New("out of memory")
	}
	C.fill(p, C.size_t(n))
	return nil
}

// A helper returning fresh C memory makes its callers acquirers.
func cName(s string) *C.char {
	return C.CString(s)
}

func viaHelper(s string) int {
	p := cName(s) // want `the C memory from cgo.cName in p`
	return int(C.lookup(p))
}
