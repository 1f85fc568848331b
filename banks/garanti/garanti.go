package garanti

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
const Protocol = "garanti"

// The hash versions a Config may name (garanti.md §6).
const (
	// HashV512 is the current scheme, GVPSRequest Version and form
	// apiversion "512": upper-case hex SHA-512 for HashData, secure3dhash and
	// the callback hash, with the currency code in the request hashes. It is
	// the default.
	HashV512 = "512"
	// HashLegacy is the deprecated SHA-1 scheme (Version "v0.01"; "v0.00"
	// and "legacy" are accepted as other spellings): upper-case hex SHA-1
	// without the currency for HashData and secure3dhash, Base64 SHA-1 for
	// the callback hash. Only for terminals the bank has not moved to 512.
	HashLegacy = "v0.01"
)

// The provision users of garanti.md §2, used when Config leaves ProvUser or
// RefundUser empty.
const (
	// DefaultProvUser is the user of sales, pre-authorisations, captures and
	// queries.
	DefaultProvUser = "PROVAUT"
	// DefaultRefundUser is the user of voids and refunds.
	DefaultRefundUser = "PROVRFN"
)

// DefaultCurrencies are the currencies a Config without Currencies accepts:
// the CurrencyCode values garanti.md §3 lists (949, 840, 978, 826, 392, 643).
var DefaultCurrencies = []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB}

// MaxInstallments is the largest InstallmentCnt sent (garanti.md §3: "2".."12").
const MaxInstallments = 12

// Config holds one merchant's Garanti BBVA virtual POS credentials and
// endpoint. The zero values of the optional fields mean: PROVAUT and PROVRFN
// as the users, the "512" hash, Turkish bank pages, the 3d model as the
// default, both 3-D Secure models, DefaultCurrencies.
type Config struct {
	// MerchantID is the merchant number (İşyeri no, Terminal/MerchantID),
	// digits, e.g. "7000679".
	MerchantID string
	// TerminalID is the terminal number (Terminal/ID), up to 9 digits,
	// usually 8 ("30691298"); SecurityData pads it to 9.
	TerminalID string
	// ProvUser and ProvPassword are the provision user (PROVAUT when
	// ProvUser is empty) and its password, for sales, pre-authorisations,
	// captures, queries and 3-D Secure.
	ProvUser     string
	ProvPassword string
	// RefundUser and RefundPassword are the refund user (PROVRFN when
	// RefundUser is empty) and its password, for voids and refunds.
	RefundUser     string
	RefundPassword string
	// StoreKey is the 3-D Secure key (3D secure anahtarı). It is never sent;
	// it only keys the form and callback hashes.
	StoreKey string
	// Endpoint is the bank's service: TestEndpoint, ProductionEndpoint or
	// explicit URLs.
	Endpoint Endpoint
	// HashVersion is HashV512 ("" means HashV512) or HashLegacy.
	HashVersion string
	// Lang is the language of the bank's 3-D Secure pages, "tr" (default)
	// or "en"; a ThreeDRequest's Lang overrides it.
	Lang string
	// DefaultModel is the 3-D Secure model (secure3dsecuritylevel) for a
	// ThreeDRequest that names none: threed.Model3D (the default, "3D") or
	// threed.Model3DPay ("3D_PAY").
	DefaultModel threed.Model
	// Models restricts the 3-D Secure models offered (the ones the bank
	// enabled for the terminal); nil means both 3d and 3d_pay. Garanti's
	// hosted models are not supported (see the package documentation).
	Models []threed.Model
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies.
	Currencies []vpos.Currency
}

// String describes the Config without its secrets: the passwords and the
// store key are masked.
func (cfg Config) String() string {
	return fmt.Sprintf("garanti.Config{MerchantID:%s TerminalID:%s ProvUser:%s ProvPassword:%s RefundUser:%s RefundPassword:%s StoreKey:%s API:%s HashVersion:%s}",
		cfg.MerchantID, cfg.TerminalID, cfg.provUser(), check.Mask(cfg.ProvPassword), cfg.refundUser(), check.Mask(cfg.RefundPassword),
		check.Mask(cfg.StoreKey), cfg.Endpoint.API, cfg.version())
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the secrets are masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("merchant_id", cfg.MerchantID), slog.String("terminal_id", cfg.TerminalID),
		slog.String("prov_user", cfg.provUser()), slog.String("prov_password", check.Mask(cfg.ProvPassword)),
		slog.String("refund_user", cfg.refundUser()), slog.String("refund_password", check.Mask(cfg.RefundPassword)),
		slog.String("store_key", check.Mask(cfg.StoreKey)), slog.String("api", cfg.Endpoint.API),
		slog.String("hash_version", cfg.version()))
}

func (cfg Config) provUser() string {
	if cfg.ProvUser == "" {
		return DefaultProvUser
	}
	return cfg.ProvUser
}

func (cfg Config) refundUser() string {
	if cfg.RefundUser == "" {
		return DefaultRefundUser
	}
	return cfg.RefundUser
}

// legacy reports whether the Config uses the SHA-1 scheme.
func (cfg Config) legacy() bool {
	switch strings.ToLower(strings.TrimSpace(cfg.HashVersion)) {
	case "v0.01", "v0.00", "legacy":
		return true
	}
	return false
}

// version returns the Version / apiversion value sent.
func (cfg Config) version() string {
	if cfg.legacy() {
		if strings.EqualFold(strings.TrimSpace(cfg.HashVersion), "v0.00") {
			return "v0.00"
		}
		return HashLegacy
	}
	return HashV512
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.TerminalID", ...). It never
// echoes a secret.
func (cfg Config) Validate() error {
	switch {
	case cfg.MerchantID == "":
		return vpos.InvalidField("Config.MerchantID", "is empty")
	case !check.Digits(cfg.MerchantID):
		return vpos.InvalidField("Config.MerchantID", "must be digits only")
	case cfg.TerminalID == "":
		return vpos.InvalidField("Config.TerminalID", "is empty")
	case !check.Digits(cfg.TerminalID) || len(cfg.TerminalID) > 9:
		return vpos.InvalidField("Config.TerminalID", "must be at most 9 digits")
	case !userName(cfg.ProvUser):
		return vpos.InvalidField("Config.ProvUser", "must be letters and digits (empty means PROVAUT)")
	case cfg.ProvPassword == "":
		return vpos.InvalidField("Config.ProvPassword", "is empty")
	case !userName(cfg.RefundUser):
		return vpos.InvalidField("Config.RefundUser", "must be letters and digits (empty means PROVRFN)")
	case cfg.RefundPassword == "":
		return vpos.InvalidField("Config.RefundPassword", "is empty")
	case cfg.StoreKey == "":
		return vpos.InvalidField("Config.StoreKey", "is empty")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.API):
		return vpos.InvalidField("Config.Endpoint.API", "must be an absolute http or https URL")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.Gate3D):
		return vpos.InvalidField("Config.Endpoint.Gate3D", "must be an absolute http or https URL")
	}
	switch strings.ToLower(strings.TrimSpace(cfg.HashVersion)) {
	case "", HashV512, "v0.01", "v0.00", "legacy":
	default:
		return vpos.InvalidField("Config.HashVersion", fmt.Sprintf("%q is not %q or %q", cfg.HashVersion, HashV512, HashLegacy))
	}
	switch cfg.Lang {
	case "", "tr", "en":
	default:
		return vpos.InvalidField("Config.Lang", fmt.Sprintf("%q is not \"tr\" or \"en\"", cfg.Lang))
	}
	if cfg.DefaultModel != "" && securityLevel(cfg.DefaultModel) == "" {
		return vpos.InvalidField("Config.DefaultModel", fmt.Sprintf("%q is not a 3-D Secure model Garanti offers (3d, 3d_pay)", string(cfg.DefaultModel)))
	}
	for _, m := range cfg.Models {
		if securityLevel(m) == "" {
			return vpos.InvalidField("Config.Models", fmt.Sprintf("%q is not a 3-D Secure model Garanti offers (3d, 3d_pay)", string(m)))
		}
	}
	if cfg.DefaultModel != "" && cfg.Models != nil && !slices.Contains(cfg.Models, cfg.DefaultModel) {
		return vpos.InvalidField("Config.DefaultModel", "is not among Config.Models")
	}
	for _, c := range cfg.Currencies {
		if c.Numeric() == 0 {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q is not a known ISO 4217 currency", string(c)))
		}
	}
	return nil
}

// userName accepts an empty name (the default) or letters and digits.
func userName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// models returns the 3-D Secure models offered, the default first.
func (cfg Config) models() []threed.Model {
	all := cfg.Models
	if all == nil {
		all = []threed.Model{threed.Model3D, threed.Model3DPay}
	}
	def := cfg.DefaultModel
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

// Provider speaks Garanti BBVA's GVP protocol to one merchant's terminal. It
// implements vpos.Provider, vpos.PreAuthorizer, vpos.Reporter (date-range
// and order history) and vpos.ThreeDSecurer; build it with New, or use Open
// for a ready Client. It is safe for concurrent use.
type Provider struct {
	cfg  Config
	tr   *vpos.Transport
	feat vpos.Features
	// provSec and refundSec are the SecurityData of the two users
	// (garanti.md §6.1), computed once.
	provSec, refundSec string
}

// Compile-time checks of the interfaces Features declares.
var (
	_ vpos.Provider      = (*Provider)(nil)
	_ vpos.PreAuthorizer = (*Provider)(nil)
	_ vpos.Reporter      = (*Provider)(nil)
	_ vpos.ThreeDSecurer = (*Provider)(nil)
)

// New validates cfg and returns a Provider whose Transport is built from
// opts (nil means defaults) and masks both passwords and the store key
// wherever they could appear in recorded traffic.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.ProvPassword, cfg.RefundPassword, cfg.StoreKey)
	if err != nil {
		return nil, err
	}
	curs := slices.Clone(cfg.Currencies)
	if curs == nil {
		curs = slices.Clone(DefaultCurrencies)
	}
	return &Provider{
		cfg:       cfg,
		tr:        tr,
		provSec:   securityData(cfg.ProvPassword, cfg.TerminalID),
		refundSec: securityData(cfg.RefundPassword, cfg.TerminalID),
		feat: vpos.Features{
			Protocol:        Protocol,
			ThreeD:          cfg.models(),
			PreAuth:         true,
			PartialCapture:  true,
			PartialRefund:   true,
			MultipleRefunds: true,
			Installments:    true,
			MaxInstallments: MaxInstallments,
			Currencies:      curs,
			History:         true, // orderlistinq (garanti.md §4, §12.5)
			OrderHistory:    true, // orderhistoryinq (garanti.md §12.4)
			MOTO:            true, // MotoInd=Y (garanti.md §3)
		},
	}, nil
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

// Features declares what Garanti offers: the 3-D Secure models of the
// Config (3d and 3d_pay by default, DefaultModel first), pre-authorisation
// with full and partial capture, full, partial and multiple refunds, up to
// 12 installments, the Config's currencies, date-range History
// (orderlistinq), OrderHistory (orderhistoryinq) and MOTO (MotoInd Y).
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}
