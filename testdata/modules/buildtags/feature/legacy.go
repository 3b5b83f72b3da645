// +build ignore

package feature

this file is never built, so its syntax is never a problem
