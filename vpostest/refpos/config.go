package refpos

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
)

// Config holds the credentials and endpoint of one merchant at a bank that
// speaks the reference protocol.
type Config struct {
	// Endpoint is the bank's base URL ("http://127.0.0.1:41234" for a
	// NewBank); the API is at Endpoint+"/api" and the 3-D Secure gate at
	// Endpoint+"/3d/gate".
	Endpoint string
	// MerchantID identifies the merchant.
	MerchantID string
	// Password authenticates API requests.
	Password string
	// StoreKey signs 3-D Secure gate forms and callbacks.
	StoreKey string
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.Endpoint", ...). It never
// echoes the secrets.
func (cfg Config) Validate() error {
	switch {
	case strings.TrimSpace(cfg.Endpoint) == "":
		return vpos.InvalidField("Config.Endpoint", "is empty")
	case !absoluteHTTPURL(cfg.Endpoint):
		return vpos.InvalidField("Config.Endpoint", "must be an absolute http or https URL without query or fragment")
	case strings.TrimSpace(cfg.MerchantID) == "":
		return vpos.InvalidField("Config.MerchantID", "is empty")
	case cfg.Password == "":
		return vpos.InvalidField("Config.Password", "is empty")
	case cfg.StoreKey == "":
		return vpos.InvalidField("Config.StoreKey", "is empty")
	}
	return nil
}

func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && u.RawQuery == "" && u.Fragment == ""
}

// endpoint returns Endpoint without a trailing slash.
func (cfg Config) endpoint() string { return strings.TrimRight(cfg.Endpoint, "/") }

// sign returns the protocol's signature of form: base64 of HMAC-SHA256,
// keyed with the store key, over every field but "hash" in
// application/x-www-form-urlencoded form, sorted by name (url.Values.Encode
// writes exactly that).
func (cfg Config) sign(form url.Values) string {
	rest := make(url.Values, len(form))
	for k, v := range form {
		if k != "hash" {
			rest[k] = v
		}
	}
	mac := hmac.New(sha256.New, []byte(cfg.StoreKey))
	mac.Write([]byte(rest.Encode()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyCallback checks the signature of a 3-D Secure callback form the
// bank posted to the merchant. It judges the signature only (not
// md_status, not the payment result). A missing, empty, repeated or wrong
// "hash" is an InvalidCallback *vpos.Error; the comparison is constant
// time. It needs only StoreKey.
func (cfg Config) VerifyCallback(form url.Values) error {
	hashes := form["hash"]
	switch {
	case cfg.StoreKey == "":
		return badCallback("refpos: no store key to verify the callback with")
	case len(hashes) == 0 || hashes[0] == "":
		return badCallback("refpos: callback hash is missing")
	case len(hashes) > 1:
		return badCallback("refpos: callback hash is repeated")
	}
	want := cfg.sign(form)
	if !hmac.Equal([]byte(hashes[0]), []byte(want)) {
		return badCallback("refpos: callback hash does not match")
	}
	return nil
}

func badCallback(msg string) error {
	return &vpos.Error{Code: vpos.InvalidCallback, Op: vpos.OpComplete, Msg: msg}
}

// SignCallback returns a copy of form with its "hash" set to a valid
// signature: a test signer, for tests that need a well-signed callback
// saying something the bank never said (stripe-go ships the same for its
// webhooks).
func (cfg Config) SignCallback(form url.Values) url.Values {
	out := make(url.Values, len(form)+1)
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	out.Set("hash", cfg.sign(out))
	return out
}
