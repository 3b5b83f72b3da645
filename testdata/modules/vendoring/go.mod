module example.com/vend

go 1.21

require github.com/acme/widget v1.2.0
