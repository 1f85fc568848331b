package garanti

import (
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
)

// The formulas of garanti.md §6. Every value is hashed as its UTF-8 bytes,
// exactly as sent; the worked examples of garanti.md §9 are the unit tests.

// securityData is UPPER(HEX(SHA1(password + terminal id left-padded with
// zeros to 9 digits))) (garanti.md §6.1). It is password-equivalent: never
// sent, never logged.
func securityData(password, terminalID string) string {
	tid := terminalID
	if len(tid) < 9 {
		tid = strings.Repeat("0", 9-len(tid)) + tid
	}
	return hashx.HexUpper(hashx.SHA1([]byte(password + tid)))
}

// hashData is the GVPSRequest Terminal/HashData (garanti.md §6.2, §6.3):
// upper-case hex of SHA-512 over OrderID + TerminalID + CardNumber + Amount
// + CurrencyCode + SecurityData, or for the legacy scheme SHA-1 over the
// same without the currency. cardNumber is empty when the request has no
// Card; amount and currency are exactly as sent.
func hashData(legacy bool, orderID, terminalID, cardNumber, amount, currency, secData string) string {
	if legacy {
		return hashx.HexUpper(hashx.SHA1([]byte(orderID + terminalID + cardNumber + amount + secData)))
	}
	return hashx.HexUpper(hashx.SHA512([]byte(orderID + terminalID + cardNumber + amount + currency + secData)))
}

// secure3DHash is the 3-D Secure form's secure3dhash (garanti.md §6.2,
// §6.3): upper-case hex of SHA-512 over terminalid + orderid + txnamount +
// txncurrencycode + successurl + errorurl + txntype + txninstallmentcount +
// storekey + SecurityData, or SHA-1 over the same without the currency.
func secure3DHash(legacy bool, f url.Values, storeKey, secData string) string {
	plain := f.Get("terminalid") + f.Get("orderid") + f.Get("txnamount")
	if !legacy {
		plain += f.Get("txncurrencycode")
	}
	plain += f.Get("successurl") + f.Get("errorurl") + f.Get("txntype") + f.Get("txninstallmentcount") + storeKey + secData
	if legacy {
		return hashx.HexUpper(hashx.SHA1([]byte(plain)))
	}
	return hashx.HexUpper(hashx.SHA512([]byte(plain)))
}

// callbackHash is the hash a callback must carry (garanti.md §6.2, §6.3):
// the values of the fields hashparams names, concatenated, then the store
// key; upper-case hex SHA-512, or Base64 SHA-1 for the legacy scheme.
func callbackHash(legacy bool, form url.Values, storeKey string) string {
	plain := hashx.ConcatFields(form.Get("hashparams"), ":", form.Get) + storeKey
	if legacy {
		return hashx.Base64(hashx.SHA1([]byte(plain)))
	}
	return hashx.HexUpper(hashx.SHA512([]byte(plain)))
}

// VerifyCallback checks the signature of a 3-D Secure callback form the
// bank posted to the merchant (garanti.md §6.2): the values of the fields
// listed in hashparams, concatenated, followed by the store key, hashed with
// the Config's scheme (upper-case hex SHA-512, or Base64 SHA-1 for the
// legacy scheme) and compared in constant time with "hash". Every field
// hashparams names must be present (empty is fine), and when the callback
// also carries hashparamsval it must be exactly those values. It judges
// the signature only (not mdstatus, not the payment result). A missing,
// empty or repeated hash or hashparams is an InvalidCallback *vpos.Error;
// so is a wrong one. Of the Config it uses only StoreKey and HashVersion.
func (cfg Config) VerifyCallback(form url.Values) error {
	hashes, params := form["hash"], form["hashparams"]
	switch {
	case cfg.StoreKey == "":
		return badCallback("garanti: no store key to verify the callback with")
	case len(hashes) == 0 || hashes[0] == "":
		return badCallback("garanti: callback hash is missing")
	case len(hashes) > 1:
		return badCallback("garanti: callback hash is repeated")
	case len(params) == 0 || strings.Trim(params[0], ":") == "":
		return badCallback("garanti: callback hashparams is missing")
	case len(params) > 1:
		return badCallback("garanti: callback hashparams is repeated")
	}
	for name := range strings.SplitSeq(params[0], ":") {
		if name == "" {
			continue
		}
		// The bank posts every field it signs, empty or not: a missing one
		// (or a name that was slipped into hashparams) hashes like an empty
		// value, so it must be refused here.
		switch v, ok := form[name]; {
		case !ok:
			return badCallback("garanti: a field hashparams names is missing from the callback")
		case len(v) > 1:
			return badCallback("garanti: a signed callback field is repeated")
		}
	}
	got := hashes[0]
	if !cfg.legacy() {
		got = strings.ToUpper(got)
	}
	if !hashx.Equal(got, callbackHash(cfg.legacy(), form, cfg.StoreKey)) {
		return badCallback("garanti: callback hash does not match")
	}
	if vals, ok := form["hashparamsval"]; ok {
		plain := concatSigned(form)
		if len(vals) != 1 || !hashx.Equal(vals[0], plain) {
			return badCallback("garanti: callback hashparamsval does not match the signed fields")
		}
	}
	return nil
}

func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Msg: msg}
}

// concatSigned is the concatenation of the values of the fields hashparams
// names: what hashparamsval carries.
func concatSigned(form url.Values) string {
	return hashx.ConcatFields(form.Get("hashparams"), ":", form.Get)
}
