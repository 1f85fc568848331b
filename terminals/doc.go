// Package terminals loads the per-company virtual POS definitions of an
// ERP and gives each company's payments the right *vpos.Client: which
// bank, which mode, which credentials, which source IP. Definitions reload
// without restarting the process.
//
// # The definitions file
//
// A YAML file (see examples/definitions/definitions.yaml for every field
// with comments) lists companies, each with its POS definitions:
//
//	companies:
//	  - name: ACME                      # unique, case ignored
//	    default_pos: isbank-1           # optional with a single POS
//	    default_pos_by_currency:        # optional, wins over default_pos
//	      USD: garanti-usd
//	    pos:
//	      - name: isbank-1              # unique within the company
//	        bank: isbank                # banks.Lookup name: "İşbank" works too
//	        protocol: nestpay           # optional: the bank's default
//	        mode: 3d_pay                # regular, 3d, 3d_pay, 3d_host, 3d_pay_hosting
//	        environment: production     # test or production ...
//	        urls:                       # ... or explicit URLs (keys: the protocol's URL roles)
//	          api: https://...
//	          gate3d: https://...
//	        credentials:                # the protocol's fields (banks.Service.Credentials)
//	          client_id: "700655000200"
//	          user: ACMEAPI
//	          password: ${ACME_ISBANK_PASSWORD}
//	          store_key: ${ACME_ISBANK_STORE_KEY}
//	        settings:                   # optional protocol settings
//	          hash_version: ver3
//	        currencies: [TRY, USD]      # optional: all the protocol accepts
//	        max_installments: 6         # optional: 0 = the protocol's maximum
//	        source_ip: 10.0.0.5         # optional: bind outgoing connections
//	        registered_ip: 203.0.113.10 # optional: the IP the bank allow-lists
//	        description: web shop       # optional free text
//
// Unknown keys are errors (a misspelt "pasword" is caught). The Go form is
// Config, Company and POS; POS.Definition gives the banks.Definition that
// banks.Open turns into a Client.
//
// # Secrets and the environment
//
// A credential, setting, URL or IP may hold ${NAME} references, resolved
// from the environment when the file is loaded ("$${" writes a literal
// "${"). Library code never reads the environment by itself: Parse takes
// the lookup function, Options.LookupEnv injects it into a Registry, and
// only the top-level conveniences Load and Open (with no LookupEnv)
// default to os.LookupEnv.
//
// Secrets never appear in errors, in String or log output of credentials,
// or in Registry.Definitions, which masks them as "***" (or shows the
// ${NAME} they came from).
//
// # Validation
//
// Parse, Validate, New, Open, Reload and Replace check everything at once
// and return a *ValidationError listing every problem with its path and
// what is expected, for example
//
//	companies[ACME].pos[isbank-1].credentials.store_key: missing; expected the 3-D Secure store key ...
//	companies[ACME].pos[isbank-1].mode: 3d_host is not offered by Garanti BBVA with the garanti protocol; ...
//	companies[B].pos[ziraat-1].credentials.password: environment variable B_ZIRAAT_PASSWORD is not set
//
// (an entry without a name is companies[#2]; a repeated name gets its
// position too: pos[isbank-1 #3]), covering YAML errors (by line), unknown banks and protocols, modes the
// bank does not offer, missing environments, malformed or unknown URLs,
// missing or unknown credential fields for the bank's protocol, unknown
// settings and currencies, installment limits, malformed IP addresses,
// duplicate company and POS names, dangling default POS names and unset
// environment variables. A POS of a bank whose protocol is not implemented
// yet is valid: it is listed, and asking for its Client answers an error
// matching banks.ErrNotSupportedYet.
//
// # The Registry
//
// A Registry is the loaded set, safe for concurrent use: Client(company,
// pos) and Default(company, currency) give the *vpos.Client to pay with.
// Every Client shares the Store, Hooks, Logger and the rest of
// Options.Base, and is labelled with its company, POS and bank (so every
// stored record names them), its source IP and its registered IP (so a
// bank's refusal of the merchant's IP names both addresses).
//
// Reload (or Replace, from Go values) swaps in a new set atomically; a
// caller keeps the Client it got, so in-flight payments finish where they
// started, and a POS whose definition did not change keeps its Client. A
// set with any problem is refused whole and the old one stays. Watch polls
// the file and reloads it when its content changes, reporting each outcome
// to Options.OnReload and the logger.
package terminals
