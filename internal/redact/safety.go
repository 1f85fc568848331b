package redact

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// newRedactor prepares the literal secrets of one call: each secret of at
// least minSecretLen bytes, plus the spellings it takes inside a URL-encoded
// form, an XML document and a JSON string.
func newRedactor(secrets []string) *redactor {
	r := &redactor{}
	seen := map[string]bool{}
	add := func(s string) {
		if len(s) >= minSecretLen && !seen[s] {
			seen[s] = true
			r.needles = append(r.needles, []byte(s))
		}
	}
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		add(s)
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
		add(xmlEscape(s))
		add(jsonEscape(s, true))
		add(jsonEscape(s, false))
	}
	slices.SortFunc(r.needles, func(a, b []byte) int { return len(b) - len(a) })
	return r
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// jsonEscape returns s as it appears between the quotes of a JSON string.
func jsonEscape(s string, html bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return s
	}
	out := bytes.TrimSpace(buf.Bytes())
	return string(out[1 : len(out)-1])
}

// secrets replaces every literal secret in b with Masked.
func (r *redactor) secrets(b []byte) []byte {
	for _, n := range r.needles {
		if bytes.Contains(b, n) {
			b = bytes.ReplaceAll(b, n, []byte(Masked))
		}
	}
	return b
}

// net is the safety net: literal secrets, then Luhn-valid card numbers.
func (r *redactor) net(b []byte) []byte {
	return maskCardNumbers(r.secrets(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// maskCardNumbers masks, in a copy of b, every run of 13 to 19 digits that
// passes the Luhn check to its first 6 and last 4 digits. A run may be
// grouped by single spaces or dashes ("4355 0843 5508 4358"); when a grouped
// run is longer than 19 digits (a card number followed by an expiry and a
// CVV), every window of consecutive groups is checked.
func maskCardNumbers(b []byte) []byte {
	var out []byte // allocated on the first change
	for i := 0; i < len(b); {
		if !isDigit(b[i]) {
			i++
			continue
		}
		// groups holds [start, end) of each digit block of the run.
		var groups [][2]int
		j := i
		for {
			k := j
			for k < len(b) && isDigit(b[k]) {
				k++
			}
			groups = append(groups, [2]int{j, k})
			if k+1 < len(b) && (b[k] == ' ' || b[k] == '-') && isDigit(b[k+1]) {
				j = k + 1
				continue
			}
			j = k
			break
		}
		for first := range groups {
			digits := 0
			for last := first; last < len(groups); last++ {
				digits += groups[last][1] - groups[last][0]
				if digits > 19 {
					break
				}
				if digits < 13 || !luhn(b, groups[first:last+1]) {
					continue
				}
				if out == nil {
					out = slices.Clone(b)
				}
				maskGroups(out, groups[first:last+1], digits)
			}
		}
		i = j
	}
	if out == nil {
		return b
	}
	return out
}

// luhn runs the Luhn check over the digits of groups in b.
func luhn(b []byte, groups [][2]int) bool {
	sum, double := 0, false
	for g := len(groups) - 1; g >= 0; g-- {
		for k := groups[g][1] - 1; k >= groups[g][0]; k-- {
			d := int(b[k] - '0')
			if double {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
	}
	return sum%10 == 0
}

// maskGroups replaces all but the first 6 and last 4 of the n digits of
// groups in out with '*'.
func maskGroups(out []byte, groups [][2]int, n int) {
	i := 0
	for _, g := range groups {
		for k := g[0]; k < g[1]; k++ {
			if i >= 6 && i < n-4 {
				out[k] = '*'
			}
			i++
		}
	}
}
