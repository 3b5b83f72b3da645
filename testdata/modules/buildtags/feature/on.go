//go:build fancy

package feature

const name = "fancy"
