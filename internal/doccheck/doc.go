// Package doccheck holds a test that keeps the module's public surface
// documented: every exported name in every non-test file of the module has a
// doc comment, and every package has a doc.go.
package doccheck
