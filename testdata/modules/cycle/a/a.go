package a

import "example.com/cycle/b"

func A() { b.B() }
