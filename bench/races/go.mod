module racebench

go 1.19
