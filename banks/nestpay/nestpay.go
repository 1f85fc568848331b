package nestpay

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Protocol is the protocol name the provider declares in Features.
const Protocol = "nestpay"

// The hash versions a Config may name (nestpay.md §7).
const (
	// HashVer3 is the current "ver3" hash: Base64(SHA-512) over every form
	// field, sorted by name, escaped and joined by "|", store key last. It
	// is the default and has been mandatory at Payten since 31 July 2024.
	HashVer3 = "ver3"
	// HashLegacy is the deprecated SHA-1 hash ("ver1"): a fixed field list
	// on the request, the HASHPARAMS list on the callback. Only for
	// merchants the bank has not moved to ver3 yet. "ver1" is accepted as
	// another spelling.
	HashLegacy = "legacy"
)

// DefaultCurrencies returns the currencies a Config without Currencies
// accepts: those nestpay.md §3 lists (TRY, USD, EUR, GBP, JPY, RUB).
func DefaultCurrencies() []vpos.Currency {
	return []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB}
}

// MaxInstallments is the largest installment count (Taksit) sent.
const MaxInstallments = 12

// Config holds one merchant's NestPay credentials and endpoint. The zero
// values of the optional fields mean: ver3 hash, Turkish bank pages, the 3d
// model as the default, all four 3-D Secure models, DefaultCurrencies().
type Config struct {
	// ClientID is the store number (mağaza kodu, "clientid"), digits.
	ClientID string
	// User and Password are the API user's name and password ("Name",
	// "Password" of every API request).
	User     string
	Password string
	// StoreKey is the 3-D Secure secret (üye işyeri anahtarı). It is never
	// sent; it only keys the form and callback hashes.
	StoreKey string
	// Endpoint is the bank's service: one of the predefined values
	// (IsbankProd, ZiraatTest, ...) or explicit URLs.
	Endpoint Endpoint
	// HashVersion is HashVer3 ("" means HashVer3) or HashLegacy.
	HashVersion string
	// Lang is the language of the bank's 3-D Secure pages, "tr" (default)
	// or "en"; a ThreeDRequest's Lang overrides it.
	Lang string
	// StoreType is the default 3-D Secure model (storetype) for a
	// ThreeDRequest that names none; empty means threed.Model3D.
	StoreType threed.Model
	// Models restricts the 3-D Secure models offered (the ones the bank
	// enabled for the store); nil means all four.
	Models []threed.Model
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies().
	Currencies []vpos.Currency
}

// String describes the Config without its secrets: the password and the
// store key are masked.
func (cfg Config) String() string {
	return fmt.Sprintf("nestpay.Config{ClientID:%s User:%s Password:%s StoreKey:%s Endpoint:%s HashVersion:%s}",
		cfg.ClientID, cfg.User, check.Mask(cfg.Password), check.Mask(cfg.StoreKey), cfg.Endpoint.API, cfg.hashVersion())
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the secrets are masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", cfg.ClientID), slog.String("user", cfg.User),
		slog.String("password", check.Mask(cfg.Password)), slog.String("store_key", check.Mask(cfg.StoreKey)),
		slog.String("api", cfg.Endpoint.API), slog.String("hash_version", cfg.hashVersion()))
}

// hashVersion returns the normalised hash version.
func (cfg Config) hashVersion() string {
	if cfg.legacy() {
		return HashLegacy
	}
	return HashVer3
}

// legacy reports whether the Config uses the SHA-1 hash.
func (cfg Config) legacy() bool {
	switch strings.ToLower(strings.TrimSpace(cfg.HashVersion)) {
	case HashLegacy, "ver1":
		return true
	}
	return false
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.StoreKey", ...). It never
// echoes a secret.
func (cfg Config) Validate() error {
	switch {
	case strings.TrimSpace(cfg.ClientID) == "":
		return vpos.InvalidField("Config.ClientID", "is empty")
	case strings.ContainsAny(cfg.ClientID, " \t\r\n<>&\"'"):
		return vpos.InvalidField("Config.ClientID", "holds spaces or XML special characters")
	case strings.TrimSpace(cfg.User) == "":
		return vpos.InvalidField("Config.User", "is empty")
	case cfg.Password == "":
		return vpos.InvalidField("Config.Password", "is empty")
	case cfg.StoreKey == "":
		return vpos.InvalidField("Config.StoreKey", "is empty")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.API):
		return vpos.InvalidField("Config.Endpoint.API", "must be an absolute http or https URL")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.Gate3D):
		return vpos.InvalidField("Config.Endpoint.Gate3D", "must be an absolute http or https URL")
	case cfg.Endpoint.HostedGate3D != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.HostedGate3D):
		return vpos.InvalidField("Config.Endpoint.HostedGate3D", "must be an absolute http or https URL")
	}
	switch strings.ToLower(strings.TrimSpace(cfg.HashVersion)) {
	case "", HashVer3, HashLegacy, "ver1":
	default:
		return vpos.InvalidField("Config.HashVersion", fmt.Sprintf("%q is not %q or %q", cfg.HashVersion, HashVer3, HashLegacy))
	}
	switch cfg.Lang {
	case "", "tr", "en":
	default:
		return vpos.InvalidField("Config.Lang", fmt.Sprintf("%q is not \"tr\" or \"en\"", cfg.Lang))
	}
	if cfg.StoreType != "" && !cfg.StoreType.Valid() {
		return vpos.InvalidField("Config.StoreType", fmt.Sprintf("%q is not a 3-D Secure model", string(cfg.StoreType)))
	}
	for _, m := range cfg.Models {
		if !m.Valid() {
			return vpos.InvalidField("Config.Models", fmt.Sprintf("%q is not a 3-D Secure model", string(m)))
		}
	}
	if cfg.StoreType != "" && cfg.Models != nil && !slices.Contains(cfg.Models, cfg.StoreType) {
		return vpos.InvalidField("Config.StoreType", "is not among Config.Models")
	}
	for _, c := range cfg.Currencies {
		if c.Numeric() == 0 {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q is not a known ISO 4217 currency", string(c)))
		}
	}
	return nil
}

// models returns the 3-D Secure models offered, the default first.
func (cfg Config) models() []threed.Model {
	all := cfg.Models
	if all == nil {
		all = threed.Models()
	}
	def := cfg.StoreType
	if def == "" {
		def = threed.Model3D
	}
	return threed.DefaultFirst(all, def)
}

// lang returns the page language for a request that asks for want.
func (cfg Config) lang(want string) string {
	switch want = strings.ToLower(strings.TrimSpace(want)); want {
	case "tr", "en":
		return want
	}
	if cfg.Lang != "" {
		return cfg.Lang
	}
	return "tr"
}

// Provider speaks NestPay to one merchant's bank. It implements
// vpos.Provider, vpos.PreAuthorizer, vpos.Reporter (order history) and
// vpos.ThreeDSecurer; build it with New, or use Open for a ready Client. It
// is safe for concurrent use.
type Provider struct {
	cfg  Config
	tr   *vpos.Transport
	feat vpos.Features
}

// Compile-time checks of the interfaces Features declares.
var (
	_ vpos.Provider      = (*Provider)(nil)
	_ vpos.PreAuthorizer = (*Provider)(nil)
	_ vpos.Reporter      = (*Provider)(nil)
	_ vpos.ThreeDSecurer = (*Provider)(nil)
)

// New validates cfg and returns a Provider whose Transport is built from
// opts (nil means defaults) and masks the password and store key wherever
// they could appear in recorded traffic.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.Password, cfg.StoreKey)
	if err != nil {
		return nil, err
	}
	curs := slices.Clone(cfg.Currencies)
	if curs == nil {
		curs = DefaultCurrencies()
	}
	return &Provider{cfg: cfg, tr: tr, feat: vpos.Features{
		Protocol:        Protocol,
		ThreeD:          cfg.models(),
		PreAuth:         true,
		PartialCapture:  true,
		PartialRefund:   true,
		MultipleRefunds: true,
		Installments:    true,
		MaxInstallments: MaxInstallments,
		Currencies:      curs,
		History:         false, // NestPay has no date-range query (nestpay.md §4)
		OrderHistory:    true,
		MOTO:            false, // nestpay.md documents no MOTO flag
	}}, nil
}

// Open returns a Client over a new Provider: New followed by
// vpos.NewClient with the same opts.
func Open(cfg Config, opts *vpos.Options) (*vpos.Client, error) {
	p, err := New(cfg, opts)
	if err != nil {
		return nil, err
	}
	return vpos.NewClient(p, opts), nil
}

// Features declares what NestPay offers: the 3-D Secure models of the
// Config (all four by default, its StoreType first), pre-authorisation with
// full and partial capture, full, partial and multiple refunds, up to 12
// installments, the Config's currencies and order history. It declares no
// date-range History (the protocol has none) and no MOTO.
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}
