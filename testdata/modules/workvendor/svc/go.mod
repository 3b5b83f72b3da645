module example.com/wsvc

go 1.22

require github.com/acme/widget v1.2.0
