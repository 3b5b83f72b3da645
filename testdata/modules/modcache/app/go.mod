module example.com/usescache

go 1.21

require github.com/Acme/tool v1.4.0
