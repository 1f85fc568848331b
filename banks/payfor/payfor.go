package payfor

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/check"
	"github.com/sanalpos/vpos/threed"
)

// Protocol is the protocol name the provider declares in Features.
const Protocol = "payfor"

// MaxInstallments is the largest InstallmentCount sent.
const MaxInstallments = 12

// MaxAmount is the largest amount PayFor accepts in one payment, in minor
// units: 200,000.00 (payfor.md §2 and §7, M019 "amount must be
// 0.01–200,000"). The Client refuses larger amounts without a request.
const MaxAmount vpos.Amount = 200_000_00

// MaxOrderIDLength is the longest OrderId PayFor accepts (payfor.md §2).
const MaxOrderIDLength = 50

// DefaultCurrencies returns the currencies a Config without Currencies
// accepts: those payfor.md §2 names (TRY 949, USD 840, EUR 978, GBP 826).
func DefaultCurrencies() []vpos.Currency {
	return []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP}
}

// Config holds one merchant's PayFor credentials and endpoint (payfor.md
// §2). The zero values of the optional fields mean: the endpoint's
// institution code (else "5"), Turkish bank pages, the 3d model as the
// default, every 3-D Secure model the endpoint offers, DefaultCurrencies().
type Config struct {
	// MbrID is the institution code (MbrId): "5" QNB Finansbank, "12"
	// Ziraat Katılım. Empty means Endpoint.MbrID, and "5" when that is
	// empty too.
	MbrID string
	// MerchantID is the merchant number (MerchantId), e.g.
	// "085300000009704".
	MerchantID string
	// UserCode is the API user (UserCode), e.g. "QNB_API_KULLANICI_3DPAY".
	// It is also sent in the 3-D Secure form and is part of the callback
	// signature.
	UserCode string
	// UserPass is the API user's password (UserPass). It is sent in
	// server-to-server requests only, never in a 3-D Secure form, and is
	// masked everywhere.
	UserPass string
	// MerchantPass is the 3-D Secure store key (MerchantPass). It is never
	// sent; it only keys the form hash and the callback's ResponseHash
	// (payfor.md §6). Required when a 3-D Secure model is offered.
	MerchantPass string
	// Endpoint is the bank's service: QNBFinansbankTest, QNBFinansbankProd,
	// ZiraatKatilimTest, ZiraatKatilimProd, or explicit URLs.
	Endpoint Endpoint
	// Lang is the language of the bank's pages and messages, "tr"
	// (default) or "en" (any case); a ThreeDRequest's Lang overrides it.
	Lang string
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies().
	Currencies []vpos.Currency
	// DefaultModel is the 3-D Secure model of a ThreeDRequest that names
	// none; empty means threed.Model3D.
	DefaultModel threed.Model
	// Models restricts the 3-D Secure models offered (those the bank
	// enabled for the merchant): threed.Model3D (3DModel),
	// threed.Model3DPay (3DPay) and threed.Model3DHost (3DHost). nil means
	// all three (3d_host only when the endpoint has a HostedGate3D); an
	// empty, non-nil slice offers none.
	Models []threed.Model
}

// String describes the Config without its secrets: UserPass and
// MerchantPass are masked.
func (cfg Config) String() string {
	return fmt.Sprintf("payfor.Config{MbrID:%s MerchantID:%s UserCode:%s UserPass:%s MerchantPass:%s API:%s Gate3D:%s}",
		cfg.mbrID(), cfg.MerchantID, cfg.UserCode, check.Mask(cfg.UserPass), check.Mask(cfg.MerchantPass),
		cfg.Endpoint.API, cfg.Endpoint.Gate3D)
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the secrets are masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("mbr_id", cfg.mbrID()), slog.String("merchant_id", cfg.MerchantID),
		slog.String("user_code", cfg.UserCode), slog.String("user_pass", check.Mask(cfg.UserPass)),
		slog.String("merchant_pass", check.Mask(cfg.MerchantPass)),
		slog.String("api", cfg.Endpoint.API), slog.String("gate3d", cfg.Endpoint.Gate3D))
}

// mbrID returns the institution code sent.
func (cfg Config) mbrID() string {
	switch {
	case cfg.MbrID != "":
		return cfg.MbrID
	case cfg.Endpoint.MbrID != "":
		return cfg.Endpoint.MbrID
	}
	return MbrQNBFinansbank
}

// lang returns the Lang sent for a request that asks for want: "tr" or
// "en", the lower-case form mewebstudio/pos sends (payfor.md §2 has seen
// both cases accepted).
func (cfg Config) lang(want string) string {
	for _, l := range []string{want, cfg.Lang} {
		switch l = strings.ToLower(strings.TrimSpace(l)); l {
		case "tr", "en":
			return l
		}
	}
	return "tr"
}

// payforModels are the 3-D Secure models PayFor has (payfor.md §5), with
// their SecureType.
var payforModels = map[threed.Model]string{
	threed.Model3D:     secure3DModel,
	threed.Model3DPay:  secure3DPay,
	threed.Model3DHost: secure3DHost,
}

// models returns the 3-D Secure models offered, the default first.
func (cfg Config) models() []threed.Model {
	all := cfg.Models
	if all == nil {
		all = []threed.Model{threed.Model3D, threed.Model3DPay}
		if cfg.Endpoint.HostedGate3D != "" {
			all = append(all, threed.Model3DHost)
		}
	}
	def := cfg.DefaultModel
	if def == "" {
		def = threed.Model3D
	}
	return threed.DefaultFirst(all, def)
}

// xmlUnsafe are the characters refused in identifiers that travel in XML
// and in hashes.
const xmlUnsafe = " \t\r\n<>&\"'"

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.UserPass", ...). It never
// echoes a secret.
func (cfg Config) Validate() error {
	switch {
	case cfg.MbrID != "" && (!check.Digits(cfg.MbrID) || len(cfg.MbrID) > 4):
		return vpos.InvalidField("Config.MbrID", "must be the institution code: up to 4 digits (5 QNB Finansbank, 12 Ziraat Katılım)")
	case cfg.Endpoint.MbrID != "" && (!check.Digits(cfg.Endpoint.MbrID) || len(cfg.Endpoint.MbrID) > 4):
		return vpos.InvalidField("Config.Endpoint.MbrID", "must be up to 4 digits")
	case strings.TrimSpace(cfg.MerchantID) == "":
		return vpos.InvalidField("Config.MerchantID", "is empty")
	case strings.ContainsAny(cfg.MerchantID, xmlUnsafe) || !check.Printable(cfg.MerchantID):
		return vpos.InvalidField("Config.MerchantID", "holds spaces, XML special or non-ASCII characters")
	case strings.TrimSpace(cfg.UserCode) == "":
		return vpos.InvalidField("Config.UserCode", "is empty")
	case strings.ContainsAny(cfg.UserCode, xmlUnsafe) || !check.Printable(cfg.UserCode):
		return vpos.InvalidField("Config.UserCode", "holds spaces, XML special or non-ASCII characters")
	case cfg.UserPass == "":
		return vpos.InvalidField("Config.UserPass", "is empty")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.API):
		return vpos.InvalidField("Config.Endpoint.API", "must be an absolute http or https URL")
	case cfg.Endpoint.Gate3D != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.Gate3D):
		return vpos.InvalidField("Config.Endpoint.Gate3D", "must be empty or an absolute http or https URL")
	case cfg.Endpoint.HostedGate3D != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.HostedGate3D):
		return vpos.InvalidField("Config.Endpoint.HostedGate3D", "must be empty or an absolute http or https URL")
	}
	switch strings.ToLower(strings.TrimSpace(cfg.Lang)) {
	case "", "tr", "en":
	default:
		return vpos.InvalidField("Config.Lang", fmt.Sprintf("%q is not \"tr\" or \"en\"", cfg.Lang))
	}
	if cfg.DefaultModel != "" && payforModels[cfg.DefaultModel] == "" {
		return vpos.InvalidField("Config.DefaultModel", fmt.Sprintf("%q is not a 3-D Secure model PayFor offers (3d, 3d_pay, 3d_host)", string(cfg.DefaultModel)))
	}
	for _, m := range cfg.Models {
		if payforModels[m] == "" {
			return vpos.InvalidField("Config.Models", fmt.Sprintf("%q is not a 3-D Secure model PayFor offers (3d, 3d_pay, 3d_host)", string(m)))
		}
	}
	if cfg.DefaultModel != "" && cfg.Models != nil && !slices.Contains(cfg.Models, cfg.DefaultModel) {
		return vpos.InvalidField("Config.DefaultModel", "is not among Config.Models")
	}
	ms := cfg.models()
	switch {
	case cfg.Models == nil && cfg.DefaultModel == threed.Model3DHost && cfg.Endpoint.HostedGate3D == "",
		slices.Contains(ms, threed.Model3DHost) && cfg.Endpoint.HostedGate3D == "":
		return vpos.InvalidField("Config.Endpoint.HostedGate3D", "is empty, but the 3d_host model is offered")
	case (slices.Contains(ms, threed.Model3D) || slices.Contains(ms, threed.Model3DPay)) && cfg.Endpoint.Gate3D == "":
		return vpos.InvalidField("Config.Endpoint.Gate3D", "is empty, but the 3d or 3d_pay model is offered")
	case len(ms) > 0 && cfg.MerchantPass == "":
		return vpos.InvalidField("Config.MerchantPass", "is empty, but 3-D Secure is offered (it keys the form and callback hashes)")
	}
	for _, c := range cfg.Currencies {
		if c.Numeric() == 0 {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q is not a known ISO 4217 currency", string(c)))
		}
	}
	return nil
}

// Provider speaks PayFor to one merchant's bank. It implements
// vpos.Provider, vpos.PreAuthorizer, vpos.Reporter, vpos.ThreeDSecurer and
// vpos.CallbackBinder; build it with New, or use Open for a ready Client.
// It is safe for concurrent use.
type Provider struct {
	cfg  Config
	tr   *vpos.Transport
	feat vpos.Features
	// rnd returns the Rnd of a 3-D Secure form (tests fix it).
	rnd func() string
}

// Compile-time checks of the interfaces Features declares.
var (
	_ vpos.Provider       = (*Provider)(nil)
	_ vpos.PreAuthorizer  = (*Provider)(nil)
	_ vpos.Reporter       = (*Provider)(nil)
	_ vpos.ThreeDSecurer  = (*Provider)(nil)
	_ vpos.CallbackBinder = (*Provider)(nil)
)

// New validates cfg and returns a Provider whose Transport is built from
// opts (nil means defaults) and masks UserPass and MerchantPass wherever
// they could appear in recorded traffic.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.UserPass, cfg.MerchantPass)
	if err != nil {
		return nil, err
	}
	curs := slices.Clone(cfg.Currencies)
	if curs == nil {
		curs = DefaultCurrencies()
	}
	return &Provider{cfg: cfg, tr: tr, rnd: rand.Text, feat: vpos.Features{
		Protocol: Protocol,
		ThreeD:   cfg.models(),
		PreAuth:  true,
		// PostAuth names the amount it takes (payfor.md §3, §12.6).
		PartialCapture: true,
		// Refund names its amount; the bank refuses more than what is
		// left with V015 (payfor.md §3, §12.6).
		PartialRefund:   true,
		MultipleRefunds: true,
		Installments:    true,
		MaxInstallments: MaxInstallments,
		Currencies:      curs,
		// TxnHistory by ReqDate (a day) and by OrderId (payfor.md §3,
		// §12.5).
		History:      true,
		OrderHistory: true,
		// The MOTO field: 1 = mail/telephone order (payfor.md §2).
		MOTO:      true,
		MaxAmount: MaxAmount,
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

// Features declares what PayFor offers: the 3-D Secure models of the
// Config (3d, 3d_pay and 3d_host by default, DefaultModel first),
// pre-authorisation with full and partial capture, full, partial and
// multiple refunds, up to 12 installments, the Config's currencies, MOTO,
// date-range History and OrderHistory (TxnHistory), and amounts up to
// MaxAmount.
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}
