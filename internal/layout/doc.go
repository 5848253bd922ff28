// Package layout holds no code, only a test that keeps the module's import graph the
// shape ARCHITECTURE.md draws: cmd → stages → bus → event, no stage importing another,
// and each third-party engine client behind the one package that owns it.
package layout
