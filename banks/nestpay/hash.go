package nestpay

import (
	"net/url"
	"slices"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
)

// The 3-D Secure hashes (nestpay.md §7).
//
// ver3: every posted field but "hash"/"HASH" and "encoding" (and, on
// callbacks, Ziraat's "nationalidno"), sorted by name in PHP's natural,
// case-insensitive order (ksort SORT_NATURAL|SORT_FLAG_CASE, the order of
// Payten's own sample and of mewebstudio/pos); the values, then the store
// key, each escaped ("\" to "\\", then "|" to "\|") and joined by "|";
// Base64 of the SHA-512 of the UTF-8 bytes.
//
// legacy: Base64(SHA-1) of a plain concatenation: clientid, oid, amount,
// okUrl, failUrl, islemtipi, taksit, rnd, store key on requests; the
// fields the callback's HASHPARAMS names, then the store key, on callbacks.

// hashExcluded reports whether a field stays out of a ver3 hash.
func hashExcluded(name string) bool {
	return strings.EqualFold(name, "hash") || strings.EqualFold(name, "encoding") ||
		strings.EqualFold(name, "nationalidno")
}

// ver3Escaper escapes one element of a ver3 plaintext: backslash first,
// then the separator (nestpay.md §7.1 step 4).
var ver3Escaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`)

// ver3Plain returns the ver3 plaintext of fields. A field with several
// values contributes its first.
func ver3Plain(fields url.Values, storeKey string) string {
	names := make([]string, 0, len(fields))
	size := len(storeKey)
	for k, v := range fields {
		if hashExcluded(k) {
			continue
		}
		names = append(names, k)
		if len(v) > 0 {
			size += len(v[0]) + 1
		}
	}
	slices.SortFunc(names, natCaseCompare)
	var b strings.Builder
	b.Grow(size + 8)
	for _, k := range names {
		if v := fields[k]; len(v) > 0 {
			_, _ = ver3Escaper.WriteString(&b, v[0])
		}
		b.WriteByte('|')
	}
	_, _ = ver3Escaper.WriteString(&b, storeKey)
	return b.String()
}

// ver3Hash returns the ver3 hash of fields.
func ver3Hash(fields url.Values, storeKey string) string {
	return hashx.Base64(hashx.SHA512([]byte(ver3Plain(fields, storeKey))))
}

// legacyRequestHash returns the SHA-1 hash of a gate form (nestpay.md §7.2).
func legacyRequestHash(f url.Values, storeKey string) string {
	plain := f.Get("clientid") + f.Get("oid") + f.Get("amount") + f.Get("okUrl") + f.Get("failUrl") +
		f.Get("islemtipi") + f.Get("taksit") + f.Get("rnd") + storeKey
	return hashx.Base64(hashx.SHA1([]byte(plain)))
}

// legacyCallbackHash returns the SHA-1 hash of a callback over the fields
// its HASHPARAMS names.
func legacyCallbackHash(form url.Values, params, storeKey string) string {
	return hashx.Base64(hashx.SHA1([]byte(hashx.ConcatFields(params, ":", form.Get) + storeKey)))
}

// natCaseCompare orders field names as PHP's strnatcasecmp does: runs of
// digits compare by value (leading zeros skipped at the start, runs that
// start with 0 compare left-aligned), white space is skipped, letters
// compare upper-cased (so "_" sorts after the letters). Names that compare
// equal are ordered bytewise, for a stable result.
func natCaseCompare(a, b string) int {
	if c := natCompare(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func natCompare(a, b string) int {
	if a == "" || b == "" {
		switch {
		case len(a) == len(b):
			return 0
		case len(a) > len(b):
			return 1
		}
		return -1
	}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' }
	at := func(s string, i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	i, j := 0, 0
	// Leading zeros of the whole string are skipped.
	for at(a, i) == '0' && i+1 < len(a) && isDigit(a[i+1]) {
		i++
	}
	for at(b, j) == '0' && j+1 < len(b) && isDigit(b[j+1]) {
		j++
	}
	for {
		for isSpace(at(a, i)) {
			i++
		}
		for isSpace(at(b, j)) {
			j++
		}
		ca, cb := at(a, i), at(b, j)
		if isDigit(ca) && isDigit(cb) {
			var r int
			if ca == '0' || cb == '0' {
				r, i, j = compareLeft(a, i, b, j)
			} else {
				r, i, j = compareRight(a, i, b, j)
			}
			switch {
			case r != 0:
				return r
			case i >= len(a) && j >= len(b):
				return 0
			case i >= len(a):
				return -1
			case j >= len(b):
				return 1
			}
			ca, cb = a[i], b[j]
		}
		ca, cb = upper(ca), upper(cb)
		switch {
		case ca < cb:
			return -1
		case ca > cb:
			return 1
		}
		i++
		j++
		switch {
		case i >= len(a) && j >= len(b):
			return 0
		case i >= len(a):
			return -1
		case j >= len(b):
			return 1
		}
	}
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// compareRight compares two right-aligned digit runs: the longer run is
// the larger; for runs of the same length the first difference decides.
func compareRight(a string, i int, b string, j int) (int, int, int) {
	bias := 0
	for ; ; i, j = i+1, j+1 {
		da := i < len(a) && '0' <= a[i] && a[i] <= '9'
		db := j < len(b) && '0' <= b[j] && b[j] <= '9'
		switch {
		case !da && !db:
			return bias, i, j
		case !da:
			return -1, i, j
		case !db:
			return 1, i, j
		case a[i] < b[j] && bias == 0:
			bias = -1
		case a[i] > b[j] && bias == 0:
			bias = 1
		}
	}
}

// compareLeft compares two left-aligned digit runs (fractional parts):
// the first difference decides.
func compareLeft(a string, i int, b string, j int) (int, int, int) {
	for ; ; i, j = i+1, j+1 {
		da := i < len(a) && '0' <= a[i] && a[i] <= '9'
		db := j < len(b) && '0' <= b[j] && b[j] <= '9'
		switch {
		case !da && !db:
			return 0, i, j
		case !da:
			return -1, i, j
		case !db:
			return 1, i, j
		case a[i] < b[j]:
			return -1, i, j
		case a[i] > b[j]:
			return 1, i, j
		}
	}
}

// legacyRequired are the fields a legacy callback's HASHPARAMS must name:
// without them the SHA-1 signature would not bind the order and the 3-D
// Secure outcome (and, when the callback carries them, the payment result).
var (
	legacyRequired       = []string{"clientid", "oid", "mdStatus"}
	legacyResultRequired = []string{"Response", "ProcReturnCode", "AuthCode"}
)

// legacyOptional are the fields a legacy HASHPARAMS may name although the
// callback does not carry them (a failed authentication has no cavv, eci
// or payment result).
var legacyOptional = []string{"cavv", "eci", "md", "xid", "AuthCode", "ProcReturnCode", "Response"}

// checkHashParams judges a legacy callback's HASHPARAMS, which the SHA-1
// signature does not cover: it must name clientid, oid and mdStatus, and
// Response, ProcReturnCode and AuthCode when the callback carries them;
// every name must be a field the callback carries or one that may be
// absent; and HASHPARAMSVAL, when posted, must be the concatenation it
// describes.
func checkHashParams(form url.Values, params string) error {
	names := strings.Split(params, ":")
	for _, n := range legacyRequired {
		if !slices.Contains(names, n) {
			return badCallback("nestpay: legacy callback HASHPARAMS does not cover " + n)
		}
	}
	for _, n := range legacyResultRequired {
		if form.Get(n) != "" && !slices.Contains(names, n) {
			return badCallback("nestpay: legacy callback HASHPARAMS does not cover " + n)
		}
	}
	for _, n := range names {
		if _, ok := form[n]; n != "" && !ok && !slices.Contains(legacyOptional, n) {
			return badCallback("nestpay: legacy callback HASHPARAMS names a field the callback does not carry")
		}
	}
	if vals, ok := form["HASHPARAMSVAL"]; ok && (len(vals) != 1 || vals[0] != hashx.ConcatFields(params, ":", form.Get)) {
		return badCallback("nestpay: legacy callback HASHPARAMSVAL does not match its fields")
	}
	return nil
}

// VerifyCallback checks the signature of a 3-D Secure callback the bank
// posted to the merchant's okUrl or failUrl. It judges the signature only,
// whatever mdStatus or the payment fields say, and compares in constant
// time.
//
// With the ver3 hash the signature ("HASH"; the name is matched without
// regard to case) covers every posted field but HASH, encoding and
// nationalidno (Ziraat adds it unsigned; Payten confirmed it stays out of
// the hash), missing values counting as empty. With the legacy hash it
// covers the fields HASHPARAMS names, which must include clientid, oid and
// mdStatus, and Response, ProcReturnCode and AuthCode whenever the callback
// carries them, and name no field the callback lacks but one that may be
// absent (cavv, eci, ...); HASHPARAMSVAL, when posted, must match. Fields
// outside HASHPARAMS are not signed under the legacy scheme.
//
// A missing or empty signature, a field posted twice, or a wrong signature
// is an InvalidCallback *vpos.Error.
func (cfg Config) VerifyCallback(form url.Values) error {
	if cfg.StoreKey == "" {
		return badCallback("nestpay: no store key to verify the callback with")
	}
	var got string
	found := 0
	for k, v := range form {
		if len(v) > 1 {
			return badCallback("nestpay: a callback field is posted more than once")
		}
		if strings.EqualFold(k, "hash") {
			found++
			if len(v) == 1 {
				got = v[0]
			}
		}
	}
	switch {
	case found > 1:
		return badCallback("nestpay: callback hash is posted more than once")
	case found == 0 || got == "":
		return badCallback("nestpay: callback hash is missing")
	}
	var want string
	if cfg.legacy() {
		params := form.Get("HASHPARAMS")
		if params == "" {
			return badCallback("nestpay: legacy callback has no HASHPARAMS")
		}
		if err := checkHashParams(form, params); err != nil {
			return err
		}
		want = legacyCallbackHash(form, params, cfg.StoreKey)
	} else {
		want = ver3Hash(form, cfg.StoreKey)
	}
	if !hashx.Equal(got, want) {
		return badCallback("nestpay: callback hash does not match")
	}
	return nil
}

// SignCallback returns a copy of form signed with the Config's store key
// (with its HASHPARAMS list for the legacy hash; a form without one gets
// the bank's list for its storetype). It is a test signer: it lets tests
// build well-signed callbacks that say what the test needs, as the bank
// would sign them.
func (cfg Config) SignCallback(form url.Values) url.Values {
	out := make(url.Values, len(form)+3)
	for k, v := range form {
		if !strings.EqualFold(k, "hash") {
			out[k] = slices.Clone(v)
		}
	}
	if cfg.legacy() {
		params := out.Get("HASHPARAMS")
		if params == "" {
			params = "clientid:oid:mdStatus:cavv:eci:md:rnd:"
			if out.Get("Response") != "" || out.Get("ProcReturnCode") != "" {
				params = "clientid:oid:AuthCode:ProcReturnCode:Response:mdStatus:cavv:eci:md:rnd:"
			}
			out.Set("HASHPARAMS", params)
		}
		out.Set("HASHPARAMSVAL", hashx.ConcatFields(params, ":", out.Get))
		out.Set("HASH", legacyCallbackHash(out, params, cfg.StoreKey))
		return out
	}
	out.Set("HASH", ver3Hash(out, cfg.StoreKey))
	return out
}

// badCallback returns an InvalidCallback error.
func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Msg: msg}
}
