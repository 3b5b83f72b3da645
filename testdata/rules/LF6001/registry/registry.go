// Package registry fills its maps at start-up only: registries, init code and sync.Once.
package registry

import (
	"net/http"
	"reflect"
	"sync"
)

// Drivers register themselves from their init functions.
var drivers = map[string]func() any{}

func Register(name string, f func() any) { drivers[name] = f }

func MustRegister(name string, f func() any) {
	if f == nil {
		panic("nil driver")
	}
	drivers[name] = f
}

func Open(name string) any { return drivers[name]() }

// Filled by init through an unexported helper nobody else calls.
var codecs = map[string]string{}

func init() {
	addCodec("json", "application/json")
	addCodec("xml", "application/xml")
}

func addCodec(name, mime string) { codecs[name] = mime }

func Mime(name string) string { return codecs[name] }

// Filled once, lazily, under a sync.Once: the first request's host is remembered, later ones are not.
var (
	once    sync.Once
	aliases map[string]string
)

func Alias(r *http.Request) string {
	once.Do(func() {
		aliases = map[string]string{}
		aliases[r.Host] = "self"
	})
	return aliases[r.Host]
}

// Keyed by type: a program has finitely many.
var fieldsByType = map[reflect.Type][]string{}

func Fields(r *http.Request, v any) []string {
	t := reflect.TypeOf(r).Elem()
	if f, ok := fieldsByType[t]; ok {
		return f
	}
	var f []string
	for i := 0; i < t.NumField(); i++ {
		f = append(f, t.Field(i).Name)
	}
	fieldsByType[t] = f
	return f
}

// Exported maps may be pruned by importers.
var Handlers = map[string]func(){}

func Handle(r *http.Request, f func()) { Handlers[r.URL.Path] = f }
