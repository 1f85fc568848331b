package banks

import (
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnetv1"
	"github.com/sanalpos/vpos/threed"
)

// ErrNotSupportedYet matches (errors.Is) the error Open returns for a bank
// whose protocol the library does not implement yet. The error itself is a
// *NotSupportedError naming the bank and the protocol.
var ErrNotSupportedYet = errors.New("banks: protocol not supported yet")

// NotSupportedError is Open's answer for a bank whose protocol is listed
// in the directory but not implemented yet.
type NotSupportedError struct {
	// Bank and DisplayName name the bank ("ziraatkatilim", "Ziraat Katılım").
	Bank, DisplayName string
	// Protocol is the protocol the definition uses ("payfor").
	Protocol string
}

// Error returns "banks: Ziraat Katılım (ziraatkatilim) uses the payfor
// protocol, which is not supported yet".
func (e *NotSupportedError) Error() string {
	return fmt.Sprintf("banks: %s (%s) uses the %s protocol, which is not supported yet", e.DisplayName, e.Bank, e.Protocol)
}

// Is reports whether target is ErrNotSupportedYet.
func (e *NotSupportedError) Is(target error) bool { return target == ErrNotSupportedYet }

// Open checks def and builds a Client for it. opts (nil means defaults) is
// copied, and the copy gets Company and POS from def (when set), Bank from
// the directory's stable bank name, and SourceIP and RegisteredIP from def
// (when set); Store, Hooks, Logger, Clock, HTTPClient and the rest are
// shared as given. A non-zero MaxInstallments caps the installments the
// Client accepts.
//
// Open answers a *NotSupportedError (errors.Is ErrNotSupportedYet) for a
// bank whose protocol is not implemented yet, a *ValidationError listing
// every problem Check finds, and the protocol's error when it cannot build
// its provider (a SourceIP combined with a custom HTTPClient, ...). It does
// no I/O.
func Open(def Definition, opts *vpos.Options) (*vpos.Client, error) {
	if b, ok := Lookup(def.Bank); ok {
		if s, ok := b.Service(def.Protocol); ok && !s.Supported {
			return nil, &NotSupportedError{Bank: b.Name, DisplayName: b.DisplayName, Protocol: s.Protocol}
		}
	}
	if err := def.Validate(); err != nil {
		return nil, err
	}
	b, _ := Lookup(def.Bank)
	s, _ := b.Service(def.Protocol)
	d := def.normalized()
	o := clientOptions(d, b, opts)
	p, err := adapters[s.Protocol].config(d, b, s).provider(&o)
	if err != nil {
		return nil, fmt.Errorf("banks: open %s: %w", b.Name, err)
	}
	if d.MaxInstallments > 0 {
		p = limitInstallments(p, d.MaxInstallments)
	}
	return vpos.NewClient(p, &o), nil
}

// clientOptions copies opts and labels the copy with the definition.
func clientOptions(d Definition, b Bank, opts *vpos.Options) vpos.Options {
	var o vpos.Options
	if opts != nil {
		o = *opts
	}
	if d.Company != "" {
		o.Company = d.Company
	}
	if d.Name != "" {
		o.POS = d.Name
	}
	o.Bank = b.Name
	if d.SourceIP != "" {
		o.SourceIP = d.SourceIP
	}
	if d.RegisteredIP != "" {
		o.RegisteredIP = d.RegisteredIP
	}
	return o
}

// protocolConfig is an implemented protocol's Config with a way to build
// its provider.
type protocolConfig interface {
	Validate() error
	provider(o *vpos.Options) (vpos.Provider, error)
}

// adapter maps definitions onto one implemented protocol.
type adapter struct {
	// config builds the protocol's Config from a normalised definition.
	config func(d Definition, b Bank, s Service) protocolConfig
	// paths maps the Config's field names (vpos.Error.Field) to the
	// definition's paths.
	paths map[string]string
}

// adapters holds every implemented protocol; Service.Supported is true
// exactly for these.
var adapters = map[string]adapter{
	nestpay.Protocol: {config: nestpayConfig, paths: map[string]string{
		"Config.ClientID":              "credentials.client_id",
		"Config.User":                  "credentials.user",
		"Config.Password":              "credentials.password",
		"Config.StoreKey":              "credentials.store_key",
		"Config.Endpoint.API":          "urls.api",
		"Config.Endpoint.Gate3D":       "urls.gate3d",
		"Config.Endpoint.HostedGate3D": "urls.hosted_gate3d",
		"Config.HashVersion":           "settings.hash_version",
		"Config.Lang":                  "settings.lang",
		"Config.StoreType":             "mode",
		"Config.Models":                "mode",
		"Config.Currencies":            "currencies",
	}},
	garanti.Protocol: {config: garantiConfig, paths: map[string]string{
		"Config.MerchantID":      "credentials.merchant_id",
		"Config.TerminalID":      "credentials.terminal_id",
		"Config.ProvUser":        "credentials.prov_user",
		"Config.ProvPassword":    "credentials.prov_password",
		"Config.RefundUser":      "credentials.refund_user",
		"Config.RefundPassword":  "credentials.refund_password",
		"Config.StoreKey":        "credentials.store_key",
		"Config.Endpoint.API":    "urls.api",
		"Config.Endpoint.Gate3D": "urls.gate3d",
		"Config.HashVersion":     "settings.hash_version",
		"Config.Lang":            "settings.lang",
		"Config.DefaultModel":    "mode",
		"Config.Models":          "mode",
		"Config.Currencies":      "currencies",
	}},
	posnet.Protocol: {config: posnetConfig, paths: map[string]string{
		"Config.MerchantID":      "credentials.merchant_id",
		"Config.TerminalID":      "credentials.terminal_id",
		"Config.PosnetID":        "credentials.posnet_id",
		"Config.EncKey":          "credentials.enc_key",
		"Config.Endpoint.API":    "urls.api",
		"Config.Endpoint.Gate3D": "urls.gate3d",
		"Config.Lang":            "settings.lang",
		"Config.Currencies":      "currencies",
	}},
	posnetv1.Protocol: {config: posnetV1Config, paths: map[string]string{
		"Config.MerchantNo":      "credentials.merchant_id",
		"Config.TerminalNo":      "credentials.terminal_id",
		"Config.PosnetID":        "credentials.posnet_id",
		"Config.EncKey":          "credentials.enc_key",
		"Config.Endpoint.API":    "urls.api",
		"Config.Endpoint.Gate3D": "urls.gate3d",
		"Config.Currencies":      "currencies",
	}},
	payfor.Protocol: {config: payforConfig, paths: map[string]string{
		"Config.MbrID":                 "credentials.mbr_id",
		"Config.MerchantID":            "credentials.merchant_id",
		"Config.UserCode":              "credentials.user_code",
		"Config.UserPass":              "credentials.user_password",
		"Config.MerchantPass":          "credentials.merchant_pass",
		"Config.Endpoint.API":          "urls.api",
		"Config.Endpoint.Gate3D":       "urls.gate3d",
		"Config.Endpoint.HostedGate3D": "urls.hosted_gate3d",
		"Config.Lang":                  "settings.lang",
		"Config.DefaultModel":          "mode",
		"Config.Models":                "mode",
		"Config.Currencies":            "currencies",
	}},
	payflex.Protocol: {config: payflexConfig, paths: map[string]string{
		"Config.MerchantID":          "credentials.merchant_id",
		"Config.Password":            "credentials.password",
		"Config.TerminalNo":          "credentials.terminal_no",
		"Config.MerchantType":        "credentials.merchant_type",
		"Config.SubMerchantID":       "credentials.sub_merchant_id",
		"Config.Endpoint.VPOS":       "urls.api",
		"Config.Endpoint.MPI":        "urls.mpi",
		"Config.Endpoint.Search":     "urls.search",
		"Config.Endpoint.CPRegister": "urls.common_payment",
		"Config.Currencies":          "currencies",
	}},
}

// dryRun builds the protocol's Config and records what its Validate says,
// under the definition's path for the field.
func dryRun(d Definition, b Bank, s Service, ps *problems) {
	a, ok := adapters[s.Protocol]
	if !ok {
		return
	}
	err := a.config(d.normalized(), b, s).Validate()
	if err == nil {
		return
	}
	var e *vpos.Error
	if errors.As(err, &e) {
		path, ok := a.paths[e.Field]
		if !ok {
			path = e.Field
		}
		ps.add(path, "%s", e.Msg)
		return
	}
	ps.add("", "%s", err.Error())
}

// models returns the default 3-D Secure model and the models of a mode:
// regular offers none (a non-nil empty list); a 3-D Secure mode is the
// default and leaves the protocol's models (nil).
func models(m Mode) (threed.Model, []threed.Model) {
	if m == ModeRegular {
		return "", []threed.Model{}
	}
	return m.Model(), nil
}

type nestpayConfigValue struct{ nestpay.Config }

func (c nestpayConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return nestpay.New(c.Config, o)
}

func nestpayConfig(d Definition, b Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	def, ms := models(d.Mode)
	return nestpayConfigValue{nestpay.Config{
		ClientID: d.Credentials["client_id"],
		User:     d.Credentials["user"],
		Password: d.Credentials["password"],
		StoreKey: d.Credentials["store_key"],
		Endpoint: nestpay.Endpoint{
			Bank: b.Name, Test: test,
			API: urls["api"], Gate3D: urls["gate3d"], HostedGate3D: urls["hosted_gate3d"],
		},
		HashVersion: d.Settings["hash_version"],
		Lang:        d.Settings["lang"],
		StoreType:   def,
		Models:      ms,
		Currencies:  d.Currencies,
	}}
}

type garantiConfigValue struct{ garanti.Config }

func (c garantiConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return garanti.New(c.Config, o)
}

func garantiConfig(d Definition, _ Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	def, ms := models(d.Mode)
	return garantiConfigValue{garanti.Config{
		MerchantID:     d.Credentials["merchant_id"],
		TerminalID:     d.Credentials["terminal_id"],
		ProvUser:       d.Credentials["prov_user"],
		ProvPassword:   d.Credentials["prov_password"],
		RefundUser:     d.Credentials["refund_user"],
		RefundPassword: d.Credentials["refund_password"],
		StoreKey:       d.Credentials["store_key"],
		Endpoint:       garanti.Endpoint{Test: test, API: urls["api"], Gate3D: urls["gate3d"]},
		HashVersion:    d.Settings["hash_version"],
		Lang:           d.Settings["lang"],
		DefaultModel:   def,
		Models:         ms,
		Currencies:     d.Currencies,
	}}
}

type posnetConfigValue struct{ posnet.Config }

func (c posnetConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return posnet.New(c.Config, o)
}

// posnetConfig maps a definition onto posnet.Config. POSNET offers the 3d
// model only, so the mode chooses between it and regular payments at the
// application's side.
func posnetConfig(d Definition, _ Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	return posnetConfigValue{posnet.Config{
		MerchantID: d.Credentials["merchant_id"],
		TerminalID: d.Credentials["terminal_id"],
		PosnetID:   d.Credentials["posnet_id"],
		EncKey:     d.Credentials["enc_key"],
		Endpoint:   posnet.Endpoint{Test: test, API: urls["api"], Gate3D: urls["gate3d"]},
		Lang:       d.Settings["lang"],
		Currencies: d.Currencies,
	}}
}

type payflexConfigValue struct{ payflex.Config }

func (c payflexConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return payflex.New(c.Config, o)
}

func payflexConfig(d Definition, _ Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	return payflexConfigValue{payflex.Config{
		MerchantID:    d.Credentials["merchant_id"],
		Password:      d.Credentials["password"],
		TerminalNo:    d.Credentials["terminal_no"],
		MerchantType:  d.Credentials["merchant_type"],
		SubMerchantID: d.Credentials["sub_merchant_id"],
		Endpoint: payflex.Endpoint{Test: test, VPOS: urls["api"], MPI: urls["mpi"],
			Search: urls["search"], CPRegister: urls["common_payment"]},
		Currencies: d.Currencies,
	}}
}

type payforConfigValue struct{ payfor.Config }

func (c payforConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return payfor.New(c.Config, o)
}

// payforConfig maps a PayFor definition: MbrId from credentials.mbr_id,
// else the service's default (5 QNB Finansbank, 12 Ziraat Katılım).
func payforConfig(d Definition, _ Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	mbr := d.Credentials["mbr_id"]
	if mbr == "" {
		for _, f := range s.Credentials {
			if f.Name == "mbr_id" {
				mbr = f.Default
			}
		}
	}
	return payforConfigValue{payfor.Config{
		MbrID:        mbr,
		MerchantID:   d.Credentials["merchant_id"],
		UserCode:     d.Credentials["user_code"],
		UserPass:     d.Credentials["user_password"],
		MerchantPass: d.Credentials["merchant_pass"],
		Endpoint:     payfor.Endpoint{Test: test, API: urls["api"], Gate3D: urls["gate3d"], HostedGate3D: urls["hosted_gate3d"]},
		Lang:         d.Settings["lang"],
		Currencies:   d.Currencies,
	}}
}

type posnetV1ConfigValue struct{ posnetv1.Config }

func (c posnetV1ConfigValue) provider(o *vpos.Options) (vpos.Provider, error) {
	return posnetv1.New(c.Config, o)
}

func posnetV1Config(d Definition, _ Bank, s Service) protocolConfig {
	urls, test := d.endpoint(s)
	return posnetV1ConfigValue{posnetv1.Config{
		MerchantNo: d.Credentials["merchant_id"],
		TerminalNo: d.Credentials["terminal_id"],
		PosnetID:   d.Credentials["posnet_id"],
		EncKey:     d.Credentials["enc_key"],
		Endpoint:   posnetv1.Endpoint{Test: test, API: urls["api"], Gate3D: urls["gate3d"]},
		Currencies: d.Currencies,
	}}
}
