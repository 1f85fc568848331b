package terminals

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sanalpos/vpos/banks"
)

// Lookup errors of a Registry; match them with errors.Is.
var (
	// ErrUnknownCompany: no company of that name is defined.
	ErrUnknownCompany = errors.New("terminals: unknown company")
	// ErrUnknownPOS: the company has no POS of that name.
	ErrUnknownPOS = errors.New("terminals: unknown POS")
	// ErrNoDefault: the company names no default POS for the currency.
	ErrNoDefault = errors.New("terminals: no default POS")
	// ErrNoFile: Reload or Watch on a Registry built from Go values.
	ErrNoFile = errors.New("terminals: the registry has no definitions file; use Replace")
)

// ValidationError lists every problem of a definitions file or Config,
// each with its path (companies[ACME].pos[isbank-1].credentials.store_key)
// or YAML line, and what is expected. It never holds a secret value.
type ValidationError struct {
	// Problems are the problems in file order.
	Problems []banks.Problem
}

// Error lists the problems, one per line after a summary line:
//
//	terminals: invalid definitions (2 problems):
//	  companies[ACME].pos[isbank-1].credentials.store_key: missing; ...
//	  companies[ACME].pos[isbank-1].source_ip: "10.0.0.300" is not an IP address
func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		b.WriteString("terminals: invalid definitions (1 problem):")
	} else {
		fmt.Fprintf(&b, "terminals: invalid definitions (%d problems):", n)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
