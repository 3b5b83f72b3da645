module example.com/mono

go 1.21

require example.com/mono/tools v0.0.0

replace example.com/mono/tools => ./tools
