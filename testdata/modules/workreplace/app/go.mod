module example.com/wapp

go 1.21

require example.com/lib v1.0.0

replace example.com/lib => ../lib-absent
