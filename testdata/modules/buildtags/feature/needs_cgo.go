package feature

// #include <stdlib.h>
import "C"

func cFree() {}
