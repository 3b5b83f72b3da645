package cgo

/*
#include <stdlib.h>

int lookup(const char *name);
int keep(char *owned);
void fill(void *buf, size_t n);
typedef struct { char *name; } entry;
*/
import "C"

import (
	"errors"
	"unsafe"
)

func deferredFree(name string) int {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return int(C.lookup(cs))
}

func freeOnEveryPath(name string) (int, error) {
	cs := C.CString(name)
	n := C.lookup(cs)
	if n < 0 {
		C.free(unsafe.Pointer(cs))
		return 0, errors.New("not found")
	}
	C.free(unsafe.Pointer(cs))
	return int(n), nil
}

func deferredLiteral(b []byte) {
	p := C.CBytes(b)
	defer func() {
		C.free(p)
	}()
	C.fill(p, C.size_t(len(b)))
}

// Returned to the caller, who frees it.
func returned(s string) *C.char {
	cs := C.CString(s)
	return cs
}

func returnedUnsafe(n int) unsafe.Pointer {
	p := C.malloc(C.size_t(n))
	C.fill(p, C.size_t(n))
	return p
}

type holder struct {
	name *C.char
}

func (h *holder) storedInField(s string) {
	cs := C.CString(s)
	h.name = cs
}

func storedInCStruct(e *C.entry, s string) {
	e.name = C.CString(s)
}

// A helper of the module that frees its parameter.
func release(p *C.char) {
	C.free(unsafe.Pointer(p))
}

func freedByHelper(s string) int {
	cs := C.CString(s)
	defer release(cs)
	return int(C.lookup(cs))
}

func freeUntyped(p unsafe.Pointer) {
	C.free(p)
}

func freedByUnsafeHelper(n int) {
	p := C.malloc(C.size_t(n))
	C.fill(p, C.size_t(n))
	freeUntyped(p)
}

// The C side keeps the pointer (handed on through a C struct stored elsewhere).
func callerFrees(s string) *C.char {
	var p *C.char = C.CString(s)
	if p == nil {
		return nil
	}
	return p
}

func loopFreesEach(names []string) {
	for _, n := range names {
		cs := C.CString(n)
		C.lookup(cs)
		C.free(unsafe.Pointer(cs))
	}
}

// Other C names are unknown: no crash, nothing reported.
func unknownNames() int {
	x := C.lookup(nil)
	var y C.int = x
	return int(y) + int(C.keep(nil))
}

func goString(s string) string {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return C.GoString(cs)
}
