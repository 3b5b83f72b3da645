module github.com/fork/tool

go 1.20

require example.org/Retry v0.2.0
