package returncodes

import "strings"

// Table maps the raw values of one field of one bank to codes, e.g. NestPay
// ERRORCODE or PayFor ProcReturnCode. Bank packages declare one Table per
// field, because the same raw value means different things in different
// fields and banks (returncodes.md §0 rule 2).
type Table map[string]Code

// Lookup returns the Code for raw. Keys match exactly after surrounding
// spaces are trimmed from raw; letter case matters. On a miss (or a nil
// Table) it returns ("", false) and the caller decides the fallback, e.g.
// [ISOCode] for fields that carry issuer codes or [DoNotHonor] as unmapped.
func (t Table) Lookup(raw string) (Code, bool) {
	c, ok := t[raw]
	if !ok {
		c, ok = t[strings.TrimSpace(raw)]
	}
	return c, ok
}
