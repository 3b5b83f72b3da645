//go:build linux &&

package pkg
