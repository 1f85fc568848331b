package main

import (
	"context"
	"net/url"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// demoBanks lists the protocols the demo runs, each against its fake bank.
var demoBanks = []demoBank{
	{name: "refpos", model: threed.Model3D, start: func(opts *vpos.Options) (*vpos.Client, fakeBank, error) {
		b := refpos.NewBank()
		m, pw, key := b.Credentials()
		c, err := refpos.Open(refpos.Config{Endpoint: b.URL(), MerchantID: m, Password: pw, StoreKey: key}, opts)
		if err != nil {
			b.Close()
			return nil, nil, err
		}
		return c, refposFake{b}, nil
	}},
}

type refposFake struct{ *refpos.Bank }

func (f refposFake) ACS(ctx context.Context, form *threed.Form, o vpostest.ACSOutcome) (url.Values, error) {
	return (&vpostest.Browser{}).RunACS(ctx, form, o)
}
