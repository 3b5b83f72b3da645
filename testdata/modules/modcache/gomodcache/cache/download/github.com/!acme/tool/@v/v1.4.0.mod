module github.com/Acme/tool

go 1.19
