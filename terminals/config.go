package terminals

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
)

// Config is the definitions file as Go values: the companies and their POS
// definitions. Parse and Load give a validated Config with its ${NAME}
// references resolved; a Config built in Go holds literal values (call
// Expand to resolve references) and is checked by Validate, New and
// Replace.
type Config struct {
	// Companies are the companies, each with its POS definitions.
	Companies []Company `yaml:"companies"`
}

// Company is one company (legal entity, branch: whatever the ERP bills
// as) with its POS definitions.
type Company struct {
	// Name identifies the company (unique, case ignored); records and logs
	// carry it as vpos.Options.Company.
	Name string `yaml:"name"`
	// DefaultPOS names the POS Default uses for any currency it accepts.
	// It may be left out when the company has a single POS.
	DefaultPOS string `yaml:"default_pos,omitempty"`
	// CurrencyDefaults names the POS Default uses for a currency, before
	// DefaultPOS (e.g. USD payments through the bank holding the USD
	// account).
	CurrencyDefaults map[vpos.Currency]string `yaml:"default_pos_by_currency,omitempty"`
	// POS are the company's POS definitions.
	POS []POS `yaml:"pos"`
}

// POS is one POS definition of a company: the file form of a
// banks.Definition (see there for the meaning of each field).
type POS struct {
	// Name identifies the POS within its company (unique, case ignored);
	// records carry it as vpos.Options.POS.
	Name string `yaml:"name"`
	// Bank is a bank of the directory: "isbank", "İşbank", "garanti", ...
	Bank string `yaml:"bank"`
	// Protocol picks one of the bank's services; empty means its default.
	Protocol string `yaml:"protocol,omitempty"`
	// Mode is regular, 3d, 3d_pay, 3d_host or 3d_pay_hosting.
	Mode banks.Mode `yaml:"mode"`
	// Environment is test or production; it may be left out when URLs are
	// given (it then means test).
	Environment string `yaml:"environment,omitempty"`
	// URLs replace the environment's URLs, keyed by URL role (api, gate3d, ...).
	URLs map[string]string `yaml:"urls,omitempty"`
	// Credentials are keyed by the bank protocol's credential field names.
	Credentials banks.Credentials `yaml:"credentials,omitempty"`
	// Settings are optional protocol settings (hash_version, lang).
	Settings map[string]string `yaml:"settings,omitempty"`
	// Currencies restrict the currencies accepted; empty means all the
	// protocol accepts.
	Currencies []vpos.Currency `yaml:"currencies,omitempty"`
	// MaxInstallments caps the installment count (0: the protocol's maximum).
	MaxInstallments int `yaml:"max_installments,omitempty"`
	// SourceIP binds outgoing connections to this local address.
	SourceIP string `yaml:"source_ip,omitempty"`
	// RegisteredIP is the IP registered at the bank, kept as information
	// for the diagnostics of IP refusals.
	RegisteredIP string `yaml:"registered_ip,omitempty"`
	// Description is free text for the back office.
	Description string `yaml:"description,omitempty"`

	// refs maps a credential to the variable it was read from, when its
	// value was exactly one ${NAME} reference (Masked shows the reference).
	refs map[string]string
}

// Definition returns the POS as a banks.Definition of company.
func (p POS) Definition(company string) banks.Definition {
	return banks.Definition{
		Company:         company,
		Name:            p.Name,
		Bank:            p.Bank,
		Protocol:        p.Protocol,
		Mode:            p.Mode,
		Environment:     p.Environment,
		URLs:            maps.Clone(p.URLs),
		Credentials:     maps.Clone(p.Credentials),
		Settings:        maps.Clone(p.Settings),
		Currencies:      slices.Clone(p.Currencies),
		MaxInstallments: p.MaxInstallments,
		SourceIP:        p.SourceIP,
		RegisteredIP:    p.RegisteredIP,
	}
}

// Clone returns a deep copy of c.
func (c *Config) Clone() *Config {
	if c == nil {
		return nil
	}
	out := &Config{Companies: slices.Clone(c.Companies)}
	for i := range out.Companies {
		co := &out.Companies[i]
		co.CurrencyDefaults = maps.Clone(co.CurrencyDefaults)
		co.POS = slices.Clone(co.POS)
		for j := range co.POS {
			p := &co.POS[j]
			p.URLs = maps.Clone(p.URLs)
			p.Credentials = maps.Clone(p.Credentials)
			p.Settings = maps.Clone(p.Settings)
			p.Currencies = slices.Clone(p.Currencies)
			p.refs = maps.Clone(p.refs)
		}
	}
	return out
}

// Masked returns a deep copy of c for display: every secret credential
// (per the bank's protocol) reads "***", or "${NAME}" when it came from
// the environment variable NAME. Public credentials (client id, merchant
// id, user names) stay readable.
func (c *Config) Masked() *Config {
	out := c.Clone()
	if out == nil {
		return nil
	}
	for i := range out.Companies {
		co := &out.Companies[i]
		for j := range co.POS {
			p := &co.POS[j]
			if p.Credentials == nil {
				continue
			}
			m := p.Definition(co.Name).Masked().Credentials
			for k, ref := range p.refs {
				if m[k] == banks.Masked {
					m[k] = "${" + ref + "}"
				}
			}
			p.Credentials = m
		}
	}
	return out
}

// Load reads and parses the definitions file at path, resolving ${NAME}
// references with os.LookupEnv. It is Parse with the process environment;
// library code that must not read the environment calls Parse.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("terminals: read definitions: %w", err)
	}
	return Parse(data, os.LookupEnv)
}

// Parse decodes a definitions file (YAML; unknown keys are errors),
// resolves its ${NAME} references through env (nil: no variable is set)
// and validates it. Its error is a *ValidationError listing every problem
// at once: YAML errors with their line, then each field at fault with its
// path ("companies[ACME].pos[isbank-1].credentials.store_key: missing;
// ..."). No secret value appears in it.
func Parse(data []byte, env func(string) (string, bool)) (*Config, error) {
	var cfg Config
	var ps []banks.Problem
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(&cfg)
	var te *yaml.TypeError
	switch {
	case errors.Is(err, io.EOF):
		return nil, &ValidationError{Problems: []banks.Problem{{Message: "the definitions file is empty; expected a companies list"}}}
	case errors.As(err, &te):
		for _, m := range te.Errors {
			ps = append(ps, yamlProblem(m))
		}
	case err != nil:
		return nil, &ValidationError{Problems: []banks.Problem{yamlProblem(strings.TrimPrefix(err.Error(), "yaml: "))}}
	}
	unresolved := cfg.expand(env)
	ps = append(ps, unresolved...)
	// A field whose reference could not be resolved is reported once, as
	// such, not again as missing or malformed.
	skip := map[string]bool{}
	for _, p := range unresolved {
		skip[p.Path] = true
	}
	for _, p := range cfg.check(true) {
		if !skip[p.Path] {
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		return nil, &ValidationError{Problems: ps}
	}
	cfg.normalize()
	return &cfg, nil
}

// normalize writes modes, environments and currencies of a valid Config in
// canonical form ("3D_PAY" → 3d_pay, "tl" → TRY, "Test" → test).
func (c *Config) normalize() {
	for i := range c.Companies {
		co := &c.Companies[i]
		if co.CurrencyDefaults != nil {
			m := make(map[vpos.Currency]string, len(co.CurrencyDefaults))
			for cur, name := range co.CurrencyDefaults {
				if n, err := vpos.ParseCurrency(string(cur)); err == nil {
					cur = n
				}
				m[cur] = name
			}
			co.CurrencyDefaults = m
		}
		for j := range co.POS {
			p := &co.POS[j]
			if m, err := banks.ParseMode(string(p.Mode)); err == nil {
				p.Mode = m
			}
			p.Environment = strings.ToLower(strings.TrimSpace(p.Environment))
			for k, cur := range p.Currencies {
				if n, err := vpos.ParseCurrency(string(cur)); err == nil {
					p.Currencies[k] = n
				}
			}
		}
	}
}

var (
	lineRe     = regexp.MustCompile(`^(line \d+): (.*)$`)
	backtickRe = regexp.MustCompile("`[^`]*`")
	typeNames  = strings.NewReplacer(
		"found in type ", "found in ",
		"[]terminals.Company", "a list of companies",
		"[]terminals.POS", "a list of POS definitions",
		"terminals.Company", "a company",
		"terminals.POS", "a POS definition",
		"terminals.Config", "the definitions file",
		"banks.Credentials", "credentials",
		"[]vpos.Currency", "a list of currencies",
		"vpos.Currency", "a currency",
		"banks.Mode", "a mode",
		"map[string]string", "a mapping",
		"map[vpos.Currency]string", "a mapping of currencies to POS names",
	)
)

// yamlProblem turns a YAML error message into a Problem whose path is its
// line, with Go type names made readable and quoted values hidden (a
// value in the wrong place may be a secret).
func yamlProblem(msg string) banks.Problem {
	msg = typeNames.Replace(backtickRe.ReplaceAllString(msg, "(value hidden)"))
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		return banks.Problem{Path: m[1], Message: m[2]}
	}
	return banks.Problem{Message: msg}
}

// Expand resolves the ${NAME} references of c's credentials, settings,
// URLs and IP addresses through env (nil: no variable is set), in place.
// "$${" stands for a literal "${". Its error is a *ValidationError naming
// every unset variable and malformed reference with its path.
func (c *Config) Expand(env func(string) (string, bool)) error {
	if ps := c.expand(env); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

func (c *Config) expand(env func(string) (string, bool)) []banks.Problem {
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	var ps []banks.Problem
	field := func(path string, v *string) string {
		out, ref, msgs := expand(*v, env)
		for _, m := range msgs {
			ps = append(ps, banks.Problem{Path: path, Message: m})
		}
		*v = out
		return ref
	}
	mapping := func(path string, m map[string]string, refs map[string]string) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			v := m[k]
			ref := field(path+"."+k, &v)
			m[k] = v
			if ref != "" && refs != nil {
				refs[k] = ref
			}
		}
	}
	_, posPaths := c.paths()
	for i := range c.Companies {
		co := &c.Companies[i]
		for j := range co.POS {
			p := &co.POS[j]
			pp := posPaths[i][j]
			p.refs = map[string]string{}
			mapping(pp+".credentials", p.Credentials, p.refs)
			mapping(pp+".settings", p.Settings, nil)
			mapping(pp+".urls", p.URLs, nil)
			field(pp+".source_ip", &p.SourceIP)
			field(pp+".registered_ip", &p.RegisteredIP)
		}
	}
	return ps
}

// expand resolves the references of s. ref is the variable name when s is
// exactly one reference. Messages never contain the value.
func expand(s string, env func(string) (string, bool)) (out, ref string, msgs []string) {
	if !strings.Contains(s, "${") {
		return s, "", nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				msgs = append(msgs, "holds an unterminated ${ reference (write $${ for a literal ${)")
				return s, "", msgs
			}
			name := s[i+2 : i+2+end]
			switch v, ok := env(name); {
			case !envName(name):
				msgs = append(msgs, "holds a malformed ${...} reference: a variable name is letters, digits and _ (write $${ for a literal ${)")
			case !ok:
				msgs = append(msgs, fmt.Sprintf("environment variable %s is not set", name))
			default:
				b.WriteString(v)
			}
			if i == 0 && 2+end+1 == len(s) {
				ref = name
			}
			i += 2 + end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), ref, msgs
}

func envName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Validate checks every company and POS definition at once and returns a
// *ValidationError listing every problem with its path, or nil. It does
// not build Clients: New and Replace also report what only building finds
// (a source IP combined with a custom HTTP client).
func (c *Config) Validate() error {
	if ps := c.check(false); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

// key is the case-insensitive lookup key of a company or POS name.
func key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// paths returns the path of every company and POS of c:
// "companies[ACME]" and "companies[ACME].pos[isbank-1]"; an entry without
// a name is "companies[#2]", and a later entry with the name of an earlier
// one gets its position too ("pos[isbank-1 #3]"), so that every path
// names one entry.
func (c *Config) paths() (companies []string, pos [][]string) {
	name := func(n string, i int, seen map[string]bool) string {
		k := key(n)
		switch {
		case k == "":
			return fmt.Sprintf("#%d", i+1)
		case seen[k]:
			return fmt.Sprintf("%s #%d", n, i+1)
		}
		seen[k] = true
		return n
	}
	seenCo := map[string]bool{}
	companies = make([]string, len(c.Companies))
	pos = make([][]string, len(c.Companies))
	for i, co := range c.Companies {
		companies[i] = "companies[" + name(co.Name, i, seenCo) + "]"
		seenPOS := map[string]bool{}
		pos[i] = make([]string, len(co.POS))
		for j, p := range co.POS {
			pos[i][j] = companies[i] + ".pos[" + name(p.Name, j, seenPOS) + "]"
		}
	}
	return companies, pos
}

// check lists every problem of c. expanded says the references were
// resolved (so an empty credential may be an empty variable).
func (c *Config) check(expanded bool) []banks.Problem {
	var ps []banks.Problem
	add := func(path, format string, args ...any) {
		ps = append(ps, banks.Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if len(c.Companies) == 0 {
		add("companies", "no company is defined; expected a list of companies with their POS definitions")
	}
	companies := map[string]string{}
	coPaths, posPaths := c.paths()
	for i, co := range c.Companies {
		cp := coPaths[i]
		checkName(cp+".name", co.Name, "company", add)
		if k := key(co.Name); k != "" {
			if first, dup := companies[k]; dup {
				add(cp+".name", "duplicate company name (also %s); company names must be unique, case ignored", first)
			} else {
				companies[k] = cp
			}
		}
		if len(co.POS) == 0 {
			add(cp+".pos", "no POS is defined; expected a list of POS definitions")
		}
		names := map[string]POS{}
		firstPath := map[string]string{}
		var list []string
		for j, p := range co.POS {
			pp := posPaths[i][j]
			checkName(pp+".name", p.Name, "POS", add)
			if k := key(p.Name); k != "" {
				if _, dup := names[k]; dup {
					add(pp+".name", "duplicate POS name (also %s); POS names must be unique within a company, case ignored", firstPath[k])
				} else {
					names[k] = p
					firstPath[k] = pp
					list = append(list, p.Name)
				}
			}
			for _, pr := range banks.Check(p.Definition(co.Name)) {
				msg := pr.Message
				if ref, ok := p.refs[strings.TrimPrefix(pr.Path, "credentials.")]; ok && expanded && strings.HasPrefix(msg, "missing") {
					msg += " (environment variable " + ref + " is empty)"
				}
				add(pp+"."+pr.Path, "%s", msg)
			}
		}
		if d := co.DefaultPOS; d != "" {
			if _, ok := names[key(d)]; !ok {
				add(cp+".default_pos", "%q is not a POS of %s; expected one of: %s", d, co.Name, strings.Join(list, ", "))
			}
		}
		for _, cur := range slices.Sorted(maps.Keys(co.CurrencyDefaults)) {
			path := cp + ".default_pos_by_currency." + string(cur)
			c, err := vpos.ParseCurrency(string(cur))
			if err != nil {
				add(path, "%q is not a currency the library knows; expected an ISO 4217 code such as TRY, USD or EUR", string(cur))
				continue
			}
			name := co.CurrencyDefaults[cur]
			p, ok := names[key(name)]
			if !ok {
				add(path, "%q is not a POS of %s; expected one of: %s", name, co.Name, strings.Join(list, ", "))
				continue
			}
			if len(p.Currencies) > 0 && !slices.ContainsFunc(p.Currencies, func(x vpos.Currency) bool {
				y, err := vpos.ParseCurrency(string(x))
				return err == nil && y == c
			}) {
				add(path, "POS %s does not accept %s (its currencies: %s)", p.Name, c, joinCurrencies(p.Currencies))
			}
		}
	}
	return ps
}

func checkName(path, name, what string, add func(string, string, ...any)) {
	switch {
	case strings.TrimSpace(name) == "":
		add(path, "missing; every %s needs a name", what)
	case name != strings.TrimSpace(name):
		add(path, "%q has leading or trailing spaces", name)
	case strings.ContainsAny(name, "[]") || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		add(path, "%q holds brackets or control characters", name)
	}
}

func joinCurrencies(cs []vpos.Currency) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
