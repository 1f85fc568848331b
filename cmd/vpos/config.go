package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/terminals"
)

// configCheck validates a definitions file and prints its POS table with
// secrets hidden.
func configCheck(path string, stdout, stderr io.Writer) int {
	cfg, err := terminals.Load(path)
	if err != nil {
		fmt.Fprintln(stderr, "vpos config check:", err)
		return 1
	}
	printDefinitions(stdout, cfg.Masked())
	fmt.Fprintf(stdout, "\n%s: %d companies, %d POS definitions, valid\n", path, len(cfg.Companies), countPOS(cfg))
	return 0
}

func countPOS(cfg *terminals.Config) (n int) {
	for _, c := range cfg.Companies {
		n += len(c.POS)
	}
	return n
}

func printDefinitions(w io.Writer, cfg *terminals.Config) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPANY\tPOS\tBANK\tPROTOCOL\tMODE\tENVIRONMENT\tSOURCE IP\tREGISTERED IP")
	for _, c := range cfg.Companies {
		for _, p := range c.POS {
			proto, env := p.Protocol, p.Environment
			if b, ok := banks.Lookup(p.Bank); ok && proto == "" {
				proto = b.Protocol()
				if !b.Supported() {
					proto += " (not supported yet)"
				}
			}
			if len(p.URLs) > 0 {
				env = "explicit URLs"
			}
			name := p.Name
			if strings.EqualFold(c.DefaultPOS, p.Name) {
				name += " (default)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, name, p.Bank, proto, p.Mode, env, dash(p.SourceIP), dash(p.RegisteredIP))
		}
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkConnectivity is `vpos demo --config FILE`: against real banks the
// demo moves no money. It asks every POS about an order that cannot exist,
// which proves the bank answers and accepts the credentials and source IP
// (the bank says "not found") without booking anything.
func checkConnectivity(ctx context.Context, path string, base *vpos.Options, stdout, stderr io.Writer) int {
	reg, err := terminals.Open(path, &terminals.Options{Base: base})
	if err != nil {
		fmt.Fprintln(stderr, "vpos demo:", err)
		return 1
	}
	cfg := reg.Definitions()
	printDefinitions(stdout, cfg)
	fmt.Fprintln(stdout)
	var steps []step
	for _, c := range cfg.Companies {
		for _, p := range c.POS {
			s := step{bank: p.Bank, what: c.Name + "/" + p.Name + ": status of an order that does not exist", want: string(vpos.NotFound)}
			client, err := reg.Client(c.Name, p.Name)
			if errors.Is(err, banks.ErrNotSupportedYet) {
				s.got, s.ok, s.want = "not supported yet", true, "not supported yet"
				steps = append(steps, s)
				continue
			}
			if err == nil {
				_, err = client.Status(ctx, &vpos.StatusRequest{OrderID: "VPOSPING" + fmt.Sprint(len(steps))})
			}
			var ve *vpos.Error
			switch {
			case errors.As(err, &ve):
				s.got, s.reason = string(ve.Code), ve.Error()
			case err != nil:
				s.got = err.Error()
			default:
				s.got = "found"
			}
			s.ok = s.got == s.want
			steps = append(steps, s)
		}
	}
	if failed := printSteps(stdout, steps); failed > 0 {
		fmt.Fprintf(stdout, "%d POS did not answer as expected\n", failed)
		return 1
	}
	fmt.Fprintln(stdout, "every POS answered; no money was moved")
	return 0
}
