module example.com/forked

go 1.16

require github.com/Acme/tool v1.4.0

// The fork at another module path and version replaces exactly the required version; a replace of a version
// not required has no effect.
replace github.com/Acme/tool v1.4.0 => github.com/fork/tool v1.5.1

replace github.com/Acme/tool v1.3.0 => ./nowhere
