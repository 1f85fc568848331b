package payfor

import (
	"crypto/rand"
	"net/url"
	"slices"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/hashx"
)

// The hashes of payfor.md §6.
//
// Request (every 3-D Secure form): Base64(SHA-1) of the plain
// concatenation MbrId + OrderId + PurchAmount + OkUrl + FailUrl + TxnType +
// InstallmentCount + Rnd + MerchantPass, values exactly as posted.
//
// Callback (ResponseHash): the plain concatenation MerchantId +
// MerchantPass + OrderId + AuthCode + ProcReturnCode + 3DStatus +
// ResponseRnd + UserCode, digested with SHA-1 or SHA-256 as the merchant's
// hash setting says (§12.3: HashType "Sha1" and 28 Base64 characters, or
// no HashType and 44 characters for SHA-256), Base64-encoded.

// requestHash returns the Hash of a 3-D Secure form.
func requestHash(f url.Values, merchantPass string) string {
	plain := f.Get("MbrId") + f.Get("OrderId") + f.Get("PurchAmount") + f.Get("OkUrl") + f.Get("FailUrl") +
		f.Get("TxnType") + f.Get("InstallmentCount") + f.Get("Rnd") + merchantPass
	return hashx.Base64(hashx.SHA1([]byte(plain)))
}

// The digests a ResponseHash may use.
const (
	digestSHA1   = "sha1"
	digestSHA256 = "sha256"
)

// responsePlain returns the plaintext of a callback's ResponseHash.
func (cfg *Config) responsePlain(form url.Values) string {
	return cfg.MerchantID + cfg.MerchantPass + form.Get("OrderId") + form.Get("AuthCode") +
		form.Get("ProcReturnCode") + form.Get("3DStatus") + form.Get("ResponseRnd") + cfg.UserCode
}

// responseHash returns the ResponseHash of form with digest.
func (cfg *Config) responseHash(form url.Values, digest string) string {
	plain := []byte(cfg.responsePlain(form))
	if digest == digestSHA256 {
		return hashx.Base64(hashx.SHA256(plain))
	}
	return hashx.Base64(hashx.SHA1(plain))
}

// digestOf returns the digest a callback's ResponseHash uses: the one its
// HashType names ("Sha1", "Sha256"; case and a dash ignored), else the one
// of the hash's length (28 Base64 characters SHA-1, 44 SHA-256). ok is false
// for an unknown HashType or length.
func digestOf(hashType, hash string) (string, bool) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(hashType)), "-", "") {
	case "sha1":
		return digestSHA1, true
	case "sha256":
		return digestSHA256, true
	case "":
		switch len(hash) {
		case 28:
			return digestSHA1, true
		case 44:
			return digestSHA256, true
		}
	}
	return "", false
}

// VerifyCallback checks the ResponseHash of a 3-D Secure callback the bank
// posted to the merchant's OkUrl or FailUrl (payfor.md §6, §12.3): Base64 of
// the SHA-1 (or, for merchants on the newer setting, SHA-256) of the
// Config's MerchantID and MerchantPass, the callback's OrderId, AuthCode,
// ProcReturnCode, 3DStatus and ResponseRnd, and the Config's UserCode. It
// judges the signature only, whatever 3DStatus or ProcReturnCode say, and
// compares in constant time.
//
// The signature binds the order, the payment result and the 3-D Secure
// outcome to this merchant; the bank signs no other field (amount,
// currency, RequestGuid, HostRefNum, ... are not covered).
//
// A missing or empty ResponseHash, a field posted more than once, an
// unknown HashType and a wrong hash are InvalidCallback *vpos.Errors.
func (cfg Config) VerifyCallback(form url.Values) error {
	if cfg.MerchantPass == "" {
		return badCallback("payfor: no MerchantPass to verify the callback with")
	}
	for _, v := range form {
		if len(v) > 1 {
			return badCallback("payfor: a callback field is posted more than once")
		}
	}
	got := form.Get("ResponseHash")
	if got == "" {
		return badCallback("payfor: callback ResponseHash is missing")
	}
	digest, ok := digestOf(form.Get("HashType"), got)
	if !ok {
		return badCallback("payfor: callback HashType or ResponseHash length is not SHA-1 or SHA-256")
	}
	if !hashx.Equal(got, cfg.responseHash(form, digest)) {
		return badCallback("payfor: callback ResponseHash does not match")
	}
	return nil
}

// SignCallback returns a copy of form signed as the bank signs callbacks:
// a ResponseRnd when it has none, the fields the hash covers that form
// lacks (MerchantID the Config's, the others empty, as the bank posts
// them), and the ResponseHash of the Config's
// credentials (SHA-256 when form's HashType says so; otherwise SHA-1, with
// HashType "Sha1" added when form has none). It is a test signer: it lets
// tests build well-signed callbacks that say what the test needs.
func (cfg Config) SignCallback(form url.Values) url.Values {
	out := make(url.Values, len(form)+3)
	for k, v := range form {
		if k != "ResponseHash" {
			out[k] = slices.Clone(v)
		}
	}
	if out.Get("ResponseRnd") == "" {
		out.Set("ResponseRnd", "PF"+rand.Text()[:18])
	}
	// The bank posts every field the hash covers, empty when unused.
	if _, ok := out["MerchantID"]; !ok {
		if _, ok := out["MerchantId"]; !ok {
			out.Set("MerchantID", cfg.MerchantID)
		}
	}
	for _, k := range []string{"OrderId", "AuthCode", "ProcReturnCode", "3DStatus"} {
		if _, ok := out[k]; !ok {
			out.Set(k, "")
		}
	}
	digest, ok := digestOf(out.Get("HashType"), "")
	if !ok {
		digest = digestSHA1
	}
	if _, has := out["HashType"]; !has {
		out.Set("HashType", "Sha1")
	}
	out.Set("ResponseHash", cfg.responseHash(out, digest))
	return out
}

// badCallback returns an InvalidCallback error.
func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Msg: msg}
}
