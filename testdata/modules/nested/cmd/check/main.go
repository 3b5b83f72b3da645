package main

import "example.com/mono/tools/lint"

func main() { lint.Run() }
